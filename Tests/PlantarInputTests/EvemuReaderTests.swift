import Foundation
import PlantarInput
import PlantarSupport
import Testing

@Suite struct EvemuReaderTests {
    /// Events exactly as evemu-record 2.x writes them: value in decimal, a tab and a description.
    let recorded = """
        ################################
        #      Waiting for events      #
        ################################
        E: 1712.500001 0003 0010 1700\t# EV_ABS / ABS_HAT0X            1700
        E: 1712.500001 0003 0011 1800\t# EV_ABS / ABS_HAT0Y            1800
        E: 1712.500001 0000 0000 0000\t# ------------ SYN_REPORT (0) ---------- +0ms
        E: 1712.510001 0001 0130 0001\t# EV_KEY / BTN_A                1
        E: 1712.510001 0000 0000 0000\t# ------------ SYN_REPORT (0) ---------- +10ms
        E: 1712.520001 0003 0012 -001\t# EV_ABS / ABS_HAT1X            -1

        """

    @Test func readsTheHeaderAndEventsOfAnEvemuRecordFile() throws {
        let dir = TempDir()
        let reader = try EvemuReader(path: dir.write("board.evemu", boardHeader + recorded))
        #expect(reader.device.name == "Nintendo Wii Remote Balance Board")
        #expect(reader.device.bus == 5 && reader.device.vendor == 0x057e && reader.device.product == 0x0306)
        #expect(reader.device.supports(type: 1, code: 0x130))
        #expect(reader.device.absInfo[0x12] == AbsInfo(minimum: 0, maximum: 65535, fuzz: 2, flat: 4))
        #expect(reader.formatVersion == (1, 3))
        var events: [InputEvent] = []
        while let e = try reader.next() { events.append(e) }
        #expect(events.count == 6)
        #expect(events[0] == InputEvent(timeMicros: 0, type: 3, code: 0x10, value: 1700))
        #expect(events[3] == InputEvent(timeMicros: 10_000, type: 1, code: 0x130, value: 1))
        #expect(events[5].value == -1)
    }

    @Test func readsAFileWithoutAVersionLineOrTrailingNewline() throws {
        let dir = TempDir()
        let text = "N: Pad\nI: 0003 1209 0002 0001\nE: 0.000000 0003 0000 5\nE: 0.000000 0000 0000 0"
        let reader = try EvemuReader(path: dir.write("pad.evemu", text))
        var n = 0
        while try reader.next() != nil { n += 1 }
        #expect(n == 2)
        #expect(reader.formatVersion == (1, 0))
    }

    struct Malformed: CustomStringConvertible, Sendable {
        var name: String
        var text: String
        var line: Int
        var message: String
        var description: String { name }
    }

    static let malformed: [Malformed] = [
        .init(name: "empty file", text: "", line: 1, message: "empty file"),
        .init(name: "only comments", text: "# EVEMU 1.3\n# nothing\n", line: 2, message: "missing N:"),
        .init(
            name: "unknown header", text: "N: x\nI: 0005 057e 0306 8000\nQ: 1 2\n", line: 3,
            message: "unknown header line 'Q:'"),
        .init(name: "bad hex in I:", text: "N: x\nI: 0005 zz7e 0306 8000\n", line: 2, message: "expected a hex vendor"),
        .init(name: "missing N:", text: "I: 0005 057e 0306 8000\n", line: 1, message: "I: line before the N: line"),
        .init(name: "missing I:", text: "N: x\nE: 0.000000 0003 0010 5\n", line: 2, message: "missing I: line"),
        .init(name: "duplicate N:", text: "N: x\nN: y\n", line: 2, message: "duplicate N:"),
        .init(
            name: "truncated event", text: boardHeader + "E: 0.000000 0003 0010 5\nE: 0.010000 0003\n", line: 23,
            message: "event code"),
        .init(name: "bad hex type", text: boardHeader + "E: 0.000000 00g3 0010 5\n", line: 22, message: "event type"),
        .init(
            name: "time going backwards", text: boardHeader + "E: 1.000000 0003 0010 5\nE: 0.500000 0003 0010 6\n",
            line: 23, message: "goes backwards"),
        .init(
            name: "value out of range", text: boardHeader + "E: 0.000000 0003 0010 99999999999\n", line: 22,
            message: "32-bit"),
        .init(name: "negative time", text: boardHeader + "E: -1.000000 0003 0010 5\n", line: 22, message: "event time"),
        .init(
            name: "type above EV_MAX", text: boardHeader + "E: 0.000000 0040 0010 5\n", line: 22, message: "event type"),
        .init(
            name: "header after events", text: boardHeader + "E: 0.000000 0003 0010 5\nN: again\n", line: 23,
            message: "header line after"),
        .init(
            name: "garbage line", text: boardHeader + "E: 0.000000 0003 0010 5\nhello world\n", line: 23,
            message: "expected an event line"),
    ]

    @Test(arguments: malformed)
    func malformedRecordingsNameTheirLine(_ m: Malformed) throws {
        let dir = TempDir()
        let path = dir.write("bad.evemu", m.text)
        let error = #expect(throws: PlantarError.self) {
            let r = try EvemuReader(path: path)
            while try r.next() != nil {}
        }
        guard case .badInput(let p, let line, let message) = error else {
            Issue.record("expected a bad-input error, got \(String(describing: error))")
            return
        }
        #expect(p == path)
        #expect(line == m.line, "\(message)")
        #expect(message.contains(m.message), "\(message)")
        #expect(error?.exitCode == 2)
        #expect(!(error?.description.contains("\n") ?? true))
    }

    @Test func binaryGarbageIsRejectedOnItsFirstLine() throws {
        let dir = TempDir()
        var bytes: [UInt8] = []
        var x: UInt32 = 12345
        for _ in 0..<5000 {
            x = x &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: x >> 16))
        }
        let path = dir.write("garbage.evemu", bytes: bytes)
        #expect {
            _ = try EvemuReader(path: path)
        } throws: { e in
            guard case .badInput(_, let line, _)? = e as? PlantarError else { return false }
            return line >= 1
        }
    }

    @Test func anOverlongLineIsAnErrorNotAnAllocation() throws {
        let dir = TempDir()
        let path = dir.write(
            "long.evemu", boardHeader + "E: 0.000000 0003 0010 " + String(repeating: "9", count: 200_000) + "\n")
        let error = #expect(throws: PlantarError.self) {
            let r = try EvemuReader(path: path)
            while try r.next() != nil {}
        }
        #expect(error?.description.contains("longer than") == true)
    }

    @Test func aDirectoryIsNotARecording() throws {
        let dir = TempDir()
        let error = #expect(throws: PlantarError.self) { _ = try EvemuReader(path: dir.path) }
        #expect(error?.description.contains("is a directory") == true)
        #expect(error?.exitCode == 2)
    }

    @Test func aMissingFileIsBadInput() {
        let error = #expect(throws: PlantarError.self) { _ = try EvemuReader(path: "/nonexistent/x.evemu") }
        #expect(error?.exitCode == 2)
    }
}
