import Foundation
import PlantarSession
import PlantarSignal
import PlantarSupport

/// What `plantar plot` and `plantar report` draw: a recording, or a session of the history replayed from the
/// recording it was made from.
public struct PlotSource {
    public var replay: Replay
    /// The history's row, when the argument named a saved session.
    public var session: HistoryStore.SessionRow?
    /// Things the user should know (e.g. a routine that had to be rebuilt from the history).
    public var notes: [String] = []

    /// - Parameters:
    ///   - argument: a recording's path, or a history session id (`12` or `#12`).
    ///   - routine: a routine file or name (`--routine`); `exercise`: the whole recording as one exercise.
    ///   - person: the person named on the command line, if any: a saved session must be theirs.
    ///   - historyDirectory: where the history store lives (only read, never created).
    public static func resolve(
        _ argument: String, routine: String? = nil, exercise: ExerciseKind? = nil, person: String? = nil,
        historyDirectory: String = HistoryStore.defaultDirectory
    ) throws -> PlotSource {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), !isDirectory.boolValue {
            let (chosen, single) = try explicitRoutine(routine: routine, exercise: exercise) ?? (.builtIn, false)
            return PlotSource(replay: Replay(path: argument, routine: chosen, single: single), session: nil)
        }
        let digits = argument.hasPrefix("#") ? String(argument.dropFirst()) : argument
        guard let id = Int64(digits), id > 0 else {
            throw PlantarError.badInput(
                path: argument, line: 0, message: "no such recording, and not a session id (see `plantar history`)")
        }
        guard let store = try HistorySummary.existingStore(directory: historyDirectory) else {
            throw PlantarError.badInput(
                path: historyDirectory + "/history.sqlite", line: 0,
                message: "there is no history, so no session #\(id) (`plantar replay FILE --save` keeps one)")
        }
        guard let row = try store.session(id: id) else {
            throw PlantarError.badInput(
                path: store.path, line: 0, message: "no session #\(id) in the history (see `plantar history`)")
        }
        if let person, row.person != person {
            throw PlantarError.badInput(
                path: store.path, line: 0,
                message: "session #\(id) is \(row.person)'s, not \(person)'s (see `plantar history --person \(person)`)"
            )
        }
        let file = row.replayable
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDir), !isDir.boolValue,
            !file.hasPrefix("/dev/")
        else {
            let what: String
            if file.hasPrefix("/dev/") {
                what =
                    "it was read live from \(file) and no recording is kept (none was made, or `plantar history prune` removed it)"
            } else if !file.hasPrefix("/") {
                what = "\(file) is not found from here (the path is relative to where the session was saved)"
            } else {
                what = "\(file) no longer exists (`plantar history prune` removes old recordings)"
            }
            throw PlantarError.badInput(
                path: file, line: 0,
                message: "session #\(id)'s recording is not available: \(what); its results are in `plantar history`")
        }
        var notes: [String] = []
        var chosen: (Routine, Bool)
        if let explicit = try explicitRoutine(routine: routine, exercise: exercise) {
            chosen = explicit
        } else {
            chosen = try savedRoutine(of: row, store: store, notes: &notes)
            // The targets the session actually had (progression may have moved them from the routine's).
            chosen.0 = withSavedTargets(chosen.0, try store.exercises(session: row.id))
        }
        return PlotSource(
            replay: Replay(path: file, routine: chosen.0, single: chosen.1), session: row, notes: notes)
    }

    /// Each exercise's reps and hold as the history kept them, where the saved exercise is the same kind.
    static func withSavedTargets(_ routine: Routine, _ saved: [HistoryStore.ExerciseRow]) -> Routine {
        var out = routine
        for e in saved where e.index < out.exercises.count && out.exercises[e.index].kind == e.kind {
            out.exercises[e.index].settings.targetReps = e.targetReps
            if out.exercises[e.index].kind != .ankleCircles {
                out.exercises[e.index].settings.setHoldSeconds(e.holdSeconds)
            }
        }
        return out
    }

    private static func explicitRoutine(routine: String?, exercise: ExerciseKind?) throws -> (Routine, Bool)? {
        if let exercise { return (.single(exercise), true) }
        if let routine { return (try RoutineStore.resolve(routine), false) }
        return nil
    }

    /// The routine a saved session ran: the built-in one, one exercise (`replay --exercise`), a routine file of that
    /// name, or else one rebuilt from the history's targets with the default thresholds.
    static func savedRoutine(
        of row: HistoryStore.SessionRow, store: HistoryStore, notes: inout [String]
    ) throws -> (Routine, Bool) {
        if row.routine == Routine.builtIn.name { return (.builtIn, false) }
        let exercises = try store.exercises(session: row.id)
        let kinds = exercises.map(\.kind)
        if kinds.count == 1, exercises.count == 1, row.routine == kinds[0].displayName {
            return (.single(kinds[0]), true)
        }
        for file in RoutineStore.list() {
            guard let r = try? Routine.load(path: RoutineStore.directory + "/" + file) else { continue }
            if r.name == row.routine, kinds.isEmpty || r.exercises.map(\.kind) == kinds { return (r, false) }
        }
        guard !kinds.isEmpty, kinds.count == exercises.count else {
            throw PlantarError.badInput(
                path: row.source, line: 0,
                message: "session #\(row.id) ran the routine \"\(row.routine)\", which is not found: "
                    + "name its file with --routine")
        }
        notes.append(
            "routine \"\(row.routine)\" not found in \(RoutineStore.directory): using its targets from the history "
                + "with the default thresholds (--routine FILE uses the file's)")
        let rebuilt = zip(exercises, kinds).map { e, kind -> RoutineExercise in
            var settings = kind.defaultSettings
            settings.targetReps = e.targetReps
            if settings.kind != .ankleCircles { settings.setHoldSeconds(e.holdSeconds) }
            return RoutineExercise(settings: settings)
        }
        return (Routine(name: row.routine, exercises: rebuilt), false)
    }
}
