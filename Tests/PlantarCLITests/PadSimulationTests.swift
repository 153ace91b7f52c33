import Foundation
import Testing

/// The 16-cell pad fixtures come from `plantar simulate --device pad16` (expected results from the script), and a
/// pad measured without its regions counts what the balance board counts.
@Suite struct PadSimulationTests {
    /// The file's lines without the comment that names the version that wrote it.
    static func lines(_ path: String) throws -> [Substring] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").filter { !$0.contains("Simulated by") }
    }

    @Test func thePadFixtureIsWhatTheSimulatorWritesForItsScript() throws {
        let dir = NSTemporaryDirectory() + "plantar-pad-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/walk.evemu"
        let r = try CLI.run([
            "simulate", "--device", "pad16", "--exercise", "toe-walks", "--variant", "lean", "--mass", "65",
            "--rate", "20", "--noise", "0.015", "--seed", "52", "--out", out,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let fixture = CLI.fixture("toe-walks-lean-65kg-pad16.evemu")
        #expect(try Self.lines(out) == Self.lines(fixture))
        #expect(try Self.lines(out).contains("# Input device name: \"Plantar 16-cell Pressure Pad\""))
        #expect(
            try String(contentsOfFile: dir + "/walk.expected.json", encoding: .utf8)
                == String(
                    contentsOfFile: String(fixture.dropLast(".evemu".count)) + ".expected.json", encoding: .utf8))
    }

    @Test func aPadIsSimulatedWithoutBoardFaults() throws {
        let out = NSTemporaryDirectory() + "plantar-pad-" + UUID().uuidString + ".evemu"
        let mat = try CLI.run(["simulate", "--device", "mat", "--out", out])
        #expect(mat.status == 64)
        #expect(mat.stderr.contains("--device must be board or pad16."))
        let fault = try CLI.run(["simulate", "--device", "pad16", "--fault", "gap@1+1", "--out", out])
        #expect(fault.status == 64)
        #expect(fault.stderr.contains("--fault is for the board only."))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// The same script, recorded from the pad and from the board: with `use_regions = false` the pad's leans are toe
    /// presses too, at the board's times; with its regions the pad leaves them out.
    @Test func withoutItsRegionsAPadCountsTheLeansAsTheBoardDoes() throws {
        let routine = NSTemporaryDirectory() + "plantar-cop-" + UUID().uuidString + ".toml"
        FileManager.default.createFile(
            atPath: routine,
            contents: Data("name = \"COP only\"\n[[exercise]]\nid = \"toe-presses\"\nuse_regions = false\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: routine) }
        func starts(_ args: [String]) throws -> [Double] {
            let r = try CLI.run(["replay"] + args + ["--json"])
            #expect(r.status == 0, "\(r.stderr)")
            let e = try #require((try CLI.json(r.stdout)["exercises"] as? [[String: Any]])?.first)
            return try #require(e["reps"] as? [[String: Any]]).map { $0["start"] as? Double ?? -1 }
        }
        let pad = CLI.fixture("toe-presses-lean-70kg-pad16.evemu")
        let board = try starts([CLI.fixture("toe-presses-lean-70kg-board.evemu"), "--routine", routine])
        let copOnly = try starts([pad, "--routine", routine])
        // A routine ends the exercise at its target (10 counted): the first 11 attempts, leans among them.
        #expect(board.count == 11)
        #expect(copOnly.count == board.count)
        for (p, b) in zip(copOnly, board) { #expect(abs(p - b) <= 0.1, "pad \(p) s, board \(b) s") }
        // The leans: in the board's expected result (the script's), not in the pad's.
        func expectedStarts(_ name: String) throws -> [Double] {
            let e = try CLI.json(try String(contentsOfFile: CLI.fixture(name), encoding: .utf8))
            let x = try #require((e["exercises"] as? [[String: Any]])?.first?["reps"] as? [[String: Any]])
            return x.map { $0["start"] as? Double ?? -1 }
        }
        let pressStarts = try expectedStarts("toe-presses-lean-70kg-pad16.expected.json")
        let leanStarts = try expectedStarts("toe-presses-lean-70kg-board.expected.json").prefix(11)
            .filter { b in !pressStarts.contains { abs($0 - b) < 0.01 } }
        #expect(leanStarts.count >= 2)
        let regions = try starts([pad, "--exercise", "toe-presses"])
        #expect(regions.count == 11)
        let leansCounted = copOnly.filter { c in !regions.contains { abs($0 - c) <= 0.1 } }
        #expect(leansCounted.count == leanStarts.count)
        for (c, l) in zip(leansCounted, leanStarts) { #expect(abs(c - l) <= 0.15, "lean at \(c) s, scripted \(l) s") }
    }
}
