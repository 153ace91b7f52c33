import Foundation
import Glibc
import PlantarSupport
import Testing

/// A private directory for device nodes, FIFOs and links; removed at the end.
final class Scratch {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "plantar-out-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// A character device with /dev/null's numbers (1, 3) in this directory, or nil where mknod is not permitted.
    func nullDevice(_ name: String = "null") -> String? {
        let p = path + "/" + name
        return mknod(p, S_IFCHR | 0o666, nullDeviceNumber) == 0 ? p : nil
    }

    func fifo(_ name: String = "fifo") -> String {
        let p = path + "/" + name
        mkfifo(p, 0o600)
        return p
    }

    static func type(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : 0
    }
}

/// `makedev(1, 3)` (a C macro, so not visible from Swift): the numbers of the null device.
let nullDeviceNumber = dev_t(1 << 8 | 3)

/// Whether this process may make device nodes (root in CI; not in an unprivileged container).
let mayMakeDevices: Bool = {
    let s = Scratch()
    return s.nullDevice() != nil
}()

@Suite struct OutputFileTests {
    @Test(.enabled(if: mayMakeDevices, "mknod is not permitted here (needs root or CAP_MKNOD)"))
    func aCharacterDeviceIsWrittenThroughAndStaysADevice() throws {
        let s = Scratch()
        let node = try #require(s.nullDevice())
        try OutputFile.write("<svg/>", to: node)
        #expect(Scratch.type(node) == S_IFCHR)
        let fd = try OutputFile.open(node)
        close(fd)
        #expect(Scratch.type(node) == S_IFCHR)
        #expect(OutputFile.kind(of: node) == .characterDevice)
    }

    @Test func aFIFONobodyReadsIsRefusedAndStaysAFIFO() {
        let s = Scratch()
        let fifo = s.fifo()
        #expect(
            throws: PlantarError.badInput(
                path: fifo, line: 0, message: "is a FIFO that nobody reads: refusing to block")
        ) {
            try OutputFile.write("data", to: fifo)
        }
        #expect(Scratch.type(fifo) == S_IFIFO)
    }

    @Test func aFIFOWithAReaderGetsTheBytes() throws {
        let s = Scratch()
        let fifo = s.fifo()
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        defer { close(reader) }
        try OutputFile.write("hello", to: fifo)
        var buffer = [UInt8](repeating: 0, count: 16)
        let n = read(reader, &buffer, buffer.count)
        #expect(String(decoding: buffer[0..<max(0, n)], as: UTF8.self) == "hello")
        #expect(Scratch.type(fifo) == S_IFIFO)
    }

    @Test func aSymlinkIsWrittenThroughToItsTarget() throws {
        let s = Scratch()
        let target = s.path + "/target.svg"
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        let link = s.path + "/link.svg"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "target.svg")
        try OutputFile.write("new", to: link)
        #expect(Scratch.type(link) == S_IFLNK)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
    }

    @Test func aDanglingSymlinkCreatesItsTarget() throws {
        let s = Scratch()
        let link = s.path + "/link.svg"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: s.path + "/made.svg")
        try OutputFile.write("made", to: link)
        #expect(Scratch.type(link) == S_IFLNK)
        #expect(try String(contentsOfFile: s.path + "/made.svg", encoding: .utf8) == "made")
    }

    @Test func aRegularFileIsReplacedWholeKeepingItsPermissions() throws {
        let s = Scratch()
        let file = s.path + "/page.html"
        try "old and longer".write(toFile: file, atomically: false, encoding: .utf8)
        chmod(file, 0o640)
        try OutputFile.write("new", to: file)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "new")
        var st = stat()
        stat(file, &st)
        #expect(st.st_mode & 0o777 == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.path) == ["page.html"])
    }

    @Test func aDirectoryOrAnEmptyNameIsRefused() {
        let s = Scratch()
        #expect(throws: PlantarError.badInput(path: s.path, line: 0, message: "is a directory: name a file to write")) {
            try OutputFile.write("x", to: s.path)
        }
        #expect(throws: PlantarError.badInput(path: "", line: 0, message: "an empty file name")) {
            try OutputFile.write("x", to: "")
        }
        #expect(PlantarError.badInput(path: "", line: 0, message: "").exitCode == 2)
    }
}
