import Foundation
import Testing

@testable import PlantarInput

/// The header's device name and format version are read from bytes where the text is ASCII: the same result as
/// Foundation's trimming and the steps on characters.
@Suite struct HeaderTextTests {
    func trimmed(_ text: String) -> String {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { LineScanner(UnsafeBufferPointer($0)).restTrimmingWhitespace() }
    }

    @Test func theNameIsTrimmedAsFoundationTrimsIt() {
        var texts = ["", " ", "\t", "board", "  Nintendo Wii Remote Balance Board \t", "a b", "\u{0B}x\u{0C}", "x\r"]
        for byte in 0..<0x80 {
            let c = String(UnicodeScalar(UInt8(byte)))
            texts += [c, c + "name" + c, " " + c + " ", "name" + c]
        }
        texts += ["\u{A0}board\u{3000}", " é ", "\u{2009}x\u{200A}", "\u{200B}x", "\t\u{85}y"]
        for text in texts {
            #expect(trimmed(text) == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
        }
    }

    @Test func theVersionIsReadAsOnCharacters() {
        let lines = [
            "# EVEMU 1.3", "# EVEMU 1.3.1", "#EVEMU 1.2", "# EVEMU ..1.2", "# EVEMU +1.-2", "# EVEMU 1.2x",
            "# EVEMU 1.",
            "# EVEMU 99999999999999999999.1", "# evemu 1.2", "# EVEMU  1.3", "# EVEMU -0.3", "# EVEMU 1.x2",
            "# EVEMU 2.0 EVEMU 3.1", "# EVEMU", "EVEMU 1.3", "# EVEMU 1..3", "# EVEMU 1.3\r", "#", "",
            "# EVEMU 1.٣", "# EVÉMU 1.3 EVEMU 2.4", "# EVEMU 1.3½",
        ]
        for line in lines {
            var bytes = Array(line.utf8)
            let read = bytes.withUnsafeMutableBufferPointer { EvemuReader.formatVersion(in: UnsafeBufferPointer($0)) }
            let onCharacters = EvemuReader.formatVersion(in: line)
            #expect(read?.major == onCharacters?.major && read?.minor == onCharacters?.minor, "\(line)")
        }
        var bytes = Array("# EVEMU 1.3".utf8)
        let v = bytes.withUnsafeMutableBufferPointer { EvemuReader.formatVersion(in: UnsafeBufferPointer($0)) }
        #expect(v?.major == 1 && v?.minor == 3)
    }
}
