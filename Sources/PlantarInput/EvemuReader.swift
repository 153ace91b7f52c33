import Foundation
import PlantarSupport

/// Reads an evemu 1.x recording (evemu-record's text format) as a stream: the header first, then one event at a
/// time, in constant memory whatever the file's length. Every error names the file and line.
///
/// Accepted, as evemu itself writes and reads them: `#` comments anywhere, blank lines, header lines
/// `N: I: P: B: A: L: S:` before the first event, and `E: sec.usec type code value` lines with type and code in
/// hex, the value in decimal, and an optional trailing `# …` description.
public final class EvemuReader {
    public let path: String
    public internal(set) var device: DeviceDescription
    /// The evemu file format version from the first line, `(1, 0)` when absent.
    public internal(set) var formatVersion: (major: Int, minor: Int) = (1, 0)
    /// The line read last (1-based), 0 before the first.
    public var lineNumber: Int { cursor.lineNumber }
    /// The first event's raw timestamp; event times are reported relative to it.
    public var originMicros: Int64? { cursor.originMicros }

    public static let maximumLineLength = 65_536
    static let chunk = 1 << 18

    /// Where reading stands. The event loop works on a local copy and stores it back when it returns, so that the
    /// hot path touches no class property (each such access costs a runtime exclusivity check).
    struct Cursor {
        var start = 0
        var end = 0
        var atEOF = false
        var lineNumber = 0
        var lastRawMicros: Int64 = .min
        var originMicros: Int64?
        var stamp = Stamp()
    }

    /// The `E: sec.usec ` that began the last event line read by `parseCommonEvent` (at most 23 bytes), and its time:
    /// the events of one frame share it, so it is compared rather than read again.
    struct Stamp {
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var masks: (UInt64, UInt64) = (0, 0)
        /// Bytes, including the space after the microseconds; 0 when there is none.
        var length = 0
        var micros: Int64 = 0

        init() {}

        init(_ prefix: (UInt64, UInt64, UInt64), length: Int, micros: Int64) {
            func mask(_ bytes: Int) -> UInt64 { bytes >= 8 ? ~0 : bytes <= 0 ? 0 : (1 << UInt64(bytes * 8)) - 1 }
            masks = (mask(length - 8), mask(length - 16))
            words = (prefix.0, prefix.1 & masks.0, prefix.2 & masks.1)
            self.length = length
            self.micros = micros
        }

        @inline(__always)
        func matches(_ prefix: (UInt64, UInt64, UInt64)) -> Bool {
            prefix.0 == words.0 && prefix.1 & masks.0 == words.1 && prefix.2 & masks.1 == words.2
        }
    }

    let fd: Int32
    let buffer: UnsafeMutablePointer<UInt8>
    let capacity: Int
    @exclusivity(unchecked) var cursor = Cursor()
    @exclusivity(unchecked) var pendingEvent: InputEvent?

    /// Opens `path` and reads the header. Throws `PlantarError.badInput` for anything evemu would not accept.
    public init(path: String) throws {
        self.path = path
        var st = stat()
        if case .failure(let error) = valueOrErrno({ stat(path, &st) }) {
            throw PlantarError.badInput(path: path, line: 0, message: error.description)
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw PlantarError.badInput(path: path, line: 0, message: "is a directory, not an evemu recording")
        }
        let fd: Int32
        switch valueOrErrno({ open(path, O_RDONLY | O_CLOEXEC) }) {
        case .success(let opened): fd = opened
        case .failure(let error): throw PlantarError.badInput(path: path, line: 0, message: error.description)
        }
        self.fd = fd
        capacity = Self.chunk + Self.maximumLineLength
        buffer = .allocate(capacity: capacity)
        device = DeviceDescription(name: "", bus: 0, vendor: 0, product: 0)
        // On a throw here deinit still runs (every property is set) and releases the descriptor and buffer.
        try readHeader()
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    func fail(_ message: String) -> PlantarError {
        .badInput(path: path, line: cursor.lineNumber, message: message)
    }

    func fail(_ message: String, at c: Cursor) -> PlantarError {
        .badInput(path: path, line: c.lineNumber, message: message)
    }

    // MARK: Lines

    /// The next line without its terminator, or nil at the end of the file. Valid until the next call.
    @inline(__always)
    func nextLine(_ c: inout Cursor) throws -> UnsafeBufferPointer<UInt8>? {
        if let line = try bufferedLine(&c) { return line }
        return try refillAndReadLine(&c)
    }

    /// The next whole line already in the buffer, or nil when the buffer holds no line end.
    @inline(__always)
    func bufferedLine(_ c: inout Cursor) throws -> UnsafeBufferPointer<UInt8>? {
        guard c.end > c.start, let nl = memchr(buffer + c.start, 0x0A, c.end - c.start) else { return nil }
        let nlIndex = buffer.distance(to: nl.assumingMemoryBound(to: UInt8.self))
        var lineEnd = nlIndex
        if lineEnd > c.start, buffer[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        let line = UnsafeBufferPointer(start: buffer + c.start, count: lineEnd - c.start)
        c.start = nlIndex + 1
        c.lineNumber += 1
        if line.count > Self.maximumLineLength {
            throw fail("line is longer than \(Self.maximumLineLength) bytes", at: c)
        }
        return line
    }

    /// The rest of `nextLine`: no whole line is buffered, so read more (or finish the last, unterminated line).
    @inline(never)
    func refillAndReadLine(_ c: inout Cursor) throws -> UnsafeBufferPointer<UInt8>? {
        while true {
            if let line = try bufferedLine(&c) { return line }
            if c.end - c.start > Self.maximumLineLength {
                c.lineNumber += 1
                throw fail("line is longer than \(Self.maximumLineLength) bytes", at: c)
            }
            if c.atEOF {
                guard c.end > c.start else { return nil }
                let line = UnsafeBufferPointer(start: buffer + c.start, count: c.end - c.start)
                c.start = c.end
                c.lineNumber += 1
                return line
            }
            if c.start > 0 {
                let remaining = c.end - c.start
                if remaining > 0 { memmove(buffer, buffer + c.start, remaining) }
                c.start = 0
                c.end = remaining
            }
            switch valueOrErrno({ read(fd, buffer + c.end, capacity - c.end) }) {
            case .success(0): c.atEOF = true
            case .success(let n): c.end += n
            case .failure(let error): throw fail(error.description, at: c)
            }
        }
    }

    /// `nextLine` on the stored cursor, for the header (not a hot path).
    func nextHeaderLine() throws -> UnsafeBufferPointer<UInt8>? {
        try nextLine(&cursor)
    }
}

func hexString(_ v: UInt16) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: max(0, 2 - s.count)) + s
}

func formatMicros(_ micros: Int64) -> String {
    let frac = String(micros % 1_000_000)
    return "\(micros / 1_000_000).\(String(repeating: "0", count: 6 - frac.count))\(frac)"
}
