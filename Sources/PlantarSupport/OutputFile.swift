#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Where a command's output goes, decided without ever destroying what is there. Plantar may run as root, and
/// `--out /dev/null` must not turn the machine's `/dev/null` into a regular file.
///
/// | the path is                          | a whole file (`write`)                    | a stream (`open`)        |
/// |--------------------------------------|-------------------------------------------|--------------------------|
/// | new, or a regular file               | temporary file + rename: atomic           | created or truncated     |
/// | a symlink                            | as its target (the link stays a link)     | as its target            |
/// | a character device or FIFO           | written through, never replaced           | written through          |
/// | a FIFO nobody reads                  | refused (exit 2): it would block forever  | refused                  |
/// | a directory, socket or block device  | refused (exit 2)                          | refused                  |
public enum OutputFile {
    /// What lies at an output path now.
    public enum Kind: Sendable, Equatable {
        case new
        case regular
        case characterDevice
        case fifo
        case directory
        case other
    }

    /// What `path` is, following symlinks (a dangling symlink's target is `new`).
    public static func kind(of path: String) -> Kind {
        var st = stat()
        guard case .success = valueOrErrno({ stat(path, &st) }) else { return .new }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFCHR: return .characterDevice
        case S_IFIFO: return .fifo
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Writes `bytes` as the whole content of `path`: a reader of a regular file sees the old file or the new one,
    /// never half of one; a device or FIFO gets the bytes written through.
    public static func write(_ bytes: [UInt8], to path: String) throws(PlantarError) {
        let target = try resolvedPath(path)
        switch kind(of: target) {
        case .new, .regular:
            try replaceAtomically(target, with: bytes, shownAs: path)
        case .characterDevice, .fifo:
            let fd = try openThrough(target, shownAs: path)
            defer { close(fd) }
            try writeAll(fd, bytes, shownAs: path)
        case .directory:
            throw PlantarError.badInput(path: path, line: 0, message: "is a directory: name a file to write")
        case .other:
            throw PlantarError.badInput(
                path: path, line: 0, message: "is not a regular file, character device or FIFO: refusing to write")
        }
    }

    /// Writes a UTF-8 string as the whole content of `path` (see `write(_:to:)`).
    public static func write(_ text: String, to path: String) throws(PlantarError) {
        try write(Array(text.utf8), to: path)
    }

    /// A descriptor to stream into `path` (a recording as it is made): a new or regular file is created or
    /// truncated (mode 0644 before the umask), a device or FIFO is opened as it is. The caller closes it.
    public static func open(_ path: String) throws(PlantarError) -> Int32 {
        let target = try resolvedPath(path)
        switch kind(of: target) {
        case .new, .regular:
            let opened = valueOrErrno {
                Glibc.open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0o644)
            }
            switch opened {
            case .success(let fd): return fd
            case .failure(let error):
                throw PlantarError.badInput(path: path, line: 0, message: "cannot write: \(error)")
            }
        case .characterDevice, .fifo:
            return try openThrough(target, shownAs: path)
        case .directory:
            throw PlantarError.badInput(path: path, line: 0, message: "is a directory: name a file to write")
        case .other:
            throw PlantarError.badInput(
                path: path, line: 0, message: "is not a regular file, character device or FIFO: refusing to write")
        }
    }

    /// The path a write really goes to: symlinks followed (also a dangling one, to the file it names).
    static func resolvedPath(_ path: String) throws(PlantarError) -> String {
        guard !path.isEmpty else { throw PlantarError.badInput(path: path, line: 0, message: "an empty file name") }
        var current = path
        for _ in 0..<40 {
            var st = stat()
            guard case .success = valueOrErrno({ lstat(current, &st) }), st.st_mode & S_IFMT == S_IFLNK else {
                return current
            }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length > 0 else { return current }
            let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if target.hasPrefix("/") {
                current = target
            } else if let slash = current.lastIndex(of: "/") {
                current = String(current[...slash]) + target
            } else {
                current = target
            }
        }
        throw PlantarError.badInput(path: path, line: 0, message: "too many levels of symbolic links")
    }

    /// Opens an existing device or FIFO for writing, without creating, truncating or blocking on it.
    private static func openThrough(_ target: String, shownAs path: String) throws(PlantarError) -> Int32 {
        switch valueOrErrno({ Glibc.open(target, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) }) {
        case .success(let fd):
            // Writes block again as usual (a slow reader is waited for, not lost).
            let flags = fcntl(fd, F_GETFL)
            if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
            return fd
        case .failure(let error) where error.rawValue == ENXIO:
            throw PlantarError.badInput(path: path, line: 0, message: "is a FIFO that nobody reads: refusing to block")
        case .failure(let error):
            throw PlantarError.badInput(path: path, line: 0, message: "cannot write: \(error)")
        }
    }

    private static func replaceAtomically(_ target: String, with bytes: [UInt8], shownAs path: String)
        throws(PlantarError)
    {
        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[...$0]) } ?? ""
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        var template = Array((directory + "." + name + ".XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw PlantarError.badInput(path: path, line: 0, message: "cannot write: \(Errno.current)")
        }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let temporary = String(cString: template)
        var renamed = false
        defer {
            close(fd)
            if !renamed { unlink(temporary) }
        }
        // The new file keeps the old one's permissions; a new one gets 0666 less the umask, as `open` would give.
        var st = stat()
        let mode: mode_t
        if case .success = valueOrErrno({ stat(target, &st) }) {
            mode = st.st_mode & 0o7777
        } else {
            let mask = umask(0)
            umask(mask)
            mode = 0o666 & ~mask
        }
        fchmod(fd, mode)
        try writeAll(fd, bytes, shownAs: path)
        if case .failure(let error) = valueOrErrno({ fsync(fd) }) {
            throw PlantarError.badInput(path: path, line: 0, message: "cannot write: \(error)")
        }
        if case .failure(let error) = valueOrErrno({ rename(temporary, target) }) {
            throw PlantarError.badInput(path: path, line: 0, message: "cannot write: \(error)")
        }
        renamed = true
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], shownAs path: String) throws(PlantarError) {
        var offset = 0
        while offset < bytes.count {
            let written = valueOrErrno {
                bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            }
            switch written {
            case .success(let n): offset += n
            case .failure(let error):
                throw PlantarError.badInput(path: path, line: 0, message: "cannot write: \(error)")
            }
        }
    }
}
