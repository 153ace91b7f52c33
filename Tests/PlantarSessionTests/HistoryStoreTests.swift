import Foundation
import GRDB
import PlantarSession
import PlantarSignal
import PlantarSupport
import Testing

/// A history in a temporary directory, removed at the end.
final class TempHistory {
    let directory = NSTemporaryDirectory() + "plantar-history-" + UUID().uuidString
    deinit { try? FileManager.default.removeItem(atPath: directory) }
    func store() throws -> HistoryStore { try HistoryStore(directory: directory) }
}

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures").path

@Suite struct HistoryStoreTests {
    @Test func aRedoDropsTheRepsItDiscardsFromTheHistoryToo() throws {
        let history = TempHistory()
        let store = try history.store()
        let replay = Replay(
            path: fixtures + "/toe-presses-55kg-100hz.evemu", routine: .single(.toePresses), single: true)
        let journal = try SessionJournal(
            store: store, person: "alice", source: replay.path, device: "board", routine: replay.routine)
        var repsSeen = 0
        var redone = false
        let report = try replay.run(
            observer: { e in
                journal.observe(e)
                if case .repEnded = e { repsSeen += 1 }
            },
            perFrame: { runner, _, _ in
                if repsSeen == 3, !redone {
                    redone = true
                    runner.command(.redo)
                }
                return true
            })
        try journal.finish(report)
        let kept = report.results[0].reps
        #expect(repsSeen == kept.count + 3)
        let saved = try store.reps(session: journal.sessionID)
        #expect(saved.count == kept.count)
        #expect(saved.map(\.start) == kept.map { Double($0.startMicros) / 1e6 })
    }

    @Test func aFailedHistoryWriteIsReportedWhenTheSessionEnds() throws {
        let history = TempHistory()
        let store = try history.store()
        let journal = try SessionJournal(
            store: store, person: "alice", source: "x.evemu", device: "board", routine: .single(.toePresses))
        // Another program breaks the history while the session runs.
        let other = try DatabaseQueue(path: store.path)
        try other.write { try $0.execute(sql: "DROP TABLE rep") }
        let rep = Rep(startMicros: 1_000_000, endMicros: 4_500_000, counted: true)
        journal.observe(.repEnded(index: 0, rep))
        let report = SessionReport(
            sourcePath: "x.evemu", deviceName: "board", frames: 10, durationSeconds: 5, routineName: "Toe presses",
            results: [])
        #expect(throws: PlantarError.self) { try journal.finish(report) }
        guard case .storage(let path, _) = journal.lastError as? PlantarError else {
            Issue.record("expected a storage error, got \(String(describing: journal.lastError))")
            return
        }
        #expect(path == store.path)
    }

    @Test func aHistoryThatCannotBeOpenedIsAStorageErrorNotBadInput() throws {
        let history = TempHistory()
        try FileManager.default.createDirectory(atPath: history.directory, withIntermediateDirectories: true)
        // history.sqlite is a directory: SQLite cannot open it.
        try FileManager.default.createDirectory(
            atPath: history.directory + "/history.sqlite", withIntermediateDirectories: true)
        do {
            _ = try history.store()
            Issue.record("opened a directory as a database")
        } catch let error as PlantarError {
            guard case .storage(let path, _) = error else {
                Issue.record("expected a storage error, got \(error)")
                return
            }
            #expect(path == history.directory + "/history.sqlite")
            #expect(error.exitCode == 2)
        }
    }

    @Test func anInterruptedSessionEndsAtItsLastRepNotWhenTheCrashIsFound() throws {
        let history = TempHistory()
        let store = try history.store()
        let started = Date(timeIntervalSince1970: 1_700_000_000)
        let id = try store.beginSession(
            person: "alice", source: "x.evemu", device: "board", routine: "Toe presses", at: started)
        try store.appendRep(
            session: id, exerciseIndex: 0, kind: .toePresses,
            rep: Rep(startMicros: 2_000_000, endMicros: 12_500_000, counted: true))
        // The session's process (this one, as far as the store can tell: its own pid is never "alive") crashed.
        let recovered = try store.recoverInterrupted()
        #expect(recovered.count == 1)
        #expect(recovered.first?.0.endedAt == started.addingTimeInterval(12.5))
        let row = try #require(try store.session(id: id))
        #expect(row.state == .interrupted)
        #expect(row.endedAt == started.addingTimeInterval(12.5))
    }

    @Test func rowsAreReadAsTypesAndAnUnknownWordIsAStorageError() throws {
        let history = TempHistory()
        let store = try history.store()
        let id = try store.beginSession(person: "alice", source: "x.evemu", device: "board", routine: "Pickups")
        try store.appendRep(
            session: id, exerciseIndex: 0, kind: .pencilPickups,
            rep: Rep(startMicros: 0, endMicros: 11_000_000, counted: true, side: .right))
        let rep = try #require(try store.reps(session: id).first)
        #expect(rep.kind == .pencilPickups)
        #expect(rep.side == .right)
        #expect(try store.session(id: id)?.state == .running)
        let other = try DatabaseQueue(path: store.path)
        try other.write { try $0.execute(sql: "UPDATE rep SET kind = 'hopping'") }
        #expect {
            _ = try store.reps(session: id)
        } throws: { error in
            guard case .storage(_, let message) = error as? PlantarError else { return false }
            return message.contains("unknown ExerciseKind 'hopping'")
        }
    }
}
