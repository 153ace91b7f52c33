import Foundation
import Testing

@testable import PlantarInput
@testable import PlantarSignal

/// `ExerciseAnalysis.handle` takes short paths for its most common samples (a hold detector with nothing to report,
/// off the board and still off, the circle detector's samples); `handleFully` is the one path every sample can take.
/// Over real and simulated recordings, for each of the five exercises, an analysis fed through `handle` and one fed
/// through `handleFully` emit the same events at the same samples, and every few samples (and at the end) hold the
/// same state, every stored value the same down to its last bit: a difference either path leaves behind shows.
@Suite struct AnalysisShortPathTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// Board and pad recordings: quiet holds, step-offs, noise, light loads, low rates, a real board.
    static let recordings = [
        "toe-presses-55kg-100hz.evemu", "foot-flexes-seated-3kg-8hz-noisy.evemu",
        "pencil-pickups-reposition-90kg-25hz-noisy.evemu", "ankle-circles-reposition-45kg-20hz-noisy.evemu",
        "pencil-pickups-60kg-pad16.evemu", "routine-full-70kg.evemu",
    ]

    /// Every stored value of a state, Doubles by their bits (so that NaN equals NaN and -0.0 differs from 0.0). The
    /// remembered filter steps (`IntervalMemo`) are a cache of `exp`'s own values, tested on their own: left out.
    static func bits(_ value: Any) -> String {
        if let d = value as? Double { return "0x" + String(d.bitPattern, radix: 16) }
        if value is IntervalMemo { return "memo" }
        let m = Mirror(reflecting: value)
        if m.children.isEmpty { return String(reflecting: value) }
        let parts = m.children.map { ($0.label ?? "") + ":" + bits($0.value) }
        return "\(m.subjectType)(" + parts.joined(separator: ",") + ")"
    }

    @Test(arguments: recordings)
    func theShortPathsLeaveWhatTheFullPathLeaves(_ name: String) throws {
        let source = try RecordingSource(path: Self.fixtures + "/" + name)
        var stage = source.signalStage()
        var samples: [Sample] = []
        while let f = try source.nextFrame() { samples.append(stage.sample(of: f)) }
        #expect(samples.count > 300)
        for kind in ExerciseKind.allCases {
            var short = ExerciseAnalysis(settings: kind.defaultSettings)
            var full = short
            var events = 0
            for (i, s) in samples.enumerated() {
                var shortEvents: [DetectorEvent] = []
                var fullEvents: [DetectorEvent] = []
                short.handle(s) { shortEvents.append($0) }
                full.handleFully(s) { fullEvents.append($0) }
                #expect(shortEvents == fullEvents, "\(name) \(kind) sample \(i)")
                events += fullEvents.count
                guard i % 16 == 0 || i == samples.count - 1 else { continue }
                let (a, b) = (Self.bits(short), Self.bits(full))
                #expect(a == b, "\(name) \(kind) after sample \(i)")
                if a != b || shortEvents != fullEvents { return }
            }
            // The exercise was found in the recording: the comparison covered reps, not only an empty board.
            if name.hasPrefix(kind.rawValue) { #expect(events > 0, "\(name) \(kind)") }
        }
    }
}
