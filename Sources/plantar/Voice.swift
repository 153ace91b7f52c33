import ArgumentParser
import Foundation
import PlantarSession
import PlantarSpeech

/// `--voice` and `--voice-lang`, shared by run, demo and replay.
struct VoiceOptions: ParsableArguments {
    @Flag(help: "Speak cues: the exercise, \"hold\", the last seconds, \"release\", the rep count, rests (espeak-ng).")
    var voice = false

    @Option(help: "The espeak-ng voice for --voice and --voice-out (e.g. en, en-gb, de, fr; `espeak-ng --voices`).")
    var voiceLang: String?

    /// The options' values, as a session uses them.
    var settings: VoiceSettings { VoiceSettings(voice: voice, voiceLang: voiceLang) }
}

/// `--voice` and `--voice-lang`, whichever way the command line was read (`VoiceOptions`).
struct VoiceSettings: Equatable {
    var voice = false
    var voiceLang: String?
}

/// Builds what speaks during a session, from the options, the routine and the config file.
enum VoiceSetup {
    /// The espeak-ng voice: --voice-lang, else the config file's, else English.
    static func language(_ options: VoiceSettings, config: UserConfig) -> String {
        options.voiceLang ?? config.voiceLanguage ?? "en"
    }

    /// A coach that speaks on the sound card through the speech queue when voice is on (the flag, or `voice = true`
    /// in the config file); nil when it is off. Without a sound card the session runs silent, with a note; a voice
    /// espeak-ng does not have is a usage error.
    static func live(routine: Routine, options: VoiceSettings, config: UserConfig) throws -> VoiceCoach? {
        guard options.voice || routine.voice == true || config.voice == true else { return nil }
        do {
            let espeak = try Espeak(mode: .play, voice: language(options, config: config))
            return VoiceCoach(routine: routine, queue: SpeechQueue(output: espeak))
        } catch let error as SpeechError {
            stderrLine("plantar: \(error); going on without speech")
            return nil
        }
    }

    /// For `--voice-out`: espeak-ng started in render mode before the session (a bad voice fails at once).
    static func renderer(options: VoiceSettings, config: UserConfig) throws -> Espeak {
        try Espeak(mode: .render, voice: language(options, config: config))
    }
}
