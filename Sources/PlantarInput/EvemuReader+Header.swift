import Foundation
import PlantarSupport

/// The header grammar: `N: I: P: B: A: L: S:` lines and the format version, before the first event.
extension EvemuReader {
    func readHeader() throws {
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
                let name = s.restTrimmingWhitespace()
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

    func parseVersion(_ line: UnsafeBufferPointer<UInt8>) {
        if let version = Self.formatVersion(in: line) { formatVersion = version }
    }

    /// The version in a `# EVEMU 1.3` line: the two numbers after the first `EVEMU `, between dots. An ASCII line
    /// (evemu writes nothing else) is read as bytes, giving what the same steps on characters give there, without
    /// Foundation's string search or Unicode's tables of digits.
    static func formatVersion(in line: UnsafeBufferPointer<UInt8>) -> (major: Int, minor: Int)? {
        guard line.allSatisfy({ $0 < 0x80 }) else { return formatVersion(in: String(decoding: line, as: UTF8.self)) }
        let marker = "EVEMU ".utf8
        guard line.count >= marker.count,
            let start = (0...(line.count - marker.count)).first(where: { line[$0...].starts(with: marker) })
        else { return nil }
        // On characters: `split(separator: ".")` leaves out empty parts, and only ASCII digits are numbers.
        let parts = line[(start + marker.count)...].split(separator: UInt8(ascii: "."))
        guard parts.count >= 2 else { return nil }
        func int<C: Collection<UInt8>>(_ bytes: C) -> Int? { Int(String(decoding: bytes, as: UTF8.self)) }
        guard let major = int(parts[0]), let minor = int(parts[1].prefix { $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return (major, minor)
    }

    /// The version in a line with other characters than ASCII, on its characters.
    static func formatVersion(in text: String) -> (major: Int, minor: Int)? {
        guard let range = text.range(of: "EVEMU ") else { return nil }
        let parts = text[range.upperBound...].split(separator: ".")
        guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1].prefix { $0.isNumber }) else {
            return nil
        }
        return (major, minor)
    }

    func requireIdentity(_ sawName: Bool, _ sawID: Bool) throws {
        if !sawName { throw fail("missing N: line (the device name) before this line") }
        if !sawID { throw fail("missing I: line (bus, vendor, product, version) before this line") }
    }

    func hex16(_ s: inout LineScanner, _ what: String) throws -> UInt16 {
        UInt16(try hex(&s, what, max: 0xffff))
    }

    func hex(_ s: inout LineScanner, _ what: String, max: Int) throws -> Int {
        s.skipSpaces()
        guard let v = s.hex(maxDigits: 8) else { throw fail("expected a hex \(what)") }
        guard v <= max else { throw fail("\(what) 0x\(String(v, radix: 16)) is out of range") }
        return v
    }

    func int32(_ s: inout LineScanner, _ what: String) throws -> Int32 {
        s.skipSpaces()
        guard let v = s.decimal(), let i = Int32(exactly: v) else { throw fail("expected a decimal \(what)") }
        return i
    }

    func expectEnd(_ s: inout LineScanner) throws {
        s.skipSpaces()
        guard s.atEnd || s.peek == UInt8(ascii: "#") else { throw fail("unexpected text at the end of the line") }
    }
}
