import Foundation
import Glibc
import Testing

/// A private directory holding a device node with /dev/null's numbers, a FIFO and a plain directory.
final class NodeScratch: Sendable {
    let path: String
    /// A character device (1, 3), or nil where mknod is not permitted.
    let device: String?

    init() {
        let path = NSTemporaryDirectory() + "plantar-nodes-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        self.path = path
        device = mknod(path + "/null", S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0 ? path + "/null" : nil
        // A scratch held in a static property is never deinitialized: it goes when the process exits.
        ScratchCleanup.removeAtExit(path)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func makeNode(_ name: String) -> String? {
        let p = path + "/" + name
        return mknod(p, S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0 ? p : nil
    }

    func fifo(_ name: String) -> String {
        let p = path + "/" + name
        mkfifo(p, 0o600)
        return p
    }

    static func isCharacterDevice(_ p: String) -> Bool {
        var st = stat()
        return lstat(p, &st) == 0 && st.st_mode & S_IFMT == S_IFCHR
    }

    static func isFIFO(_ p: String) -> Bool {
        var st = stat()
        return lstat(p, &st) == 0 && st.st_mode & S_IFMT == S_IFIFO
    }

    static let mknodPermitted = NodeScratch().device != nil
}

/// Run as root, `--out /dev/null` must leave /dev/null a device: every output option is written through a device node.
@Suite struct OutputPathTests {
    static let fixture = CLI.fixture("toe-presses-55kg-100hz.evemu")

    @Test(.enabled(if: NodeScratch.mknodPermitted, "mknod is not permitted here (tests run as root in CI)"))
    func everyOutputOptionWritesThroughADeviceNode() throws {
        let s = NodeScratch()
        let node = try #require(s.device)
        let node2 = try #require(s.makeNode("null2"))
        let env = ["PLANTAR_DATA_DIR": s.path + "/data"]
        let commands: [[String]] = [
            ["plot", Self.fixture, "--exercise", "toe-presses", "--out", node],
            ["report", Self.fixture, "--exercise", "toe-presses", "--html", node],
            ["simulate", "--exercise", "toe-presses", "--rate", "10", "--out", node, "--expected", node2],
        ]
        for args in commands {
            let r = try CLI.run(args, environment: env)
            #expect(r.status == 0, "\(args[0]): \(r.stderr)")
            #expect(NodeScratch.isCharacterDevice(node), "\(args[0]) left \(node) a character device")
            #expect(NodeScratch.isCharacterDevice(node2))
        }
        // Beside a device there is no place for the expected result: it must be named.
        let r = try CLI.run(["simulate", "--exercise", "toe-presses", "--rate", "10", "--out", node], environment: env)
        #expect(r.status == 64)
        #expect(r.stderr.contains("name the expected result's file with --expected"))
        #expect(NodeScratch.isCharacterDevice(node))
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.path).sorted() == ["null", "null2"])
    }

    @Test func aFIFONobodyReadsIsRefusedWithExitTwo() throws {
        let s = NodeScratch()
        let fifo = s.fifo("fifo")
        let r = try CLI.run(["plot", Self.fixture, "--exercise", "toe-presses", "--out", fifo])
        #expect(r.status == 2)
        #expect(r.stderr == "plantar: \(fifo): is a FIFO that nobody reads: refusing to block\n")
        #expect(NodeScratch.isFIFO(fifo))
    }

    @Test func aSymlinkedOutputIsWrittenToItsTarget() throws {
        let s = NodeScratch()
        let target = s.path + "/plot.svg"
        FileManager.default.createFile(atPath: target, contents: Data("old".utf8))
        try FileManager.default.createSymbolicLink(atPath: s.path + "/link.svg", withDestinationPath: "plot.svg")
        let r = try CLI.run(["plot", Self.fixture, "--exercise", "toe-presses", "--out", s.path + "/link.svg"])
        #expect(r.status == 0, "\(r.stderr)")
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: s.path + "/link.svg")
        #expect(link == "plot.svg")
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("<?xml"))
    }
}
