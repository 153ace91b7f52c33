import ArgumentParser
import Foundation
import PlantarInput
import PlantarSession
import PlantarSupport
import PlantarTerminal

struct Demo: ParsableCommand, VerboseCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the built-in routine on the bundled recording, with the live readout.")

    @Flag(help: "Replay as fast as possible instead of in real time.")
    var fast = false

    @Option(help: "Play faster (2 = twice as fast) in real time.")
    var speed: Double = 1

    @OptionGroup var output: SessionOutputOptions

    @Flag(help: "Keep this session in the history.")
    var save = false

    @OptionGroup var person: PersonOption

    @OptionGroup var voice: VoiceOptions

    @OptionGroup var coaching: CoachingOptions

    func validate() throws {
        try validateSpeed(speed)
    }

    @OptionGroup var logging: LogOptions

    func run() throws {
        guard let path = DemoRecording.path else {
            throw PlantarError.noDevice("the bundled demo recording is missing (Fixtures/\(DemoRecording.name))")
        }
        var replay = PlantarSession.Replay(path: path, routine: .builtIn, single: false)
        replay.realtime = !fast
        replay.speed = speed
        let source = try replay.open()
        var driver = SessionDriver(output: output.settings, save: save)
        driver.person = try person.resolved()
        let config = try UserConfig.load()
        driver.coach = try VoiceSetup.live(routine: replay.routine, options: voice.settings, config: config)
        driver.coaching = Coaching(coaching.settings, live: false, config: config)
        try driver.run(.recording(replay, source))
    }
}

enum DemoRecording {
    static let name = "routine-full-70kg.evemu"

    /// The recording beside the binary's package (a checkout or `make install`'s share directory).
    static var path: String? {
        var candidates: [String] = []
        if let env = Console.environment["PLANTAR_DEMO_RECORDING"] { candidates.append(env) }
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        var dir = exe
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("Fixtures/\(name)").path)
            dir = dir.deletingLastPathComponent()
        }
        candidates += InstalledFiles.shareDirectories.map { "\($0)/\(name)" }
        candidates.append(FileManager.default.currentDirectoryPath + "/Fixtures/\(name)")
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }
}
