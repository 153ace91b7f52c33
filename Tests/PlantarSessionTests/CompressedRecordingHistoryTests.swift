import Foundation
import PlantarInput
import PlantarSession
import PlantarSignal
import Testing

/// Live sessions are recorded compressed (`recordings/session-ID.evemu.gz`): such a recording replays to the same
/// report as the plain one, and `prune` removes it as it removes the plain recordings older histories hold.
@Suite struct CompressedRecordingHistoryTests {
    /// A copy of an evemu file, written by plantar's writer (compressed when `path` ends in `.gz`).
    static func copy(_ source: String, to path: String) throws {
        let reader = try EvemuReader(path: source)
        let writer = try EvemuWriter(path: path, device: reader.device, comment: "copied from \(source)")
        while let e = try reader.next() { try writer.write(e) }
        try writer.finish(sync: true)
    }

    static func report(_ path: String) throws -> String {
        let replay = Replay(path: path, routine: .single(.toePresses), single: true)
        var json = try replay.run().json().serialized(pretty: false)
        json = json.replacingOccurrences(of: path, with: "PATH")
        return json
    }

    static func size(_ path: String) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? -1
    }

    @Test func aCompressedSessionRecordingReplaysToTheSameReport() throws {
        let history = TempHistory()
        let store = try history.store()
        let id = try store.beginSession(
            person: "alice", source: "/dev/input/event3", device: "Board", routine: "Toe presses", at: Date())
        let recording = try store.newRecordingPath(session: id)
        #expect(recording.hasSuffix("/session-\(id).evemu.gz"))
        let plain = history.directory + "/plain.evemu"
        try Self.copy(fixtures + "/toe-presses-55kg-100hz.evemu", to: plain)
        try Self.copy(fixtures + "/toe-presses-55kg-100hz.evemu", to: recording)
        #expect(try Self.size(recording) * 3 < (try Self.size(plain)))
        let report = try Self.report(recording)
        #expect(report == (try Self.report(plain)))
        #expect(report.contains("\"counted\": true"), "the fixture's reps are found: \(report.prefix(300))")
    }

    @Test func pruneRemovesCompressedAndPlainRecordings() throws {
        let history = TempHistory()
        let store = try history.store()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        func session(daysAgo: Double, name: ((Int64) throws -> String)? = nil) throws -> (Int64, String) {
            let id = try store.beginSession(
                person: "alice", source: "/dev/input/event3", device: "Board", routine: "Toe presses",
                at: now.addingTimeInterval(-daysAgo * 86_400))
            let path = try name?(id) ?? store.newRecordingPath(session: id)
            try Self.copy(fixtures + "/toe-presses-55kg-100hz.evemu", to: path)
            try store.setRecording(session: id, path: path)
            return (id, path)
        }
        let (oldGz, oldGzFile) = try session(daysAgo: 40)
        // What an older plantar recorded: plain text, its path kept in the history.
        let (oldPlain, oldPlainFile) = try session(daysAgo: 35) { id in
            String(try store.newRecordingPath(session: id).dropLast(3))
        }
        let (recent, recentFile) = try session(daysAgo: 1)
        #expect(oldPlainFile.hasSuffix(".evemu") && oldGzFile.hasSuffix(".evemu.gz"))
        let bytes = try Self.size(oldGzFile) + Self.size(oldPlainFile)

        let pruned = try store.prune(keepDays: 30, now: now)

        #expect(Set(pruned.sessions) == [oldGz, oldPlain])
        #expect(pruned.bytes == bytes)
        #expect(!FileManager.default.fileExists(atPath: oldGzFile))
        #expect(!FileManager.default.fileExists(atPath: oldPlainFile))
        #expect(FileManager.default.fileExists(atPath: recentFile))
        #expect(try store.session(id: recent)?.recording == recentFile)
        #expect(try store.session(id: oldGz)?.recording == nil)
        #expect(try store.reps(session: oldGz).isEmpty, "no reps were kept for it; the session row stays")
        #expect(try store.session(id: oldGz) != nil)
    }
}
