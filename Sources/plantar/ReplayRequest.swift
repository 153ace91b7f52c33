import PlantarInput
import PlantarSession
import PlantarSignal
import PlantarSpeech
import PlantarSupport

/// A replay as asked for: the values of `replay`'s options, whichever way the command line was read (by
/// ArgumentParser, or as a plain command line by `init?(plainArguments:)`), and the one place it is carried out.
struct ReplayRequest: Equatable {
    var fixture: String
    var routine: String?
    var exercise: ExerciseKind?
    var realtime = false
    var speed = 1.0
    var output = SessionOutput()
    var save = false
    var person: String?
    var voice = VoiceSettings()
    var coaching = CoachingSettings()
    var voiceOut: String?
    var verbose = false

    init(fixture: String) { self.fixture = fixture }

    func run() throws {
        var replay = PlantarSession.Replay(
            path: fixture, routine: try RoutineStore.chosen(exercise: exercise, routine: routine),
            single: exercise != nil)
        replay.realtime = realtime
        replay.speed = speed
        // Read the header first: a bad file fails before anything is asked or shown.
        let source = try replay.open()
        // As fast as possible there is nothing to watch: only the report. In real time, the readout too.
        var driver = SessionDriver(output: output, save: save, showProgress: realtime)
        let progression = coaching.progression ?? false
        if save || progression {
            driver.person = try People.resolve(person)
        } else {
            // Whose session it is matters only to the history (kept, or read for today's targets); a name given is
            // still checked.
            _ = try People.named(person)
        }
        // The config file has only voice settings for a replay (progression and the pain check are off unless asked).
        let config = voiceOut != nil || voice.voice ? try UserConfig.load() : UserConfig()
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

extension ReplayRequest {
    /// A plain `replay` command line, read without ArgumentParser (which builds its whole command tree to read one,
    /// most of a replay's start-up): `replay FILE` with any of `--exercise NAME`, `--routine NAME`, `--json`,
    /// `--quiet` and `--verbose` (`-v`), each at most once, in any order.
    ///
    /// nil for anything else, which ArgumentParser then reads as always, with its help and its messages: another
    /// option, `--name=value`, a value that starts with `-` or is empty, a second file, an exercise that does not
    /// exist, `--routine` with `--exercise`, `help`.
    init?(plainArguments arguments: [String]) {
        guard arguments.first == "replay" else { return nil }
        var fixture: String?
        var request = ReplayRequest(fixture: "")
        var seen: [String] = []
        var i = arguments.index(after: arguments.startIndex)
        while i < arguments.endIndex {
            let argument = arguments[i]
            i += 1
            guard argument.hasPrefix("-") else {
                // The file: one, and not a word ArgumentParser might read otherwise.
                guard fixture == nil, !argument.isEmpty, argument != "help" else { return nil }
                fixture = argument
                continue
            }
            guard !seen.contains(argument) else { return nil }
            seen.append(argument)
            switch argument {
            case "--json": request.output.json = true
            case "--quiet": request.output.quiet = true
            case "--verbose", "-v":
                guard !request.verbose else { return nil }
                request.verbose = true
            case "--exercise", "--routine":
                guard i < arguments.endIndex else { return nil }
                let value = arguments[i]
                i += 1
                guard !value.isEmpty, !value.hasPrefix("-") else { return nil }
                if argument == "--routine" {
                    request.routine = value
                } else {
                    guard let kind = ExerciseKind(rawValue: value) else { return nil }
                    request.exercise = kind
                }
            default: return nil
            }
        }
        guard let fixture, request.routine == nil || request.exercise == nil else { return nil }
        request.fixture = fixture
        self = request
    }
}
