import Foundation
import PlantarSpeech
import PlantarSupport
import Testing

/// Root mean square of 16-bit samples.
func rms(_ samples: [Int16]) -> Double {
    guard !samples.isEmpty else { return 0 }
    return (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
}

@Suite struct EspeakTests {
    @Test func holdIsRenderedAsSpeechNotSilence() throws {
        let espeak = try Espeak(mode: .render, voice: "en")
        let samples = try espeak.render("Hold.")
        let seconds = Double(samples.count) / Double(espeak.sampleRate)
        #expect(espeak.sampleRate == 22050)
        #expect(seconds > 0.2 && seconds < 2, "\(seconds) s")
        #expect(rms(samples) > 500, "RMS \(rms(samples))")
        // A longer text takes longer to say.
        let longer = try espeak.render("Rest. Next: toe presses.")
        #expect(longer.count > samples.count)
    }

    @Test func anUnknownVoiceIsRefusedByName() {
        #expect(throws: SpeechError.noVoice("xx-nonexistent")) { try Espeak(mode: .render, voice: "xx-nonexistent") }
    }

    @Test func aWAVFileReadsBackToItsSamples() {
        let samples: [Int16] = [0, 1000, -1000, 32767, -32768]
        let decoded = WAV.decode(WAV.encode(samples, sampleRate: 22050))
        #expect(decoded?.samples == samples)
        #expect(decoded?.sampleRate == 22050)
    }
}
