import Foundation
import Glibc
import PlantarSession
import Testing

/// Compressed recordings (`.evemu.gz`) through the commands: written when the name asks for it, plotted and reported
/// by a session's id, pruned, a cut-short one replayed with a warning, a corrupt one refused with exit 2.
@Suite struct CompressedRecordingCLITests {
    static func temporaryDirectory() -> String {
        let dir = NSTemporaryDirectory() + "plantar-gz-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }

    /// A gzip-compressed toe-press recording written by `simulate` (its expected result beside it, without `.evemu.gz`).
    static func simulated(in dir: String) throws -> String {
        let path = dir + "/sim.evemu.gz"
        let r = try CLI.run(["simulate", "--exercise", "toe-presses", "--out", path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("and \(dir)/sim.expected.json"), "\(r.stdout)")
        #expect(Array(try bytes(path).prefix(2)) == [0x1F, 0x8B])
        return path
    }

    @Test func aCompressedSessionRecordingPlotsAndReportsByIdUntilPruned() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["PLANTAR_DATA_DIR": dir + "/data", "PLANTAR_PERSON": "alice"]
        let simulated = try Self.simulated(in: dir)
        // What `plantar run` leaves now: a session read from a device node, its compressed recording kept.
        let store = try HistoryStore(directory: dir + "/data")
        let id = try store.beginSession(
            person: "alice", source: "/dev/input/event3", device: "Nintendo Wii Remote Balance Board",
            routine: "Toe presses", at: Date().addingTimeInterval(-10 * 86_400))
        let recording = try store.newRecordingPath(session: id)
        #expect(recording.hasSuffix("recordings/session-\(id).evemu.gz"))
        try FileManager.default.copyItem(atPath: simulated, toPath: recording)
        try store.setRecording(session: id, path: recording)
        try store.endSession(id, state: .finished, verdict: "passed")

        let replay = try CLI.run(["replay", recording, "--exercise", "toe-presses", "--json"], environment: env)
        #expect(replay.status == 0 && replay.stderr.isEmpty, "\(replay.stderr)")
        #expect(replay.stdout.contains("\"counted\": true"), "\(replay.stdout.prefix(400))")
        let plot = try CLI.run(
            ["plot", "\(id)", "--exercise", "toe-presses", "--out", dir + "/p.svg"], environment: env)
        #expect(plot.status == 0, "\(plot.stderr)")
        #expect(try Self.bytes(dir + "/p.svg").count > 1_000)
        let report = try CLI.run(
            ["report", "\(id)", "--exercise", "toe-presses", "--html", dir + "/r.html"], environment: env)
        #expect(report.status == 0, "\(report.stderr)")

        let size = try Self.bytes(recording).count
        let prune = try CLI.run(["history", "prune", "--keep-days", "7"], environment: env)
        #expect(
            prune.stdout
                == "removed the recordings of 1 sessions older than 7 days (\(String(format: "%.1f", Double(size) / 1e6)) MB); their results are kept\n"
        )
        #expect(!FileManager.default.fileExists(atPath: recording))
    }

    @Test func aRecordingCutShortReplaysWhatItHoldsWithAWarning() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let whole = try Self.bytes(try Self.simulated(in: dir))
        let cut = dir + "/crashed.evemu.gz"
        #expect(FileManager.default.createFile(atPath: cut, contents: Data(whole.prefix(whole.count * 2 / 3))))
        let r = try CLI.run(["replay", cut, "--exercise", "toe-presses", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("plantar: warning: \(cut): the compressed recording ends early"), "\(r.stderr)")
        #expect(r.stdout.contains("\"counted\": true"), "the reps before the cut are counted: \(r.stdout.prefix(400))")
    }

    @Test func aCorruptCompressedRecordingIsBadInputExitTwo() throws {
        let dir = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var bytes = try Self.bytes(try Self.simulated(in: dir))
        bytes[bytes.count - 6] ^= 0xFF  // the CRC-32 of the text
        let bad = dir + "/bad.evemu.gz"
        #expect(FileManager.default.createFile(atPath: bad, contents: Data(bytes)))
        for command in ["replay", "plot"] {
            var args = [command, bad, "--exercise", "toe-presses"]
            if command == "plot" { args += ["--out", dir + "/p.svg"] }
            let r = try CLI.run(args)
            #expect(r.status == 2, "\(command): \(r.stderr)")
            #expect(r.stderr.hasPrefix("plantar: \(bad):"), "\(command): \(r.stderr)")
            #expect(r.stderr.contains("corrupt compressed data"), "\(command): \(r.stderr)")
        }
    }

    /// Run as root, a `.gz` name on a device node must not turn it into a regular file: written through, compressed.
    @Test(.enabled(if: NodeScratch.mknodPermitted, "mknod is not permitted here (tests run as root in CI)"))
    func aCompressedRecordingWritesThroughADeviceNode() throws {
        let s = NodeScratch()
        let node = try #require(s.makeNode("null.evemu.gz"))
        let expected = try #require(s.makeNode("expected.json"))
        let r = try CLI.run(
            ["simulate", "--exercise", "toe-presses", "--rate", "10", "--out", node, "--expected", expected],
            environment: ["PLANTAR_DATA_DIR": s.path + "/data"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(NodeScratch.isCharacterDevice(node))
        #expect(NodeScratch.isCharacterDevice(expected))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: s.path).sorted()
                == ["expected.json", "null", "null.evemu.gz"])
    }
}
