import Glibc
import PlantarSupport

/// Where the reader's bytes come from when the file is not mapped: `read` (pipes, devices), or a gzip recording
/// decompressed as it is read.
extension EvemuReader {
    /// Whether the file starts with the gzip magic (1f 8b). A regular file is peeked at with `pread`; elsewhere the
    /// first bytes are read into `buffer` and their count returned (the caller keeps them).
    static func sniffGzip(_ fd: Int32, regular: Bool, into buffer: UnsafeMutablePointer<UInt8>) -> (Bool, kept: Int) {
        var count = 0
        while count < 2 {
            let result =
                regular
                ? valueOrErrno({ pread(fd, buffer + count, 2 - count, off_t(count)) })
                : valueOrErrno({ read(fd, buffer + count, 2 - count) })
            guard case .success(let n) = result, n > 0 else { break }
            count += n
        }
        let gzip = UnsafeRawBufferPointer(start: buffer, count: count).startsWithGzipMagic
        return (gzip, regular ? 0 : count)
    }

    /// Reads more of the file after `c.end` in the read buffer; at the end of the file sets `c.atEOF`. A compressed
    /// recording cut short (a crash while it was written) ends at its last whole line, with a warning.
    func readMore(_ c: inout Cursor) throws {
        guard let inflater else {
            switch valueOrErrno({ read(fd, buffer + c.end, capacity - c.end) }) {
            case .success(0): c.atEOF = true
            case .success(let n): c.end += n
            case .failure(let error): throw fail(error.description, at: c)
            }
            return
        }
        let result: GzipInflater.Read
        do {
            result = try inflater.read(fd, into: buffer + c.end, count: capacity - c.end)
        } catch let error as Errno {
            throw fail(error.description, at: c)
        } catch {
            throw fail("\(error)", at: c)
        }
        switch result {
        case .bytes(let n): c.end += n
        case .end: c.atEOF = true
        case .cutShort:
            // The buffer holds no line end here (a whole line would have been returned): what is left is the start
            // of a line the writer never finished, and is dropped rather than read as a shorter number.
            c.end = c.start
            c.atEOF = true
            cutShort = true
            Console.errorLine(
                "plantar: warning: \(path): the compressed recording ends early (its writer stopped, e.g. a crash); "
                    + "read to line \(c.lineNumber), its last whole line")
        }
    }
}
