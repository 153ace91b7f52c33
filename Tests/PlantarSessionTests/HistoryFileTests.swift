import Foundation
import Glibc
import PlantarSession
import PlantarSupport
import Testing

/// The history is only ever written into a regular file: a FIFO, a device node or a directory where the history file
/// belongs is refused with a storage error, and left as it was.
@Suite struct HistoryFileTests {
    static func fileType(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : 0
    }

    @Test func aFIFOInPlaceOfTheHistoryIsRefusedAndKept() throws {
        let history = TempHistory()
        try FileManager.default.createDirectory(atPath: history.directory, withIntermediateDirectories: true)
        let path = history.directory + "/history.sqlite"
        #expect(mkfifo(path, 0o600) == 0)
        let error = #expect(throws: PlantarError.self) { try history.store() }
        #expect(
            error
                == .storage(path: path, message: "is not a regular file; the history is kept only in a regular file"))
        #expect(Self.fileType(path) == S_IFIFO)
    }

    @Test func aDirectoryInPlaceOfTheHistoryIsRefused() throws {
        let history = TempHistory()
        try FileManager.default.createDirectory(
            atPath: history.directory + "/history.sqlite", withIntermediateDirectories: true)
        #expect(throws: PlantarError.self) { try history.store() }
        #expect(Self.fileType(history.directory + "/history.sqlite") == S_IFDIR)
    }

    @Test(
        .enabled(
            if: mknod(NSTemporaryDirectory() + "plantar-mknod-probe-\(getpid())", S_IFCHR | 0o600, dev_t(1 << 8 | 3))
                == 0
                && unlink(NSTemporaryDirectory() + "plantar-mknod-probe-\(getpid())") == 0,
            "mknod of a character device is not permitted here (it needs root)"))
    func aDeviceNodeInPlaceOfTheHistoryIsRefusedAndStaysADevice() throws {
        let history = TempHistory()
        try FileManager.default.createDirectory(atPath: history.directory, withIntermediateDirectories: true)
        let path = history.directory + "/history.sqlite"
        #expect(mknod(path, S_IFCHR | 0o600, dev_t(1 << 8 | 3)) == 0)
        #expect(throws: PlantarError.self) { try history.store() }
        #expect(Self.fileType(path) == S_IFCHR)
    }

    @Test func aSymlinkToARegularFileIsFollowed() throws {
        let history = TempHistory()
        try FileManager.default.createDirectory(atPath: history.directory, withIntermediateDirectories: true)
        let target = history.directory + "/elsewhere.sqlite"
        #expect(FileManager.default.createFile(atPath: target, contents: nil))
        try FileManager.default.createSymbolicLink(
            atPath: history.directory + "/history.sqlite", withDestinationPath: target)
        _ = try history.store()
        #expect(Self.fileType(history.directory + "/history.sqlite") == S_IFLNK)
        let size = (try FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
        #expect(size > 0, "the schema was written into the link's target")
    }
}
