import Foundation
import GRDB
import Logging
import PlantarInput
import PlantarSignal
import PlantarSupport

/// Every session, exercise and rep, in SQLite under `$XDG_DATA_HOME/plantar/history.sqlite`.
///
/// It doubles as the session journal: a session row is written when the session starts, each rep is committed in its
/// own transaction the moment it ends, and each exercise when it ends. A crash (even `kill -9`) loses at most the
/// hold in progress; the next start finds the session still marked `running` and reports it as interrupted.
public final class HistoryStore {
    public let path: String
    /// Where live sessions are recorded (`recordings/` beside the database); `prune` removes old ones.
    public let recordingsDirectory: String
    let db: DatabaseQueue

    public struct SessionRow: Sendable {
        public var id: Int64
        /// Whose session it was (`People`).
        public var person: String
        public var startedAt: Date
        public var endedAt: Date?
        public var source: String
        public var device: String
        public var routine: String
        public var state: SessionState
        public var verdict: String?
        /// The evemu recording of a live session, if one was kept (`source` is then the device node).
        public var recording: String?

        /// The file the session can be replayed from: its recording, else its source (a replayed file).
        public var replayable: String { recording ?? source }
    }

    public struct RepRow: Sendable {
        public var sessionID: Int64
        public var exerciseIndex: Int
        public var kind: ExerciseKind
        public var start: Double
        public var end: Double
        public var duration: Double
        public var counted: Bool
        public var side: Side?
        public var direction: Direction?
    }

    public struct ExerciseRow: Sendable {
        public var sessionID: Int64
        public var index: Int
        public var kind: ExerciseKind
        public var status: ExerciseStatus
        public var targetReps: Int
        public var holdSeconds: Double
        public var countedReps: Int
        public var bestHold: Double?
        public var meanHold: Double?
    }

    /// `$PLANTAR_DATA_DIR`, else `$XDG_DATA_HOME/plantar`, else `~/.local/share/plantar`.
    public static var defaultDirectory: String {
        let env = Console.environment
        if let dir = env["PLANTAR_DATA_DIR"] { return dir }
        let data = env["XDG_DATA_HOME"] ?? ((env["HOME"] ?? "/root") + "/.local/share")
        return data + "/plantar"
    }

