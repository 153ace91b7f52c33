import Foundation
import PlantarSupport

/// The event parser: `E: sec.usec type code value` lines, a fixed-width fast path and a general one.
extension EvemuReader {
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
    func readEvents(_ c: inout Cursor, _ body: (InputEvent) -> Bool) throws {
        if let event = pendingEvent {
            pendingEvent = nil
            guard body(event) else { return }
        }
        while true {
            // evemu's own lines, parsed straight from the bytes: no search for the line end first.
            while c.end &- c.start >= Self.fastSlack, let event = parseFastLine(&c) {
                guard body(event) else { return }
            }
            guard let line = try nextLine(&c) else { return }
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

    /// How many bytes must follow the read position for `parseFastLine`: every fixed-offset load it makes falls inside.
    static let fastSlack = 96

    /// The next line when it is an event line exactly as evemu writes it, `E: sec.usec type code value` with one space
    /// between fields, six microsecond digits and four hex digits for type and code, then the line end or a tab and a
    /// `#` comment: parsed at fixed offsets from the read position, and only then is the line end looked for (from the
    /// comment on). Moves the cursor past the line and returns its event; for any other line, and for any line with
    /// something wrong, returns nil and leaves the cursor as it was, so that the line goes to the general path (which
    /// reads every line this accepts to the same event, and words the errors). Needs `fastSlack` bytes after the read
    /// position.
    @inline(__always)
    func parseFastLine(_ c: inout Cursor) -> InputEvent? {
        let p = c.base + c.start
        let start = UnsafeRawPointer(p)
        let prefix = Self.linePrefix(start)
        let i: Int  // where the '.' is
        let micros: Int64
        let sameStamp: Bool
        if c.stamp.length > 0, c.stamp.matches(prefix) {
            // The same `E: sec.usec ` as the previous event line (the other events of its frame): already read, and
            // no earlier than the last event.
            i = c.stamp.length &- 8
            micros = c.lastRawMicros
            sameStamp = true
        } else {
            // "E: " (the low three bytes of the first word).
            guard prefix.0 & 0xFF_FFFF == 0x20_3A45 else { return nil }
            sameStamp = false
            var k = 3
            var sec = 0
            while k < 16 {
                let d = p[k] &- 0x30
                guard d < 10 else { break }
                sec = sec &* 10 &+ Int(d)
                k &+= 1
            }
            // After one to twelve digits of seconds: '.', six digits, ' '.
            guard k > 3, k < 16, p[k] == 0x2E, p[k &+ 7] == 0x20 else { return nil }
            let usecWord = start.loadUnaligned(fromByteOffset: k &+ 1, as: UInt64.self)
            let usec = Self.sixDigits(UInt64(littleEndian: usecWord))
            guard usec >= 0 else { return nil }
            i = k
            micros = Int64(sec) &* 1_000_000 &+ Int64(usec)
        }
        // Then four hex digits, ' ', four hex digits, ' ' (as on an earlier line of the same shape, or read), and the
        // value.
        let raw = UnsafeRawPointer(p + i)
        let key = (
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 10, as: UInt64.self))
        )
        let shape = shapes + Int(truncatingIfNeeded: ((key.0 ^ key.1 >> 8) &* 0x9E37_79B9_7F4A_7C15) >> 58)
        let known = shape.pointee.key == key
        let type: Int
        let code: Int
        if known {
            type = Int(shape.pointee.type)
            code = Int(shape.pointee.code)
        } else {
            guard p[i &+ 12] == 0x20, p[i &+ 17] == 0x20 else { return nil }
            type = Self.hex4(UInt32(truncatingIfNeeded: key.0), p + i + 8)
            code = Self.hex4(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 13, as: UInt32.self)), p + i + 13)
            guard type >= 0, type <= Int(EventCode.evMax), code >= 0, code <= Int(EventCode.keyMax) else { return nil }
        }
        var j = i &+ 18
        let value: Int32
        if p[j &+ 4] &- 0x30 >= 10,
            case let v = Self.fourDigits(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 18, as: UInt32.self))),
            v >= 0
        {
            // Four digits, as evemu writes most values (`%04d`): one 4-byte load.
            value = Int32(truncatingIfNeeded: v)
            j &+= 4
        } else {
            let negative = p[j] == 0x2D
            if negative { j &+= 1 }
            let digitsStart = j
            var magnitude = 0
            while j &- digitsStart <= 10 {
                let d = p[j] &- 0x30
                guard d < 10 else { break }
                magnitude = magnitude &* 10 &+ Int(d)
                j &+= 1
            }
            guard j > digitsStart, j &- digitsStart <= 10, let v = Int32(exactly: negative ? -magnitude : magnitude)
            else { return nil }
            value = v
        }
        // The line end, or a tab and a comment (as evemu writes it) and then the line end: the same bytes as the
        // earlier line of this shape, or looked for.
        let lineFeed: Int
        let tailKnown = known && Self.sameTail(UnsafeRawPointer(p + j), shape)
        if tailKnown {
            lineFeed = c.start &+ j &+ shape.pointee.tailLength &- 1
        } else if p[j] == 0x0A {
            lineFeed = c.start &+ j
        } else {
            guard p[j] == 0x09, p[j &+ 1] == 0x23,
                let found = Self.lineFeed(c.base, from: c.start &+ j &+ 2, to: c.end),
                found &- c.start < Self.maximumLineLength
            else { return nil }
            lineFeed = found
        }
        if !sameStamp {
            guard micros >= c.lastRawMicros else { return nil }
            let origin = c.originMicros ?? micros
            c.originMicros = origin
            c.lastRawMicros = micros
            c.stamp = Stamp(prefix, length: i &+ 8, micros: micros, origin: origin)
        }
        if !tailKnown {
            Self.learn(
                shape, key: key, type: type, code: code, tail: UnsafeRawPointer(p + j), lineFeed &- c.start &- j &+ 1)
        }
        c.start = lineFeed &+ 1
        c.lineNumber &+= 1
        return InputEvent(timeMicros: c.stamp.relative, type: UInt16(type), code: UInt16(code), value: value)
    }

    /// Whether the bytes at `tail` are those `shape` knows, through the line feed (reads 32 bytes).
    @inline(__always)
    static func sameTail(_ tail: UnsafeRawPointer, _ shape: UnsafeMutablePointer<LineShape>) -> Bool {
        let s = shape.pointee
        guard s.tailLength > 0 else { return false }
        let d0 = (UInt64(littleEndian: tail.loadUnaligned(as: UInt64.self)) ^ s.tail.0) & s.masks.0
        let d1 = (UInt64(littleEndian: tail.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) ^ s.tail.1) & s.masks.1
        let d2 = (UInt64(littleEndian: tail.loadUnaligned(fromByteOffset: 16, as: UInt64.self)) ^ s.tail.2) & s.masks.2
        let d3 = (UInt64(littleEndian: tail.loadUnaligned(fromByteOffset: 24, as: UInt64.self)) ^ s.tail.3) & s.masks.3
        return d0 | d1 | d2 | d3 == 0
    }

    /// Keeps what a line just read says of its shape: type and code, and the bytes after its value when at most 32
    /// (they were checked: the line feed, or a tab, '#' and a comment with no other line feed).
    @inline(never)
    static func learn(
        _ shape: UnsafeMutablePointer<LineShape>, key: (UInt64, UInt64), type: Int, code: Int,
        tail: UnsafeRawPointer, _ length: Int
    ) {
        var s = LineShape()
        s.key = key
        s.type = UInt16(truncatingIfNeeded: type)
        s.code = UInt16(truncatingIfNeeded: code)
        if length <= 32 {
            s.tailLength = length
            s.masks = (
                lowBytesMask(length), lowBytesMask(length - 8), lowBytesMask(length - 16), lowBytesMask(length - 24)
            )
            s.tail = (
                UInt64(littleEndian: tail.loadUnaligned(as: UInt64.self)) & s.masks.0,
                UInt64(littleEndian: tail.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) & s.masks.1,
                UInt64(littleEndian: tail.loadUnaligned(fromByteOffset: 16, as: UInt64.self)) & s.masks.2,
                UInt64(littleEndian: tail.loadUnaligned(fromByteOffset: 24, as: UInt64.self)) & s.masks.3
            )
        }
        shape.pointee = s
    }

    /// An event line exactly as evemu writes it, `E: sec.usec type code value` with one space between fields, six
    /// microsecond digits and four hex digits for type and code: read with no scanner and few branches. Any other
    /// line, and any line with something wrong, gives nil and goes to `parseEvent`, which reads every line this
    /// accepts to the same event and words the errors.
    @inline(__always)
    func parseCommonEvent(_ line: UnsafeBufferPointer<UInt8>, _ c: inout Cursor) -> InputEvent? {
        let n = line.count
        guard n >= 24, let p = line.baseAddress, p[2] == 0x20 else { return nil }
        let start = UnsafeRawPointer(p)
        let prefix = Self.linePrefix(start)
        let i: Int  // where the '.' is
        let micros: Int64
        let sameStamp: Bool
        if c.stamp.length > 0, n > c.stamp.length + 10, c.stamp.matches(prefix) {
            // The same `E: sec.usec ` as the previous event line (the other events of its frame): already read.
            i = c.stamp.length - 8
            micros = c.lastRawMicros
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
        if !sameStamp {
            guard micros >= c.lastRawMicros else { return nil }
            let origin = c.originMicros ?? micros
            c.originMicros = origin
            c.lastRawMicros = micros
            c.stamp = Stamp(prefix, length: i + 8, micros: micros, origin: origin)
        }
        return InputEvent(timeMicros: c.stamp.relative, type: UInt16(type), code: UInt16(code), value: value)
    }

    /// The six decimal digits in the low six bytes of `word` (the first digit in the lowest byte), or -1.
    @inline(__always)
    static func sixDigits(_ word: UInt64) -> Int {
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
    static func fourDigits(_ word: UInt32) -> Int {
        guard word & 0xF0F0_F0F0 == 0x3030_3030, (word &+ 0x0606_0606) & 0xF0F0_F0F0 == 0x3030_3030 else { return -1 }
        let d = word & 0x0F0F_0F0F
        // Neighbouring digits into pairs (0…99) in bytes 0 and 2.
        let pairs = (d &* 10 &+ (d >> 8)) & 0x00FF_00FF
        return Int(pairs & 0xff) * 100 + Int(pairs >> 16)
    }

    /// Four hex digits, as `word` holds them (the first in the lowest byte) and at `p`; or -1.
    @inline(__always)
    static func hex4(_ word: UInt32, _ p: UnsafePointer<UInt8>) -> Int {
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
    func parseEvent(_ line: UnsafeBufferPointer<UInt8>, _ c: inout Cursor) throws -> InputEvent {
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
        // The fast paths compare the next line with the stamp they read last: it is not this line's.
        c.stamp = Stamp()
        let origin = c.originMicros ?? raw
        if c.originMicros == nil { c.originMicros = raw }
        return InputEvent(timeMicros: raw - origin, type: UInt16(type), code: UInt16(code), value: v32)
    }
}
