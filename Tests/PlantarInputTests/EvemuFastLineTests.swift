import Foundation
import PlantarSupport
import Testing

@testable import PlantarInput

/// The fixed-offset path for evemu's own line layout (`parseFastLine`) runs only with enough bytes after the line; a
/// line near the end of the file goes to the general path. Every line below is read both ways (followed by many more
/// lines, and as the last line of the file) and must give the same event, or the same error on the same line.
@Suite struct EvemuFastLineTests {
    static let variants: [String] = [
        "E: 12.000100 0003 0010 1700\t# EV_ABS / ABS_HAT0X",
        "E: 12.000100 0003 0010 1700",
        "E: 12.000100 0003 0010 17\t# short value",
        "E: 12.000100 0003 0010 -001\t# negative",
        "E: 12.000100 0003 0010 -2147483648\t# the smallest Int32",
        "E: 12.000100 0003 0010 2147483647",
        "E: 12.000100 0003 0010 2147483648\t# one above Int32",
        "E: 12.000100 0003 0010 12345678901",
        "E: 12.000100 0003 0010 +5",
        "E: 12.000100 0003 0010 0017 # a space before the comment",
        "E: 12.000100 0003 0010 0017  ",
        "E: 12.000100 0003 0010 0017\t",
        "E: 12.000100 0003 0010 0017\tno hash",
        "E: 12.000100 0003 0010 0017\r",
        "E: 12.000100 0003 0010 0017\t# ends in CR\r",
        "E: 12.000100 0003 0010 00x7",
        "E: 12.000100 0003 0010 ",
        "E: 12.000100 0003 0010",
        "E: 12.000100 00ab 0010 0001",
        "E: 12.000100 0003 02ff 0001",
        "E: 12.000100 0003 0300 0001",
        "E: 12.000100 0020 0010 0001",
        "E: 12.000100 001f 00AB 0001",
        "E: 12.000100 0x03 0010 0001",
        "E: 12.000100  0003 0010 0001",
        "E: 12.000100 0003  0010 0001",
        "E:  12.000100 0003 0010 0001",
        "E: 12.00010 0003 0010 0001",
        "E: 12.0001000 0003 0010 0001",
        "E: 12.00a100 0003 0010 0001",
        "E: 12 0003 0010 0001",
        "E: .000100 0003 0010 0001",
        "E: 999999999999.000100 0003 0010 0001",
        "E: 9999999999999.000100 0003 0010 0001",
        "E: 11.999999 0003 0010 0001\t# earlier than the line before",
        "E: 12.000099 0003 0010 0001",
        "E: 12.000100 0003 0010 0001\t# " + String(repeating: "long comment ", count: 20),
        "e: 12.000100 0003 0010 0001",
        "X: 12.000100 0003 0010 0001",
        "# a comment line",
        "",
        "   ",
        "N: a header line",
    ]

    /// Events and the error, if any (its line and message), reading `text` to its end.
    static func read(_ text: String, in dir: TempDir) -> ([InputEvent], String?) {
        var events: [InputEvent] = []
        do {
            let r = try EvemuReader(path: dir.write("v.evemu", text))
            while let e = try r.next() { events.append(e) }
            return (events, nil)
        } catch {
            return (events, "\(error)")
        }
    }

    @Test(arguments: variants)
    func aLineReadsTheSameWithOrWithoutBytesAfterIt(_ line: String) throws {
        let dir = TempDir()
        // Frames before it, with the shared stamp, so that both the stamp reuse and a new stamp are met.
        var before = ""
        for i in 0..<4 {
            before += "E: 12.000100 0003 001\(i) 10\(i)0\t# EV_ABS / ABS_HAT\(i)\n"
        }
        var after = ""
        for i in 0..<40 {
            after += "E: 999999999999.\(String(100_000 + i * 1000)) 0003 0010 2000\t# EV_ABS / ABS_HAT0X\n"
        }
        let last = Self.read(boardHeader + before + line + "\n", in: dir)
        let middle = Self.read(boardHeader + before + line + "\n" + after, in: dir)
        #expect(middle.1 == last.1)
        if last.1 == nil {
            #expect(Array(middle.0.prefix(last.0.count)) == last.0)
            #expect(middle.0.count == last.0.count + 40)
        } else {
            #expect(middle.0 == last.0)
        }
    }

    /// A long recording with varied lines (values of every width and sign, lines with and without comments, comment
    /// lines between): every event is what a line-by-line parse in the test gives, and the line count is right.
    @Test func aVariedRecordingReadsAsALineByLineParseDoes() throws {
        let dir = TempDir()
        var text = boardHeader
        var micros = 5_000_000
        for i in 0..<3000 {
            micros += 9000 + (i * 37) % 3000
            let stamp = "\(micros / 1_000_000)." + String(String(micros % 1_000_000 + 1_000_000).dropFirst())
            for axis in 0..<4 where (i + axis) % 7 != 0 {
                let value = (i * 131 + axis * 977) % 70_000 - 3000
                text += "E: \(stamp) 0003 001\(axis) \(value)"
                text += i % 5 == 0 ? "\n" : "\t# EV_ABS / ABS_HAT\(axis)\(String(repeating: "x", count: i % 40))\n"
            }
            if i % 11 == 0 { text += "# a comment\n" }
            text += "E: \(stamp) 0000 0000 0000\t# ------------ SYN_REPORT (0) ---------- +10ms\n"
        }
        let path = dir.write("mixed.evemu", text)
        let fromFile = try EvemuReader(path: path)
        var events: [InputEvent] = []
        while let e = try fromFile.next() { events.append(e) }
        #expect(fromFile.lineNumber == text.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
        var expected: [InputEvent] = []
        var origin: Int64?
        for line in text.split(separator: "\n") where line.hasPrefix("E: ") {
            let f = line.split(separator: "\t")[0].split(separator: " ")
            let t = f[1].split(separator: ".")
            let raw = Int64(t[0])! * 1_000_000 + Int64(t[1])!
            if origin == nil { origin = raw }
            expected.append(
                InputEvent(
                    timeMicros: raw - origin!, type: UInt16(f[2], radix: 16)!, code: UInt16(f[3], radix: 16)!,
                    value: Int32(f[4])!))
        }
        #expect(events.count == expected.count)
        #expect(events == expected)
    }

    /// A line in evemu's layout whose stamp is that of an earlier line, after a line of another layout with a later
    /// time (read by the general path): its time goes backwards, and it is the error, on its line, with or without
    /// lines after it.
    @Test func aRepeatedStampAfterALaterGeneralLineIsTimeGoingBack() throws {
        let dir = TempDir()
        var lines = ""
        for i in 0..<4 { lines += "E: 12.000100 0003 001\(i) 10\(i)0\t# EV_ABS / ABS_HAT\(i)\n" }
        lines += "E: 13.000100  0003 0010 1100\n"
        lines += "E: 12.000100 0003 0011 1200\t# EV_ABS / ABS_HAT1\n"
        var after = ""
        for _ in 0..<40 { after += "E: 14.000100 0003 0010 2000\t# EV_ABS / ABS_HAT0X\n" }
        for text in [boardHeader + lines, boardHeader + lines + after] {
            let (events, error) = Self.read(text, in: dir)
            #expect(events.map(\.value) == [1000, 1010, 1020, 1030, 1100])
            let message = try #require(error)
            #expect(message.contains("goes backwards"))
            let index = text.split(separator: "\n").lastIndex { $0.hasPrefix("E: 12.000100 0003 0011 1200") }
            #expect(message.contains(":\(try #require(index) + 1):"), "\(message)")
        }
    }
}
