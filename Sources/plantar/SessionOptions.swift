import ArgumentParser
import PlantarSession
import PlantarSignal

/// `--routine` and `--exercise`: what a session, a plot or a report is analysed as (run, replay, plot, report).
struct ExerciseChoice: ParsableArguments {
    @Option(help: "A routine file, or the name of one in ~/.config/plantar/routines.")
    var routine: String?

    @Option(
        help: ArgumentHelp(
            "Just this one exercise: a recording is analysed whole as it, a live session runs it until Ctrl-C or "
                + "the device goes away."))
    var exercise: ExerciseKind?

    func validate() throws {
        if routine != nil, exercise != nil {
            throw ValidationError("--routine and --exercise cannot be used together.")
        }
    }

    /// The routine meant: the one exercise, the routine named, or the built-in routine.
    func chosen() throws -> Routine { try RoutineStore.chosen(exercise: exercise, routine: routine) }

    /// The whole session is one exercise.
    var single: Bool { exercise != nil }
}

/// `--json`, `--quiet` and `--big`: how a session (run, replay, demo) shows itself.
struct SessionOutputOptions: ParsableArguments {
    @Flag(
        help: ArgumentHelp(
            "Print the JSON report (schema plantar.report/1) on standard output instead of the readout and the table "
                + "(a live session's event lines go to standard error)."))
    var json = false

    @Flag(help: "No bell at counted reps and finished holds.")
    var quiet = false

    @Flag(
        help: ArgumentHelp(
            "The big readout: rep counter and hold seconds in block digits (automatic on a large terminal; a replay "
                + "has a readout only with --realtime)."))
    var big = false

    /// The options' values, as a session uses them.
    var settings: SessionOutput { SessionOutput(json: json, quiet: quiet, big: big) }
}

/// How a session shows itself, whichever way the command line was read (`SessionOutputOptions`).
struct SessionOutput: Equatable {
    /// The JSON report on standard output instead of the readout and the table.
    var json = false
    /// No bell.
    var quiet = false
    /// The big readout.
    var big = false
}
