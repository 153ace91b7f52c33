import ArgumentParser
import Foundation
import PlantarInput
import PlantarSession
import PlantarSignal
import PlantarSpeech

struct Replay: ParsableCommand, VerboseCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Analyse a recording (evemu) with a routine or one exercise.",
        discussion: """
            With --exercise the whole recording is one exercise with that exercise's defaults; otherwise the routine \
            (the built-in one unless --routine names a file or a routine in ~/.config/plantar/routines) runs over it, \
            moving on when a target is met (after the rest), when the board's button is pressed, or at a time limit.
            """)

    @Argument(help: "The recording (evemu-record format).")
    var fixture: String

    @OptionGroup var choice: ExerciseChoice

    @Flag(help: "Play the recording at the speed it was made.")
    var realtime = false

    @Option(help: "With --realtime: play faster (2 = twice as fast).")
    var speed: Double = 1

    @OptionGroup var output: SessionOutputOptions

    @Flag(help: "Keep this session in the history (~/.local/share/plantar).")
    var save = false

    @OptionGroup var person: PersonOption

    @OptionGroup var voice: VoiceOptions

    @OptionGroup var coaching: CoachingOptions

    @Option(
        help: "Write the spoken cues with their times (cues.tsv, cues.json) and their speech (WAV) to this directory.")
    var voiceOut: String?

    func validate() throws {
        try validateSpeed(speed)
    }

    @OptionGroup var logging: LogOptions

    func run() throws {
        var replay = PlantarSession.Replay(path: fixture, routine: try choice.chosen(), single: choice.single)
        replay.realtime = realtime
        replay.speed = speed
        // Read the header first: a bad file fails before anything is asked or shown.
        let source = try replay.open()
        // As fast as possible there is nothing to watch: only the report. In real time, the readout too.
        var driver = SessionDriver(output: output, save: save, showProgress: realtime)
        driver.person = try person.resolved()
        let config = try UserConfig.load()
        driver.coaching = Coaching(coaching, live: false, config: config)
        if let voiceOut {
            driver.voiceOut = (voiceOut, try VoiceSetup.renderer(options: voice, config: config))
            driver.coach = VoiceCoach(routine: replay.routine, queue: nil, keepList: true)
        } else if voice.voice {
            driver.coach = try VoiceSetup.live(routine: replay.routine, options: voice, config: config)
        }
        try driver.run(.recording(replay, source))
    }
}
