import Foundation
import PlantarInput
import PlantarSupport

/// `$XDG_CONFIG_HOME/plantar/config.toml` (or `~/.config/plantar/config.toml`): the person's own defaults.
///
/// ```toml
/// voice = true          # spoken cues in run and demo, as with --voice
/// voice_lang = "en-gb"  # any espeak-ng voice, as with --voice-lang
/// progression = false   # keep every target as the routine sets it
/// pain = false          # do not ask about pain before and after a run
/// ```
public struct UserConfig: Sendable, Equatable {
    public var voice: Bool?
    public var voiceLanguage: String?
    public var progression: Bool?
    public var pain: Bool?

    public init(voice: Bool? = nil, voiceLanguage: String? = nil, progression: Bool? = nil, pain: Bool? = nil) {
        self.voice = voice
        self.voiceLanguage = voiceLanguage
        self.progression = progression
        self.pain = pain
    }

    public static var path: String {
        let config =
            Console.variable("XDG_CONFIG_HOME").flatMap { $0.isEmpty ? nil : $0 }
            ?? ((Console.variable("HOME") ?? "/root") + "/.config")
        return config + "/plantar/config.toml"
    }

    /// The file's settings; none when there is no file. A bad file is an error that names the file and line.
    public static func load(path: String = UserConfig.path) throws -> UserConfig {
        guard FileManager.default.fileExists(atPath: path) else { return UserConfig() }
        let r = try TOMLReader(file: path, allowed: ["voice", "voice_lang", "progression", "pain"])
        return UserConfig(
            voice: try r.bool("voice"), voiceLanguage: try r.string("voice_lang"),
            progression: try r.bool("progression"),
            pain: try r.bool("pain"))
    }
}
