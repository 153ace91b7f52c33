import ArgumentParser

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

    /// The replay these options ask for.
    var request: ReplayRequest {
        var r = ReplayRequest(fixture: fixture)
        r.routine = choice.routine
        r.exercise = choice.exercise
        r.realtime = realtime
        r.speed = speed
        r.output = output.settings
        r.save = save
        r.person = person.person
        r.voice = voice.settings
        r.coaching = coaching.settings
        r.voiceOut = voiceOut
        r.verbose = logging.verbose
        return r
    }

    func run() throws { try request.run() }
}
