import Foundation
import Testing

/// Bad input gets a one-line error naming the file and line, and exit code 2 — never a crash or a hang.
@Suite struct BadInputTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var line: Int?
        var description: String { name }
    }

    static let header = Array("N: Nintendo Wii Remote Balance Board\nI: 0005 057e 0306 8000\n".utf8)
    static let cases: [Case] = [
        Case(name: "empty file", bytes: [], line: 1),
        Case(name: "truncated line", bytes: header + Array("E: 0.000000 0003 0010 1700\nE: 0.01".utf8), line: 4),
        Case(name: "bad hex", bytes: header + Array("E: 0.000000 0003 00x0 1700\n".utf8), line: 3),
        Case(name: "unknown header line", bytes: Array("N: board\nI: 0005 057e 0306 8000\nZ: 1\n".utf8), line: 3),
        Case(
            name: "binary garbage", bytes: (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) },
            line: nil),
        Case(
            name: "negative number where hex belongs", bytes: header + Array("E: 0.000000 -003 0010 1700\n".utf8),
            line: 3),
        Case(
            name: "time going backwards",
            bytes: header + Array("E: 5.000000 0000 0000 0\nE: 4.000000 0000 0000 0\n".utf8), line: 4),
        Case(name: "duplicate header", bytes: Array("N: a\nN: b\n".utf8), line: 2),
    ]

    @Test(arguments: cases)
    func malformedFixturesExitWithCodeTwo(_ c: Case) throws {
        let dir = NSTemporaryDirectory() + "plantar-bad-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/bad.evemu"
        FileManager.default.createFile(atPath: path, contents: Data(c.bytes))
        let r = try CLI.run(["replay", path, "--exercise", "toe-presses", "--json"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(r.stderr)")
        if let line = c.line {
            #expect(r.stderr.contains("\(path):\(line): "), "\(r.stderr)")
        } else {
            #expect(r.stderr.contains("\(path):"), "\(r.stderr)")
        }
    }

    @Test func aDirectoryIsBadInput() throws {
        let r = try CLI.run(["replay", NSTemporaryDirectory(), "--exercise", "toe-presses"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("is a directory"))
    }

    @Test func anUnknownExerciseIsAUsageError() throws {
        let r = try CLI.run(["replay", CLI.fixture("toe-walks-55kg-100hz.evemu"), "--exercise", "jumping-jacks"])
        #expect(r.status == 64)
    }

    @Test func aRoutineFileErrorNamesTheKeyAndLine() throws {
        let dir = NSTemporaryDirectory() + "plantar-routine-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/r.toml"
        try "name = \"x\"\n\n[[exercise]]\nid = \"toe-presses\"\nhold_secs = 3\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let r = try CLI.run(["replay", CLI.fixture("toe-walks-55kg-100hz.evemu"), "--routine", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path):5: unknown key 'hold_secs' at exercise[0].hold_secs"), "\(r.stderr)")
    }
}

/// Routine files are TOML 1.0: what people write loads, and what is not TOML is refused with the file and line.
@Suite struct RoutineFileTests {
    func routine(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "plantar-routine-\(UUID().uuidString).toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aMultiLineInstructionAnArrayOverLinesAndAnInlineTableLoad() throws {
        let multiLine = try routine(
            "[[exercise]]\nid = \"toe-presses\"\ninstruction = \"\"\"\nGrip the floor.\nThen relax.\"\"\"\n")
        let split = try routine("exercise = [\n  { id = \"toe-walks\" },\n  { id = \"toe-presses\", reps = 2 },\n]\n")
        let inline = try routine("exercise = [{ id = \"toe-presses\", reps = 6 }]\n")
        defer { for p in [multiLine, split, inline] { try? FileManager.default.removeItem(atPath: p) } }

        let a = try CLI.run(["routine", "show", multiLine])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout.contains("instruction = \"Grip the floor.\\nThen relax.\""), "\(a.stdout)")
        let b = try CLI.run(["routine", "show", split])
        #expect(b.status == 0, "\(b.stderr)")
        #expect(b.stdout.contains("id = \"toe-walks\"") && b.stdout.contains("reps = 2"), "\(b.stdout)")
        let c = try CLI.run(["replay", CLI.fixture("toe-presses-55kg-100hz.evemu"), "--routine", inline, "--json"])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.contains("\"target_reps\": 6,"), "\(c.stdout)")
    }

    @Test(arguments: ["007", "1__0"])
    func anInvalidNumberIsRefusedWithFileAndLine(_ number: String) throws {
        let path = try routine("name = \"x\"\n[[exercise]]\nid = \"toe-presses\"\nreps = \(number)\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CLI.run(["routine", "show", path])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("plantar: \(path):4: Error while parsing decimal integer"), "\(r.stderr)")
    }
}

/// Files of 2 GB (sparse, so the test costs no disk): refused quickly, without being read whole.
@Suite struct HugeInputTests {
    func sparse(_ name: String, prefix: String) throws -> String {
        let path = NSTemporaryDirectory() + "plantar-huge-\(UUID().uuidString)-" + name
        FileManager.default.createFile(atPath: path, contents: Data(prefix.utf8))
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try h.truncate(atOffset: 2 << 30)
        try h.close()
        return path
    }

    @Test func aTwoGigabyteLineInARecordingIsRefused() throws {
        let path = try sparse("line.evemu", prefix: "N: board\nI: 0005 057e 0306 8000\nE: 0.000000 0003 0010 ")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CLI.run(["replay", path, "--exercise", "toe-presses"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path):3: line is longer than 65536 bytes"), "\(r.stderr)")
    }

    @Test func aTwoGigabyteRoutineFileIsRefused() throws {
        let path = try sparse("routine.toml", prefix: "name = \"x\"\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = try CLI.run(["routine", "show", path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(path): is larger than"), "\(r.stderr)")
    }
}
