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
    public private(set) var device: DeviceDescription
    /// The evemu file format version from the first line, `(1, 0)` when absent.
    public private(set) var formatVersion: (major: Int, minor: Int) = (1, 0)
    /// The line read last (1-based), 0 before the first.
    public var lineNumber: Int { cursor.lineNumber }
    /// The first event's raw timestamp; event times are reported relative to it.
    public var originMicros: Int64? { cursor.originMicros }

    public static let maximumLineLength = 65_536
    private static let chunk = 1 << 18

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

    private let fd: Int32
    private let buffer: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    @exclusivity(unchecked) private var cursor = Cursor()
    @exclusivity(unchecked) private var pendingEvent: InputEvent?

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

    private func fail(_ message: String) -> PlantarError {
        .badInput(path: path, line: cursor.lineNumber, message: message)
    }

    private func fail(_ message: String, at c: Cursor) -> PlantarError {
        .badInput(path: path, line: c.lineNumber, message: message)
    }

    // MARK: Lines

    /// The next line without its terminator, or nil at the end of the file. Valid until the next call.
    @inline(__always)
    private func nextLine(_ c: inout Cursor) throws -> UnsafeBufferPointer<UInt8>? {
        if let line = try bufferedLine(&c) { return line }
        return try refillAndReadLine(&c)
    }

    /// The next whole line already in the buffer, or nil when the buffer holds no line end.
    @inline(__always)
    private func bufferedLine(_ c: inout Cursor) throws -> UnsafeBufferPointer<UInt8>? {
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
    private func refillAndReadLine(_ c: inout Cursor) throws -> UnsafeBufferPointer<UInt8>? {
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
    private func nextHeaderLine() throws -> UnsafeBufferPointer<UInt8>? {
        try nextLine(&cursor)
    }

    // MARK: Header

    private func readHeader() throws {
        var sawName = false
        var sawID = false
        var maskBytes = [UInt16: Int]()
        var propBytes = 0
        var sawAnyLine = false
        while let line = try nextHeaderLine() {
            sawAnyLine = true
            var s = LineScanner(line)
            s.skipSpaces()
            if s.atEnd { continue }
            if s.peek == UInt8(ascii: "#") {
                if cursor.lineNumber == 1 { parseVersion(line) }
                continue
            }
            guard line.count >= 2, line[1] == UInt8(ascii: ":") else {
                throw fail("expected a header line such as 'N: name' or an event 'E: …'")
            }
            let tag = line[0]
            s.advance(2)
            switch tag {
            case UInt8(ascii: "N"):
                guard !sawName else { throw fail("duplicate N: line (the device name is already set)") }
                s.skipSpaces()
                let name = s.rest().trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { throw fail("N: line has no device name") }
                guard name.utf8.allSatisfy({ $0 >= 0x20 }) else { throw fail("N: line has control characters") }
                device.name = name
                sawName = true
            case UInt8(ascii: "I"):
                guard sawName else { throw fail("I: line before the N: line") }
                guard !sawID else { throw fail("duplicate I: line") }
                let bus = try hex16(&s, "bus")
                let vendor = try hex16(&s, "vendor")
                let product = try hex16(&s, "product")
                let version = try hex16(&s, "version")
                try expectEnd(&s)
                device.bus = bus
                device.vendor = vendor
                device.product = product
                device.version = version
                sawID = true
            case UInt8(ascii: "P"):
                try requireIdentity(sawName, sawID)
                for _ in 0..<8 { device.properties.append(UInt8(try hex(&s, "property byte", max: 0xff))) }
                try expectEnd(&s)
                propBytes += 8
                guard propBytes <= 64 else { throw fail("too many P: lines") }
            case UInt8(ascii: "B"):
                try requireIdentity(sawName, sawID)
                let type = UInt16(try hex(&s, "event type", max: Int(EventCode.evMax)))
                let offset = maskBytes[type, default: 0]
                guard offset < 96 else { throw fail("too many B: lines for event type \(type)") }
                for i in 0..<8 {
                    let byte = try hex(&s, "mask byte", max: 0xff)
                    for bit in 0..<8 where byte & (1 << bit) != 0 {
                        device.enable(type: type, code: UInt16((offset + i) * 8 + bit))
                    }
                }
                try expectEnd(&s)
                maskBytes[type] = offset + 8
            case UInt8(ascii: "A"):
                try requireIdentity(sawName, sawID)
                let code = UInt16(try hex(&s, "axis code", max: Int(EventCode.absMax)))
                guard device.absInfo[code] == nil else { throw fail("duplicate A: line for axis 0x\(hexString(code))") }
                let minimum = try int32(&s, "minimum")
                let maximum = try int32(&s, "maximum")
                let fuzz = try int32(&s, "fuzz")
                let flat = try int32(&s, "flat")
                s.skipSpaces()
                let resolution = s.atEnd || s.peek == UInt8(ascii: "#") ? 0 : try int32(&s, "resolution")
                try expectEnd(&s)
                guard minimum <= maximum else { throw fail("axis minimum \(minimum) is above its maximum \(maximum)") }
                device.absInfo[code] = AbsInfo(
                    minimum: minimum, maximum: maximum, fuzz: fuzz, flat: flat, resolution: resolution)
                device.enable(type: EventCode.evAbs, code: code)
            case UInt8(ascii: "L"), UInt8(ascii: "S"):
                try requireIdentity(sawName, sawID)
                let index = UInt16(try hex(&s, "index", max: 0xff))
                let state = try int32(&s, "state")
                try expectEnd(&s)
                if tag == UInt8(ascii: "L") {
                    device.leds.append((index, state))
                } else {
                    device.switches.append((index, state))
                }
            case UInt8(ascii: "E"):
                try requireIdentity(sawName, sawID)
                pendingEvent = try parseEvent(line, &cursor)
                return
            default:
                let shown =
                    tag >= 0x20 && tag < 0x7f
                    ? "'\(Character(UnicodeScalar(tag))):'" : "byte 0x\(String(tag, radix: 16))"
                throw fail("unknown header line \(shown)")
            }
        }
        if !sawAnyLine { throw PlantarError.badInput(path: path, line: 1, message: "empty file: no evemu header") }
        try requireIdentity(sawName, sawID)
    }

    private func parseVersion(_ line: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "EVEMU ") else { return }
        let parts = text[range.upperBound...].split(separator: ".")
        if parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1].prefix { $0.isNumber }) {
            formatVersion = (major, minor)
        }
    }

    private func requireIdentity(_ sawName: Bool, _ sawID: Bool) throws {
        if !sawName { throw fail("missing N: line (the device name) before this line") }
        if !sawID { throw fail("missing I: line (bus, vendor, product, version) before this line") }
    }

    private func hex16(_ s: inout LineScanner, _ what: String) throws -> UInt16 {
        UInt16(try hex(&s, what, max: 0xffff))
    }

    private func hex(_ s: inout LineScanner, _ what: String, max: Int) throws -> Int {
        s.skipSpaces()
        guard let v = s.hex(maxDigits: 8) else { throw fail("expected a hex \(what)") }
        guard v <= max else { throw fail("\(what) 0x\(String(v, radix: 16)) is out of range") }
        return v
    }

    private func int32(_ s: inout LineScanner, _ what: String) throws -> Int32 {
        s.skipSpaces()
        guard let v = s.decimal(), let i = Int32(exactly: v) else { throw fail("expected a decimal \(what)") }
        return i
    }

    private func expectEnd(_ s: inout LineScanner) throws {
        s.skipSpaces()
        guard s.atEnd || s.peek == UInt8(ascii: "#") else { throw fail("unexpected text at the end of the line") }
    }

    // MARK: Events

    /// The next event, with its time relative to the first event; nil at the end of the file.
    public func next() throws -> InputEvent? {
        var event: InputEvent?
        // One event: reading straight from the stored cursor costs less than copying it in and out.
        try readEvents(&cursor) {
            event = $0
            return false
        }
        return event
    }

    /// Reads events and hands each to `body` until it returns false or the file ends: the same events and errors as
    /// calling `next()` in a loop, with the read position kept in registers between events.
    @inline(__always)
    public func forEachEvent(_ body: (InputEvent) -> Bool) throws {
        var c = cursor
        defer { cursor = c }
        try readEvents(&c, body)
    }

    @inline(__always)
    private func readEvents(_ c: inout Cursor, _ body: (InputEvent) -> Bool) throws {
        if let event = pendingEvent {
            pendingEvent = nil
            guard body(event) else { return }
        }
        while let line = try nextLine(&c) {
            if line.isEmpty { continue }
            let first = line[0]
            if first == UInt8(ascii: "E"), line.count > 2, line[1] == UInt8(ascii: ":") {
                let event = try parseCommonEvent(line, &c) ?? parseEvent(line, &c)
                guard body(event) else { return }
                continue
            }
            if first == UInt8(ascii: "#") { continue }
            var s = LineScanner(line)
            s.skipSpaces()
            if s.atEnd || s.peek == UInt8(ascii: "#") { continue }
            if line.count >= 2, line[1] == UInt8(ascii: ":"), "NIPBALS".utf8.contains(first) {
                throw fail("header line after the first event", at: c)
            }
            throw fail("expected an event line 'E: sec.usec type code value'", at: c)
        }
    }

    /// An event line exactly as evemu writes it, `E: sec.usec type code value` with one space between fields, six
    /// microsecond digits and four hex digits for type and code: read with no scanner and few branches. Any other
    /// line, and any line with something wrong, gives nil and goes to `parseEvent`, which reads every line this
    /// accepts to the same event and words the errors.
    @inline(__always)
    private func parseCommonEvent(_ line: UnsafeBufferPointer<UInt8>, _ c: inout Cursor) -> InputEvent? {
        let n = line.count
        guard n >= 24, let p = line.baseAddress, p[2] == 0x20 else { return nil }
        let start = UnsafeRawPointer(p)
        let prefix = (
            UInt64(littleEndian: start.loadUnaligned(as: UInt64.self)),
            UInt64(littleEndian: start.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            UInt64(littleEndian: start.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        )
        let i: Int  // where the '.' is
        let micros: Int64
        let sameStamp: Bool
        if c.stamp.length > 0, n > c.stamp.length + 10, c.stamp.matches(prefix) {
            // The same `E: sec.usec ` as the previous event line (the other events of its frame): already read.
            i = c.stamp.length - 8
            micros = c.stamp.micros
            sameStamp = true
        } else {
            sameStamp = false
            var k = 3
            var sec = 0
            while k < n {
                let d = p[k] &- 0x30
                guard d < 10 else { break }
                sec = sec &* 10 &+ Int(d)
                k += 1
            }
            // After the seconds: '.', six digits, ' ', then the rest.
            guard k > 3, k - 3 <= 12, k + 18 < n, p[k] == 0x2E, p[k + 7] == 0x20 else { return nil }
            let usec = Self.sixDigits(UInt64(littleEndian: start.loadUnaligned(fromByteOffset: k + 1, as: UInt64.self)))
            guard usec >= 0 else { return nil }
            i = k
            micros = Int64(sec) * 1_000_000 + Int64(usec)
        }
        // Then four hex digits, ' ', four hex digits, ' ', and the value.
        guard p[i + 12] == 0x20, p[i + 17] == 0x20 else { return nil }
        let raw = UnsafeRawPointer(p + i)
        let type = Self.hex4(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)), p + i + 8)
        let code = Self.hex4(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 13, as: UInt32.self)), p + i + 13)
        guard type >= 0, type <= Int(EventCode.evMax), code >= 0, code <= Int(EventCode.keyMax) else { return nil }
        var j = i + 18
        let value: Int32
        if j + 4 < n, p[j + 4] &- 0x30 >= 10,
            case let v = Self.fourDigits(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 18, as: UInt32.self))),
            v >= 0
        {
            // Four digits, as evemu writes most values (`%04d`): one 4-byte load.
            value = Int32(v)
            j += 4
        } else {
            let negative = p[j] == 0x2D
            if negative { j += 1 }
            let digitsStart = j
            var magnitude = 0
            while j < n {
                let d = p[j] &- 0x30
                guard d < 10 else { break }
                magnitude = magnitude &* 10 &+ Int(d)
                j += 1
            }
            guard j > digitsStart, j - digitsStart <= 10, let v = Int32(exactly: negative ? -magnitude : magnitude)
            else { return nil }
            value = v
        }
        // The end of the line, or a comment after a tab (as evemu writes it), or after other blanks.
        let tabComment = j + 1 < n && p[j] == 0x09 && p[j + 1] == 0x23
        if !tabComment {
            while j < n, p[j] == 0x20 || p[j] == 0x09 { j += 1 }
            guard j == n || p[j] == 0x23 else { return nil }
        }
        guard micros >= c.lastRawMicros else { return nil }
        c.lastRawMicros = micros
        if !sameStamp { c.stamp = Stamp(prefix, length: i + 8, micros: micros) }
        let origin = c.originMicros ?? micros
        if c.originMicros == nil { c.originMicros = micros }
        return InputEvent(timeMicros: micros - origin, type: UInt16(type), code: UInt16(code), value: value)
    }

    /// The six decimal digits in the low six bytes of `word` (the first digit in the lowest byte), or -1.
    @inline(__always)
    private static func sixDigits(_ word: UInt64) -> Int {
        let a = word & 0x0000_FFFF_FFFF_FFFF
        let high: UInt64 = 0x0000_F0F0_F0F0_F0F0
        let threes: UInt64 = 0x0000_3030_3030_3030
        // Every byte 0x30…0x3f, and still 0x3_ with 6 added: 0x30…0x39.
        guard a & high == threes, (a &+ 0x0000_0606_0606_0606) & high == threes else { return -1 }
        let d = a & 0x0000_0F0F_0F0F_0F0F
        // Neighbouring digits into pairs (0…99) in bytes 0, 2 and 4.
        let pairs = (d &* 10 &+ (d >> 8)) & 0x0000_00FF_00FF_00FF
        return Int(pairs & 0xff) * 10_000 + Int((pairs >> 16) & 0xff) * 100 + Int(pairs >> 32)
    }

    /// Four decimal digits in `word` (the first in the lowest byte) as a number, or -1.
    @inline(__always)
    private static func fourDigits(_ word: UInt32) -> Int {
        guard word & 0xF0F0_F0F0 == 0x3030_3030, (word &+ 0x0606_0606) & 0xF0F0_F0F0 == 0x3030_3030 else { return -1 }
        let d = word & 0x0F0F_0F0F
        // Neighbouring digits into pairs (0…99) in bytes 0 and 2.
        let pairs = (d &* 10 &+ (d >> 8)) & 0x00FF_00FF
        return Int(pairs & 0xff) * 100 + Int(pairs >> 16)
    }

    /// Four hex digits, as `word` holds them (the first in the lowest byte) and at `p`; or -1.
    @inline(__always)
    private static func hex4(_ word: UInt32, _ p: UnsafePointer<UInt8>) -> Int {
        // Four decimal digits, as nearly every type and code is written: no branch per digit.
        if word & 0xF0F0_F0F0 == 0x3030_3030, (word &+ 0x0606_0606) & 0xF0F0_F0F0 == 0x3030_3030 {
            let d = word & 0x0F0F_0F0F
            let pairs = (d << 4 | d >> 8) & 0x00FF_00FF
            return Int(pairs & 0xff) << 8 | Int(pairs >> 16)
        }
        var v = 0
        for k in 0..<4 {
            let b = p[k]
            let digit = b &- 0x30
            let letter = (b | 0x20) &- 0x61
            if digit < 10 {
                v = v << 4 | Int(digit)
            } else if letter < 6 {
                v = v << 4 | (Int(letter) + 10)
            } else {
                return -1
            }
        }
        return v
    }

    @inline(__always)
    private func parseEvent(_ line: UnsafeBufferPointer<UInt8>, _ c: inout Cursor) throws -> InputEvent {
        var s = LineScanner(line)
        s.advance(2)
        s.skipSpaces()
        guard let sec = s.unsignedDecimal(maxDigits: 12) else {
            throw fail("expected the event time 'sec.usec'", at: c)
        }
        guard s.consume(UInt8(ascii: ".")) else { throw fail("expected '.' in the event time", at: c) }
        guard let usec = s.unsignedDecimal(maxDigits: 6) else {
            throw fail("expected microseconds in the event time", at: c)
        }
        s.skipSpaces()
        guard let type = s.hex(maxDigits: 4), type <= Int(EventCode.evMax), s.atSeparator else {
            throw fail("expected the event type in hex (0000-001f)", at: c)
        }
        s.skipSpaces()
        guard let code = s.hex(maxDigits: 4), code <= Int(EventCode.keyMax), s.atSeparator else {
            throw fail("expected the event code in hex (0000-02ff)", at: c)
        }
        s.skipSpaces()
        guard let value = s.decimal(), let v32 = Int32(exactly: value) else {
            throw fail("expected the event value in decimal (a 32-bit integer)", at: c)
        }
        s.skipSpaces()
        guard s.atEnd || s.peek == UInt8(ascii: "#") else {
            throw fail("unexpected text after the event value", at: c)
        }
        let raw = Int64(sec) * 1_000_000 + Int64(usec)
        if raw < c.lastRawMicros {
            throw fail("event time goes backwards (\(formatMicros(raw)) after \(formatMicros(c.lastRawMicros)))", at: c)
        }
        c.lastRawMicros = raw
        let origin = c.originMicros ?? raw
        if c.originMicros == nil { c.originMicros = raw }
        return InputEvent(timeMicros: raw - origin, type: UInt16(type), code: UInt16(code), value: v32)
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
