import Foundation
import GRDB
import PlantarSession
import Testing

/// A history written before people were kept (schema v1 + v2-pid, as the earlier releases made it) opens in the
/// current release with every session, exercise and rep, all of them the owner's.
@Suite struct HistoryMigrationTests {
    static let oldSchema = """
        CREATE TABLE session (
            id INTEGER PRIMARY KEY AUTOINCREMENT, started_at REAL NOT NULL, ended_at REAL, source TEXT NOT NULL,
            device TEXT NOT NULL, routine TEXT NOT NULL, state TEXT NOT NULL, verdict TEXT);
        CREATE TABLE exercise (
            session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE, idx INTEGER NOT NULL,
            kind TEXT NOT NULL, status TEXT NOT NULL, ended_by TEXT NOT NULL, target_reps INTEGER NOT NULL,
            hold_seconds REAL NOT NULL, counted_reps INTEGER NOT NULL, best_hold REAL, mean_hold REAL,
            clockwise INTEGER, counterclockwise INTEGER, baseline_kg REAL, start REAL, end REAL,
            PRIMARY KEY (session_id, idx));
        CREATE TABLE rep (
            id INTEGER PRIMARY KEY AUTOINCREMENT, session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
            exercise_idx INTEGER NOT NULL, kind TEXT NOT NULL, start REAL NOT NULL, end REAL NOT NULL,
            duration REAL NOT NULL, counted INTEGER NOT NULL, side TEXT, direction TEXT);
        CREATE INDEX rep_session ON rep(session_id, exercise_idx);
        ALTER TABLE session ADD COLUMN pid INTEGER;
        CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
        INSERT INTO grdb_migrations VALUES ('v1'), ('v2-pid');
        INSERT INTO session (started_at, ended_at, source, device, routine, state, verdict, pid)
            VALUES (1700000000, 1700000075, '/data/a.evemu', 'Nintendo Wii Remote Balance Board', 'Toe presses',
                    'finished', 'passed', 4242);
        INSERT INTO session (started_at, ended_at, source, device, routine, state, verdict, pid)
            VALUES (1700086400, NULL, '/dev/input/event3', 'Board', 'Plantar routine', 'interrupted', 'interrupted',
                    4343);
        INSERT INTO exercise VALUES (1, 0, 'toe-presses', 'passed', 'target-met', 10, 3.0, 10, 4.5, 3.9, NULL, NULL,
                                     70.2, 0.0, 74.5);
        INSERT INTO rep (session_id, exercise_idx, kind, start, end, duration, counted, side, direction)
            VALUES (1, 0, 'toe-presses', 4.9, 9.0, 4.1, 1, NULL, NULL),
                   (1, 0, 'toe-presses', 11.5, 13.0, 1.5, 0, NULL, NULL),
                   (2, 2, 'pencil-pickups', 1.0, 4.5, 3.5, 1, 'left', NULL);
        """

    @Test func anOldHistoryMigratesLosingNothing() throws {
        let dir = NSTemporaryDirectory() + "plantar-migrate-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: dir + "/history.sqlite")
        try old.write { try $0.execute(sql: Self.oldSchema) }
        try old.close()

        let store = try HistoryStore(directory: dir, owner: "dana")
        let sessions = try store.sessions(person: "dana")
        #expect(sessions.map(\.id) == [2, 1])
        #expect(sessions.map(\.person) == ["dana", "dana"])
        #expect(try store.sessions(person: nil).count == 2)
        #expect(try store.people().map(\.name) == ["dana"])
        let first = try #require(try store.session(id: 1))
        #expect(first.startedAt == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(first.endedAt == Date(timeIntervalSince1970: 1_700_000_075))
        #expect(first.source == "/data/a.evemu")
        #expect(first.routine == "Toe presses")
        #expect(first.state == .finished)
        #expect(first.verdict == "passed")
        let exercises = try store.exercises(session: 1)
        #expect(exercises.map(\.kind) == [.toePresses])
        #expect(exercises.first?.countedReps == 10)
        #expect(exercises.first?.bestHold == 4.5)
        #expect(try store.reps(session: 1).map(\.duration) == [4.1, 1.5])
        #expect(try store.reps(session: 2).map(\.side) == [.left])
        // The trend is the owner's: one counted rep of 4.1 s in the first session.
        let trend = try store.trend(kind: .toePresses, person: "dana", days: 100_000)
        #expect(trend.map(\.1) == [4.1])
        #expect(try store.trend(kind: .toePresses, person: "erin", days: 100_000).isEmpty)
        // Opening again changes nothing.
        let again = try HistoryStore(directory: dir, owner: "someone-else")
        #expect(try again.sessions(person: nil).map(\.person) == ["dana", "dana"])
    }
}