    /// Opens (or creates) the history in `directory`. A history from before people were kept gives its sessions to
    /// `owner`: the login name of the user whose data directory it is.
    public init(directory: String = HistoryStore.defaultDirectory, owner: String = People.loginName()) throws {
        path = directory + "/history.sqlite"
        recordingsDirectory = directory + "/recordings"
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // The history is written only into a regular file (through a symlink to one): a device node, FIFO or
            // directory in its place is refused, so a data directory pointed at the wrong place cannot make SQLite,
            // run as root, write pages into a disk or a terminal.
            if ![.new, .regular].contains(OutputFile.kind(of: path)) {
                throw PlantarError.storage(
                    path: path, message: "is not a regular file; the history is kept only in a regular file")
            }
            // Only the user reads their history: create the file 0600 before SQLite opens it.
            if !FileManager.default.fileExists(atPath: path) {
                let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
                if fd >= 0 { close(fd) }
            }
            var config = Configuration()
            config.busyMode = .timeout(5)
            db = try DatabaseQueue(path: path, configuration: config)
            try migrate(owner: owner)
        } catch let e as PlantarError {
            throw e
        } catch {
            throw PlantarError.storage(path: path, message: "history store: \(error)")
        }
    }

    private func migrate(owner: String) throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE session (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        started_at REAL NOT NULL,
                        ended_at REAL,
                        source TEXT NOT NULL,
                        device TEXT NOT NULL,
                        routine TEXT NOT NULL,
                        state TEXT NOT NULL,
                        verdict TEXT
                    );
                    CREATE TABLE exercise (
                        session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                        idx INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        status TEXT NOT NULL,
                        ended_by TEXT NOT NULL,
                        target_reps INTEGER NOT NULL,
                        hold_seconds REAL NOT NULL,
                        counted_reps INTEGER NOT NULL,
                        best_hold REAL,
                        mean_hold REAL,
                        clockwise INTEGER,
                        counterclockwise INTEGER,
                        baseline_kg REAL,
                        start REAL,
                        end REAL,
                        PRIMARY KEY (session_id, idx)
                    );
                    CREATE TABLE rep (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                        exercise_idx INTEGER NOT NULL,
                        kind TEXT NOT NULL,
                        start REAL NOT NULL,
                        end REAL NOT NULL,
                        duration REAL NOT NULL,
                        counted INTEGER NOT NULL,
                        side TEXT,
                        direction TEXT
                    );
                    CREATE INDEX rep_session ON rep(session_id, exercise_idx);
                    """)
        }
        migrator.registerMigration("v2-pid") { db in
            try db.execute(sql: "ALTER TABLE session ADD COLUMN pid INTEGER")
        }
        // Several people on one board: every earlier session was the owner's.
        migrator.registerMigration("v3-person") { db in
            try db.execute(sql: "ALTER TABLE session ADD COLUMN person TEXT NOT NULL DEFAULT ''")
            try db.execute(sql: "UPDATE session SET person = ?", arguments: [owner])
            try db.execute(sql: "CREATE INDEX session_person ON session(person, started_at)")
        }
        // Live sessions are recorded: the history keeps where.
        migrator.registerMigration("v4-recording") { db in
            try db.execute(sql: "ALTER TABLE session ADD COLUMN recording TEXT")
        }
        // Coaching (pain before and after, progression per exercise) comes last: HistoryStore+Coaching.swift.
        Self.registerCoachingMigration(&migrator)
        try migrator.migrate(db)
    }

    /// A stored word read back as its type; a word this release does not know is a damaged history.
    static func decode<T: RawRepresentable>(_ text: String, as: T.Type) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            throw HistoryDecodingError(message: "unknown \(T.self) '\(text)'")
        }
        return value
    }

    func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as PlantarError {
            throw e
        } catch {
            throw PlantarError.storage(path: path, message: "history store: \(error)")
        }
    }

    // MARK: Journal

    public func beginSession(
        person: String, source: String, device: String, routine: String, at date: Date = Date()
    ) throws -> Int64 {
        let id = try wrap {
            try db.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO session (person, started_at, source, device, routine, state, pid)
                        VALUES (?, ?, ?, ?, ?, 'running', ?)
                        """,
                    arguments: [person, date.timeIntervalSince1970, source, device, routine, Int(getpid())])
                return db.lastInsertedRowID
            }
        }
        sessionLog.debug("history \(path): session \(id) begun (\(person), \(routine))")
        return id
    }

    public func appendRep(session: Int64, exerciseIndex: Int, kind: ExerciseKind, rep: Rep) throws {
        try wrap {
            try db.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO rep (session_id, exercise_idx, kind, start, end, duration, counted, side, direction)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        session, exerciseIndex, kind.rawValue, Double(rep.startMicros) / 1e6,
                        Double(rep.endMicros) / 1e6,
                        rep.durationSeconds, rep.counted, rep.side?.rawValue, rep.direction?.rawValue,
                    ])
            }
        }
        sessionLog.debug("history \(path): session \(session) exercise \(exerciseIndex + 1): rep saved")
    }

    public func recordExercise(session: Int64, _ r: ExerciseResult) throws {
        let summary = ExerciseSummary(r)
        let isCircles = r.kind == .ankleCircles
        try wrap {
            try db.write { db in
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO exercise (session_id, idx, kind, status, ended_by, target_reps, hold_seconds,
                            counted_reps, best_hold, mean_hold, clockwise, counterclockwise, baseline_kg, start, end)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        session, r.index, r.kind.rawValue, r.status.rawValue, r.reason.rawValue,
                        r.exercise.settings.targetReps, r.exercise.settings.holdSeconds, r.countedReps,
                        summary.bestHoldSeconds, summary.meanHoldSeconds,
                        isCircles ? r.clockwise : nil, isCircles ? r.counterclockwise : nil, r.baseline?.loadKilograms,
                        r.startMicros.map { Double($0) / 1e6 }, r.endMicros.map { Double($0) / 1e6 },
                    ])
            }
        }
        sessionLog.debug("history \(path): session \(session) exercise \(r.index + 1) saved: \(r.status.rawValue)")
    }

    public func endSession(_ id: Int64, state: SessionState, verdict: String, at date: Date = Date()) throws {
        try wrap {
            try db.write { db in
                try db.execute(
                    sql: "UPDATE session SET state = ?, verdict = ?, ended_at = ? WHERE id = ?",
                    arguments: [state.rawValue, verdict, date.timeIntervalSince1970, id])
            }
        }
        sessionLog.debug("history \(path): session \(id) ended (\(state), \(verdict))")
    }

    /// Keeps where a session's recording is.
    public func setRecording(session: Int64, path: String?) throws {
        try wrap {
            try db.write { db in
                try db.execute(sql: "UPDATE session SET recording = ? WHERE id = ?", arguments: [path, session])
            }
        }
    }

    /// A new recording's path for a session: `recordings/session-ID.evemu.gz` (gzip-compressed evemu), the directory
    /// created (0700). Older sessions' plain `.evemu` recordings keep their paths in the history and replay as before.
    public func newRecordingPath(session: Int64) throws -> String {
        do {
            try FileManager.default.createDirectory(
                atPath: recordingsDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw PlantarError.storage(
                path: recordingsDirectory, message: "cannot create: \(error.localizedDescription)")
        }
        return recordingsDirectory + "/session-\(session).evemu.gz"
    }

    /// What `prune` did.
    public struct Pruned: Sendable, Equatable {
        public var sessions: [Int64] = []
        public var bytes: Int64 = 0

        public init(sessions: [Int64] = [], bytes: Int64 = 0) {
            self.sessions = sessions
            self.bytes = bytes
        }
    }

    /// Removes the recordings of sessions started before `keepDays` days ago; their results stay. Only files in
    /// `recordingsDirectory` are removed (never a file named with `run --record`, nor a replayed recording).
    public func prune(keepDays: Int, now: Date = Date()) throws -> Pruned {
        let before = now.addingTimeInterval(-Double(keepDays) * 86_400).timeIntervalSince1970
        let old = try sessions(
            matching: "recording IS NOT NULL AND started_at < ?", arguments: [before], limit: 1_000_000)
        var pruned = Pruned()
        for s in old {
            guard let recording = s.recording, Self.isInside(recording, directory: recordingsDirectory) else {
                continue
            }
            var st = stat()
            if lstat(recording, &st) == 0 {
                guard st.st_mode & S_IFMT == S_IFREG else { continue }
                guard unlink(recording) == 0 else {
                    throw PlantarError.storage(path: recording, message: "cannot remove: \(Errno.current)")
                }
                pruned.bytes += Int64(st.st_size)
            }
            try setRecording(session: s.id, path: nil)
            pruned.sessions.append(s.id)
        }
        return pruned
    }

    static func isInside(_ path: String, directory: String) -> Bool {
        let file = URL(fileURLWithPath: path).standardizedFileURL
        return file.deletingLastPathComponent().path == URL(fileURLWithPath: directory).standardizedFileURL.path
    }

    /// Sessions a crash left `running`: marked `interrupted` and returned, with their reps. A session ends at the
    /// last thing it recorded (a rep or an exercise), not when the crash is found.
    public func recoverInterrupted() throws -> [(SessionRow, [RepRow])] {
        let running = try sessions(matching: "state = 'running'", arguments: [], limit: 1_000_000)
        var out: [(SessionRow, [RepRow])] = []
        for s in running where !Self.isAlive(try pid(of: s.id)) {
            let reps = try reps(session: s.id)
            let lastSeconds = try lastActivitySeconds(session: s.id)
            let end = s.startedAt.addingTimeInterval(lastSeconds)
            try endSession(s.id, state: .interrupted, verdict: "interrupted", at: end)
            var row = s
            row.state = .interrupted
            row.endedAt = end
            out.append((row, reps))
        }
        return out
    }

    /// Seconds from a session's start to the end of the last rep or exercise it recorded (0 when none).
    private func lastActivitySeconds(session: Int64) throws -> Double {
        try wrap {
            try db.read { db in
                let rep = try Double.fetchOne(
                    db, sql: "SELECT MAX(end) FROM rep WHERE session_id = ?", arguments: [session])
                let exercise = try Double.fetchOne(
                    db, sql: "SELECT MAX(end) FROM exercise WHERE session_id = ?", arguments: [session])
                return max(rep ?? 0, exercise ?? 0)
            }
        }
    }

    /// Forgets the reps an exercise recorded so far: it starts afresh (a redo).
    public func discardReps(session: Int64, exerciseIndex: Int) throws {
        try wrap {
            try db.write { db in
                try db.execute(
                    sql: "DELETE FROM rep WHERE session_id = ? AND exercise_idx = ?",
                    arguments: [session, exerciseIndex])
            }
        }
    }

    private func pid(of session: Int64) throws -> Int32? {
        try wrap {
            try db.read { try Int32.fetchOne($0, sql: "SELECT pid FROM session WHERE id = ?", arguments: [session]) }
        }
    }

    /// Whether a session's process is still a running plantar (so its session is not a crash's leftover).
    static func isAlive(_ pid: Int32?) -> Bool {
        guard let pid, pid > 0, pid != getpid() else { return false }
        guard let comm = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) else { return false }
        return comm.hasPrefix("plantar")
    }

    // MARK: Queries

    /// One person's sessions (everyone's when `person` is nil), newest first.
    public func sessions(person: String?, limit: Int = 1000) throws -> [SessionRow] {
        if let person { return try sessions(matching: "person = ?", arguments: [person], limit: limit) }
        return try sessions(matching: "1", arguments: [], limit: limit)
    }

    /// The session with this id, if the history has it.
    public func session(id: Int64) throws -> SessionRow? {
        try sessions(matching: "id = ?", arguments: [id], limit: 1).first
    }

    /// The people the history knows, with how many sessions each has, by name.
    public func people() throws -> [(name: String, sessions: Int)] {
        try wrap {
            try db.read { db in
                try Row.fetchAll(db, sql: "SELECT person, COUNT(*) AS n FROM session GROUP BY person ORDER BY person")
                    .map { ($0["person"], $0["n"]) }
            }
        }
    }

    private func sessions(matching condition: String, arguments: StatementArguments, limit: Int) throws -> [SessionRow]
    {
        try wrap {
            try db.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM session WHERE \(condition) ORDER BY started_at DESC, id DESC LIMIT ?",
                    arguments: arguments + [limit]
                ).map { r in
                    SessionRow(
                        id: r["id"], person: r["person"], startedAt: Date(timeIntervalSince1970: r["started_at"]),
                        endedAt: (r["ended_at"] as Double?).map { Date(timeIntervalSince1970: $0) },
                        source: r["source"],
                        device: r["device"], routine: r["routine"],
                        state: try Self.decode(r["state"], as: SessionState.self),
                        verdict: r["verdict"],
                        recording: r["recording"])
                }
            }
        }
    }

    public func reps(session: Int64) throws -> [RepRow] {
        try wrap {
            try db.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM rep WHERE session_id = ? ORDER BY id", arguments: [session])
                    .map {
                        RepRow(
                            sessionID: $0["session_id"], exerciseIndex: $0["exercise_idx"],
                            kind: try Self.decode($0["kind"], as: ExerciseKind.self),
                            start: $0["start"],
                            end: $0["end"], duration: $0["duration"], counted: $0["counted"],
                            side: try ($0["side"] as String?).map { try Self.decode($0, as: Side.self) },
                            direction: try ($0["direction"] as String?).map { try Self.decode($0, as: Direction.self) })
                    }
            }
        }
    }

    public func exercises(session: Int64) throws -> [ExerciseRow] {
        try wrap {
            try db.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT * FROM exercise WHERE session_id = ? ORDER BY idx", arguments: [session]
                ).map {
                    ExerciseRow(
                        sessionID: $0["session_id"], index: $0["idx"],
                        kind: try Self.decode($0["kind"], as: ExerciseKind.self),
                        status: try Self.decode($0["status"], as: ExerciseStatus.self),
                        targetReps: $0["target_reps"], holdSeconds: $0["hold_seconds"], countedReps: $0["counted_reps"],
                        bestHold: $0["best_hold"], meanHold: $0["mean_hold"])
                }
            }
        }
    }

    /// Mean hold of counted reps of `kind` per session of `person`, oldest first, over the last `days` days.
    public func trend(kind: ExerciseKind, person: String, days: Int = 56) throws -> [(Date, Double, Int)] {
        let since = Date().addingTimeInterval(-Double(days) * 86_400).timeIntervalSince1970
        return try wrap {
            try db.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT s.started_at AS t, AVG(r.duration) AS mean, COUNT(*) AS n
                        FROM rep r JOIN session s ON s.id = r.session_id
                        WHERE r.kind = ? AND r.counted = 1 AND s.started_at >= ? AND s.person = ?
                        GROUP BY s.id ORDER BY s.started_at, s.id
                        """, arguments: [kind.rawValue, since, person]
                ).map { (Date(timeIntervalSince1970: $0["t"]), $0["mean"], $0["n"]) }
            }
        }
    }
}

/// Where a session stands in the history.
public enum SessionState: String, Sendable, Codable {
    /// Being recorded now (or left so by a crash, until the next start finds it).
    case running
    case finished
    case interrupted
}

struct HistoryDecodingError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Writes a session into the history as it happens: hook `observe` into the runner's observer.
public final class SessionJournal {
    public let store: HistoryStore
    public let sessionID: Int64
    private let routine: Routine
    public private(set) var lastError: Error?
    /// The targets progression proposed for this session, by exercise index: stored with each exercise.
    public var proposals: [Int: Proposal] = [:]

    public init(store: HistoryStore, person: String, source: String, device: String, routine: Routine) throws {
        self.store = store
        self.routine = routine
        sessionID = try store.beginSession(person: person, source: source, device: device, routine: routine.name)
    }

    public func observe(_ e: SessionEvent) {
        do {
            switch e {
            case .exerciseStarted(let i, _):
                // A redo starts the exercise again: the reps it had are dropped, as the report drops them.
                try store.discardReps(session: sessionID, exerciseIndex: i)
            case .repEnded(let i, let rep), .circleCounted(let i, let rep):
                try store.appendRep(session: sessionID, exerciseIndex: i, kind: routine.exercises[i].kind, rep: rep)
            case .exerciseEnded(let r):
                try store.recordExercise(session: sessionID, r)
                if let p = proposals[r.index] { try store.recordProgression(session: sessionID, index: r.index, p) }
            default:
                break
            }
        } catch {
            lastError = error
        }
    }

    /// Marks the session ended. Throws the first write that failed during the session (or this one): the session
    /// ran, but the history misses part of it, and the person must be told.
    public func finish(_ report: SessionReport) throws {
        do {
            try store.endSession(
                sessionID, state: report.interrupted ? .interrupted : .finished, verdict: report.verdict)
        } catch {
            if lastError == nil { lastError = error }
        }
        if let lastError { throw lastError }
    }
}
