import Foundation

/// The file a fuzz target hands its input to the parser through: one per process, rewritten in place for each input
/// (no temporary file renamed over it), in shared memory when there is some (/dev/shm), so that a busy disk never
/// holds an input up long enough to be taken for a hang. It is removed when the process exits.
public enum FuzzFile {
    nonisolated(unsafe) static var path: String?

    static var directory: String {
        var st = stat()
        if stat("/dev/shm", &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR, access("/dev/shm", W_OK) == 0 {
            return "/dev/shm/"
        }
        return NSTemporaryDirectory()
    }

    /// Writes the input to this process's file (named with `name` and the pid) and returns the file's path.
    public static func write(_ data: UnsafePointer<UInt8>, _ size: Int, name: String) -> String {
        let path = self.path ?? start(name: name)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { fail(path) }
        var done = 0
        while done < size {
            let n = Glibc.write(fd, data + done, size - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { fail(path) }
            done += n
        }
        close(fd)
        return path
    }

    private static func start(name: String) -> String {
        let path = directory + "plantar-fuzz-\(getpid())-" + name
        self.path = path
        atexit { if let p = FuzzFile.path { unlink(p) } }
        return path
    }

    private static func fail(_ path: String) -> Never {
        fatalError("cannot write the fuzz input to \(path): \(String(cString: strerror(errno)))")
    }
}
