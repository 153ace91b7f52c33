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

    @Option(help: "A routine file, or the name of one in ~/.config/plantar/routines.")
    var routine: String?

    @Option(
        help:
            "Analyse the whole recording as this one exercise (\(ExerciseKind.allCases.map(\.rawValue).joined(separator: ", ")))."
    )
    var exercise: ExerciseKind?

    @Flag(help: "Play the recording at the speed it was made.")
    var realtime = false

    @Option(help: "With --realtime: play faster (2 = twice as fast).")
    var speed: Double = 1

    @Flag(help: "Print the JSON report (schema plantar.report/1) on standard output.")
    var json = false

    @Flag(help: "Keep this session in the history (~/.local/share/plantar).")
    var save = false

    @OptionGroup var person: PersonOption

    @Flag(help: "No bell at counted reps and finished holds.")
    var quiet = false

    @OptionGroup var voice: VoiceOptions

    @OptionGroup var coaching: CoachingOptions

    @Flag(help: "With --realtime: the big readout (block digits; automatic on a large terminal).")
    var big = false

    @Option(
        help: "Write the spoken cues with their times (cues.tsv, cues.json) and their speech (WAV) to this directory.")
    var voiceOut: String?

    func validate() throws {
        if routine != nil, exercise != nil {
            throw ValidationError("--routine and --exercise cannot be used together.")
        }
        try validateSpeed(speed)
    }

    @OptionGroup var logging: LogOptions

    func run() throws {
        let chosen = try RoutineStore.chosen(exercise: exercise, routine: routine)
        var replay = PlantarSession.Replay(path: fixture, routine: chosen, single: exercise != nil)
        replay.realtime = realtime
        replay.speed = speed
        // As fast as possible there is nothing to watch: only the report. In real time, the readout too.
        var driver = SessionDriver(json: json, quiet: quiet, save: save, showProgress: realtime)
        driver.person = try person.resolved()
        driver.big = big ? true : nil
        let config = try UserConfig.load()
        driver.coaching = Coaching(coaching, live: false, config: config)
        if let voiceOut {
            driver.voiceOut = (voiceOut, try VoiceSetup.renderer(options: voice, config: config))
            driver.coach = VoiceCoach(routine: replay.routine, queue: nil, keepList: true)
        } else if voice.voice {
            driver.coach = try VoiceSetup.live(routine: replay.routine, options: voice, config: config)
        }
        try driver.replay(replay)
    }
}
