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
    /// How much of a regular file is mapped at a time: the file is read through a window that moves on, so memory
    /// stays at a window's worth however long the recording. 2 MiB: each move unmaps the window before, and while the
    /// session's thread runs on another processor that costs an interrupt to it to flush its TLB (on a virtual
    /// machine, an exit to the hypervisor). With 256 KiB windows the kernel's share of a one-hour board replay was
    /// 15.6 ms; with 2 MiB, 8–9 ms, for 1.6 MB more resident memory at most.
    static let window = 1 << 21

    /// Where reading stands. The event loop works on a local copy and stores it back when it returns, so that the
    /// hot path touches no class property (each such access costs a runtime exclusivity check).
    struct Cursor {
        /// Where the bytes are: the read buffer, or the mapped window of the file.
        var base: UnsafePointer<UInt8>
        var start = 0
        var end = 0
        var atEOF = false
        /// The mapped window's offset in the file and length (0: not mapped).
        var windowOffset = 0
        var mappedLength = 0
        var lineNumber = 0
        var lastRawMicros: Int64 = .min
        var originMicros: Int64?
        var stamp = Stamp()
    }

    /// The `E: sec.usec ` that began the last event line read by `parseFastLine` or `parseCommonEvent` (at most 23
    /// bytes), and its time: the events of one frame share it, so it is compared rather than read again. A line read
    /// by the general path forgets it: while there is one, it is the time of the last event (`lastRawMicros`, so a
    /// line that matches it goes no further back in time) and the first event's time is known.
    struct Stamp {
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var masks: (UInt64, UInt64) = (0, 0)
        /// Bytes, including the space after the microseconds; 0 when there is none.
        var length = 0
        /// The stamp's time from the first event's: the time of an event with this stamp. (Its raw time is
        /// `lastRawMicros`.)
        var relative: Int64 = 0

        init() {}

        init(_ prefix: (UInt64, UInt64, UInt64), length: Int, micros: Int64, origin: Int64) {
            masks = (EvemuReader.lowBytesMask(length - 8), EvemuReader.lowBytesMask(length - 16))
            words = (prefix.0, prefix.1 & masks.0, prefix.2 & masks.1)
            self.length = length
            relative = micros &- origin
        }

        @inline(__always)
        func matches(_ prefix: (UInt64, UInt64, UInt64)) -> Bool {
            prefix.0 == words.0 && prefix.1 & masks.0 == words.1 && prefix.2 & masks.1 == words.2
        }
    }

    /// What `parseFastLine` learnt of an earlier event line with the same `tttt cccc ` (type and code, and the spaces
    /// after them): their values, and the bytes from after the value to the line feed when they are few. The lines
    /// of one axis (evemu writes a comment per type and code) are then recognised by comparing words.
    struct LineShape {
        /// The bytes `tttt ccc` and `tt cccc ` of the line (offsets 8 and 10 after the '.'); 0 for an empty slot.
        var key: (UInt64, UInt64) = (0, 0)
        var type: UInt16 = 0
        var code: UInt16 = 0
        /// Bytes from after the value through the line feed (at most 32), 0 when not known.
        var tailLength = 0
        var tail: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var masks: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    }

    /// Slots of `shapes`, found by a hash of the key.
    static let shapeSlots = 64

    /// A word's mask for its first `bytes` bytes in memory order (all for 8 or more, none for 0 or fewer).
    @inline(__always)
    static func lowBytesMask(_ bytes: Int) -> UInt64 { bytes >= 8 ? ~0 : bytes <= 0 ? 0 : (1 << UInt64(bytes * 8)) - 1 }

    /// A line's first 24 bytes as three little-endian words: what `Stamp` compares (`E: sec.usec ` fits in them).
    @inline(__always)
    static func linePrefix(_ start: UnsafeRawPointer) -> (UInt64, UInt64, UInt64) {
        (
            UInt64(littleEndian: start.loadUnaligned(as: UInt64.self)),
            UInt64(littleEndian: start.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            UInt64(littleEndian: start.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        )
    }

    let fd: Int32
    /// `shapeSlots` line shapes (see `LineShape`), for `parseFastLine`.
    let shapes: UnsafeMutablePointer<LineShape>
    let buffer: UnsafeMutablePointer<UInt8>
    let capacity: Int
    /// Whether the file is read through a mapped window (a regular file), or with `read` (pipes, devices, gzip).
    let mapped: Bool
    /// Whether the descriptor read is a regular file (all its events are there to be read ahead), not a pipe or a
    /// device whose events come as they are made.
    public let isRegularFile: Bool
    /// A gzip-compressed recording's decompressor: the file's bytes go through it into the read buffer.
    let inflater: GzipInflater?
    /// The recording is compressed and its file ends inside the compressed stream (the program writing it stopped):
    /// it was read to its last whole line, and a warning naming the file was written to standard error.
    public internal(set) var cutShort = false
    @exclusivity(unchecked) var cursor: Cursor
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
        shapes = .allocate(capacity: Self.shapeSlots)
        shapes.initialize(repeating: LineShape(), count: Self.shapeSlots)
        var opened = stat()
        let regular = fstat(fd, &opened) == 0 && (opened.st_mode & S_IFMT) == S_IFREG
        isRegularFile = regular
        // Bytes read to look for the gzip magic where they cannot be read again (a pipe): they start the text.
        let (gzip, kept) = Self.sniffGzip(fd, regular: regular, into: buffer)
        inflater = gzip ? GzipInflater(pending: UnsafeRawBufferPointer(start: buffer, count: kept)) : nil
        // A regular file with a size (files of /proc and the like say 0 and are read).
        mapped = regular && opened.st_size > 0 && !gzip
        cursor = Cursor(base: UnsafePointer(buffer))
        if !gzip { cursor.end = kept }
        device = DeviceDescription(name: "", bus: 0, vendor: 0, product: 0)
        // On a throw here deinit still runs (every property is set) and releases the descriptor and buffer.
        try readHeader()
    }

    deinit {
        if cursor.mappedLength > 0 { munmap(UnsafeMutableRawPointer(mutating: cursor.base), cursor.mappedLength) }
        close(fd)
        buffer.deallocate()
        shapes.deallocate()
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
        let base = c.base
        guard let nlIndex = Self.lineFeed(base, from: c.start, to: c.end) else { return nil }
        var lineEnd = nlIndex
        if lineEnd > c.start, base[lineEnd - 1] == 0x0D { lineEnd -= 1 }
        let line = UnsafeBufferPointer(start: base + c.start, count: lineEnd - c.start)
        c.start = nlIndex + 1
        c.lineNumber += 1
        if line.count > Self.maximumLineLength {
            throw fail("line is longer than \(Self.maximumLineLength) bytes", at: c)
        }
        return line
    }

    /// The index of the first line feed in `base[from..<to]`, or nil. Eight bytes at a time: a byte is a line feed
    /// where its XOR with 0x0A is zero, and the lowest zero byte of a word is the lowest byte whose high bit survives
    /// `(x − 0x01…01) & ~x & 0x80…80` (borrows only ever mark bytes above a zero one).
    @inline(__always)
    static func lineFeed(_ base: UnsafePointer<UInt8>, from: Int, to end: Int) -> Int? {
        var i = from
        let raw = UnsafeRawPointer(base)
        while i &+ 8 <= end {
            let x = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) ^ 0x0A0A_0A0A_0A0A_0A0A
            let zero = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
            if zero != 0 { return i &+ zero.trailingZeroBitCount &>> 3 }
            i &+= 8
        }
        while i < end {
            if base[i] == 0x0A { return i }
            i &+= 1
        }
        return nil
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
                let line = UnsafeBufferPointer(start: c.base + c.start, count: c.end - c.start)
                c.start = c.end
                c.lineNumber += 1
                return line
            }
            if mapped {
                try moveWindow(&c)
                continue
            }
            if c.start > 0 {
                let remaining = c.end - c.start
                if remaining > 0 { memmove(buffer, buffer + c.start, remaining) }
                c.start = 0
                c.end = remaining
            }
            try readMore(&c)
        }
    }

    /// Maps the window of the file that starts at the page of the first unread byte (the line being read is whole in
    /// it: a window is far longer than a line may be).
    func moveWindow(_ c: inout Cursor) throws {
        // The size now: a file that grew is read to its new end, and no page past a shortened end is mapped.
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw fail(String(cString: strerror(errno)), at: c) }
        let fileSize = Int(st.st_size)
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let unread = c.mappedLength > 0 ? c.windowOffset + c.start : 0
        let offset = unread / page * page
        let length = Swift.max(0, Swift.min(Self.window, fileSize - offset))
        if c.mappedLength > 0 {
            munmap(UnsafeMutableRawPointer(mutating: c.base), c.mappedLength)
            c.mappedLength = 0
        }
        guard length > 0 else {
            c.start = 0
            c.end = 0
            c.atEOF = true
            return
        }
        // Not MAP_POPULATE: it maps each page on its own, where a fault maps the 16 pages around it from the page cache
        // at once (fault-around); with it the kernel's share was 2–3 ms more.
        let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, off_t(offset))
        guard let mapped, mapped != MAP_FAILED else {
            throw fail("cannot map the file: \(String(cString: strerror(errno)))", at: c)
        }
        c.base = UnsafePointer(mapped.assumingMemoryBound(to: UInt8.self))
        c.mappedLength = length
        c.windowOffset = offset
        c.start = unread - offset
        c.end = length
        c.atEOF = offset + length >= fileSize
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
