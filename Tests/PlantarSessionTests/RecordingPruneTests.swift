import Foundation
import PlantarSession
import PlantarSignal
import Testing

@Suite struct RecordingPruneTests {
    @Test func pruneRemovesOldRecordingsButKeepsResultsAndOtherFiles() throws {
        let history = TempHistory()
        let store = try history.store()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func session(daysAgo: Double, recording: (Int64) throws -> String?) throws -> (Int64, String?) {
            let id = try store.beginSession(
                person: "alice", source: "/dev/input/event3", device: "Board", routine: "Toe presses",
                at: now.addingTimeInterval(-daysAgo * 86_400))
            try store.appendRep(
                session: id, exerciseIndex: 0, kind: .toePresses,
                rep: Rep(startMicros: 1_000_000, endMicros: 5_000_000, counted: true))
            let path = try recording(id)
            if let path {
                FileManager.default.createFile(atPath: path, contents: Data(repeating: 0x45, count: 1000))
                try store.setRecording(session: id, path: path)
            }
            return (id, path)
        }
        let (old, oldFile) = try session(daysAgo: 40) { try store.newRecordingPath(session: $0) }
        let (recent, recentFile) = try session(daysAgo: 2) { try store.newRecordingPath(session: $0) }
        let (named, namedFile) = try session(daysAgo: 40) { _ in history.directory + "/mine.evemu" }

        let pruned = try store.prune(keepDays: 30, now: now)

        #expect(pruned == HistoryStore.Pruned(sessions: [old], bytes: 1000))
        #expect(!FileManager.default.fileExists(atPath: try #require(oldFile)))
        #expect(FileManager.default.fileExists(atPath: try #require(recentFile)))
        #expect(FileManager.default.fileExists(atPath: try #require(namedFile)), "a file named by the user stays")
        #expect(try store.session(id: old)?.recording == nil)
        #expect(try store.session(id: recent)?.recording == recentFile)
        #expect(try store.session(id: named)?.recording == namedFile)
        #expect(try store.reps(session: old).count == 1, "the results stay")
        #expect(try store.prune(keepDays: 30, now: now) == HistoryStore.Pruned())
    }

    @Test func aRecordingPathLiesInTheRecordingsDirectoryBesideTheHistory() throws {
        let history = TempHistory()
        let store = try history.store()
        #expect(try store.newRecordingPath(session: 12) == history.directory + "/recordings/session-12.evemu.gz")
        let attributes = try FileManager.default.attributesOfItem(atPath: history.directory + "/recordings")
        #expect(attributes[.posixPermissions] as? Int == 0o700)
    }
}
