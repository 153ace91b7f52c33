import Foundation

/// A cursor over one line's bytes: parses numbers without creating strings.
struct LineScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8 { bytes[index] }
    /// At a space, a tab or the end: where one field may end.
    var atSeparator: Bool { index >= bytes.count || bytes[index] == 0x20 || bytes[index] == 0x09 }

    mutating func advance(_ n: Int) { index = min(bytes.count, index + n) }

    mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    func rest() -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[index...]), as: UTF8.self) }

    /// `rest().trimmingCharacters(in: .whitespaces)`. On ASCII (all evemu writes) that set is the space and the tab,
    /// so the bytes are trimmed without Foundation; other text goes through Foundation.
    func restTrimmingWhitespace() -> String {
        let rest = UnsafeBufferPointer(rebasing: bytes[index...])
        guard rest.allSatisfy({ $0 < 0x80 }) else { return self.rest().trimmingCharacters(in: .whitespaces) }
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        var start = rest.startIndex
        var end = rest.endIndex
        while start < end, blank(rest[start]) { start += 1 }
        while end > start, blank(rest[end - 1]) { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: rest[start..<end]), as: UTF8.self)
    }

    mutating func unsignedDecimal(maxDigits: Int) -> Int? {
        var v = 0
        var digits = 0
        while index < bytes.count {
            let d = bytes[index] &- 0x30
            guard d < 10 else { break }
            guard digits < maxDigits else { return nil }
            v = v * 10 + Int(d)
            digits += 1
            index += 1
        }
        return digits > 0 ? v : nil
    }

    /// A signed decimal of at most 11 digits (enough for any Int32, rejected above that).
    mutating func decimal() -> Int? {
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") {
            index += 1
        }
        guard let v = unsignedDecimal(maxDigits: 11) else { return nil }
        return negative ? -v : v
    }

    mutating func hex(maxDigits: Int) -> Int? {
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "0"), bytes[index + 1] | 0x20 == UInt8(ascii: "x") {
            index += 2
        }
        var v = 0
        var digits = 0
        while index < bytes.count {
            let b = bytes[index]
            let d: UInt8
            switch b {
            case 0x30...0x39: d = b - 0x30
            case 0x41...0x46: d = b - 0x41 + 10
            case 0x61...0x66: d = b - 0x61 + 10
            default: return digits > 0 ? v : nil
            }
            guard digits < maxDigits else { return nil }
            v = v << 4 | Int(d)
            digits += 1
            index += 1
        }
        return digits > 0 ? v : nil
    }
}
