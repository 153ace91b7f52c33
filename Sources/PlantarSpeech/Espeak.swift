import CEspeakNG
import Foundation
import PlantarSupport
import Synchronization

/// Why speech is not available: the session then goes on without it. (A voice that does not exist is a usage
/// error, `PlantarError.usage`.)
public enum SpeechError: Error, CustomStringConvertible, Equatable {
    /// espeak-ng could not start (its data missing, or no audio output for playback).
    case unavailable(String)
    /// espeak-ng failed on a text.
    case synthesis(String)

    public var description: String {
        switch self {
        case .unavailable(let why): return "speech is not available: \(why)"
        case .synthesis(let why): return "speech synthesis failed: \(why)"
        }
    }

    /// The error for a voice name espeak-ng does not have.
    public static func noVoice(_ name: String) -> PlantarError {
        .usage("no espeak-ng voice \"\(name)\" (`espeak-ng --voices` lists them, e.g. en, en-gb, de, fr)")
    }
}

/// espeak-ng through its C library. espeak-ng keeps one global synthesizer per process, so there is one `Espeak`
/// per process, in one mode: `render` (synchronous, samples to a buffer: for WAV files) or `play` (the sound card,
/// blocking until said: for the speech worker). Every call is serialized.
public final class Espeak: SpeechOutput, @unchecked Sendable {
    public enum Mode: Sendable, Equatable {
        case render
        case play
    }

    public let mode: Mode
    public let voice: String
    /// Samples per second of what `render` returns (mono, 16-bit).
    public let sampleRate: Int
    /// espeak-ng is one synthesizer per process: every call goes through this lock, with the voice of the caller.
    private static let lock = NSLock()
    nonisolated(unsafe) private static var currentVoice = ""

    private static let started = Mutex<(mode: Mode, rate: Int32)?>(nil)

    /// Starts espeak-ng in `mode` with `voice` (any espeak-ng voice name, e.g. "en", "en-us", "de").
    public init(mode: Mode, voice: String = "en") throws {
        if mode == .play, !Self.audioOutputPresent() {
            throw SpeechError.unavailable("no audio output (no sound card in /dev/snd, no PulseAudio or PipeWire)")
        }
        let rate = try Self.started.withLock { started -> Int32 in
            if let started {
                guard started.mode == mode else {
                    throw SpeechError.unavailable("espeak-ng already runs in another mode in this process")
                }
                return started.rate
            }
            let output = mode == .render ? AUDIO_OUTPUT_SYNCHRONOUS : AUDIO_OUTPUT_SYNCH_PLAYBACK
            let r = plantar_espeak_initialize(output, 200, nil, plantar_espeak_dont_exit())
            guard r > 0 else {
                throw SpeechError.unavailable(
                    mode == .play
                        ? "espeak-ng found no audio output (is a sound card or PulseAudio/PipeWire there?)"
                        : "espeak-ng did not start (is the espeak-ng-data package installed?)")
            }
            started = (mode, r)
            return r
        }
        self.mode = mode
        self.voice = voice
        sampleRate = Int(rate)
        plantar_espeak_set_synth_callback { wav, count, events in
            guard let wav, count > 0, let raw = plantar_espeak_user_data(events) else { return 0 }
            let sink = Unmanaged<SampleSink>.fromOpaque(raw).takeUnretainedValue()
            sink.samples.append(contentsOf: UnsafeBufferPointer(start: wav, count: Int(count)))
            return 0
        }
        Self.lock.lock()
        defer { Self.lock.unlock() }
        try Self.select(voice)
    }

    /// A sound server's socket or an ALSA playback device: without one, playback would only print ALSA's errors.
    public static func audioOutputPresent() -> Bool {
        let env = ProcessInfo.processInfo.environment
        if let server = env["PULSE_SERVER"], !server.isEmpty { return true }
        let fm = FileManager.default
        if let runtime = env["XDG_RUNTIME_DIR"],
            fm.fileExists(atPath: runtime + "/pulse/native") || fm.fileExists(atPath: runtime + "/pipewire-0")
        {
            return true
        }
        let devices = (try? fm.contentsOfDirectory(atPath: "/dev/snd")) ?? []
        return devices.contains { $0.hasPrefix("pcmC") && $0.hasSuffix("p") }
    }

    private static func select(_ voice: String) throws {
        guard voice != currentVoice else { return }
        let status = voice.withCString { plantar_espeak_set_voice_by_name($0) }
        guard status == EE_OK else {
            currentVoice = ""
            throw SpeechError.noVoice(voice)
        }
        currentVoice = voice
    }

    /// The speech for `text` as 16-bit mono samples at `sampleRate` (mode `render`).
    public func render(_ text: String) throws -> [Int16] {
        precondition(mode == .render, "render needs an Espeak started in render mode")
        let sink = SampleSink()
        try synthesize(text, userData: Unmanaged.passUnretained(sink).toOpaque())
        return withExtendedLifetime(sink) { sink.samples }
    }

    /// Says `text` on the sound card and returns when it has been said (mode `play`).
    public func say(_ text: String) {
        if mode == .play {
            try? synthesize(text, userData: nil)
        } else {
            _ = try? render(text)
        }
    }

    private func synthesize(_ text: String, userData: UnsafeMutableRawPointer?) throws {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        try Self.select(voice)
        let status = text.withCString { p in
            plantar_espeak_synth(p, strlen(p) + 1, 0, POS_CHARACTER, 0, plantar_espeak_chars_utf8(), nil, userData)
        }
        guard status == EE_OK else { throw SpeechError.synthesis("espeak_Synth returned \(status.rawValue)") }
        let sync = plantar_espeak_synchronize()
        guard sync == EE_OK else { throw SpeechError.synthesis("espeak_Synchronize returned \(sync.rawValue)") }
    }
}

/// Where the synthesis callback puts samples (reached through espeak-ng's user-data pointer).
private final class SampleSink {
    var samples: [Int16] = []
}
