import Foundation
import Testing

@testable import plantar

/// A plain `replay` command line is read without ArgumentParser; anything else falls back to it. Either way the
/// replay, its output, its errors and its exit code are the same.
@Suite struct DirectReplayTests {
    static let fixture = CLI.fixture("toe-presses-55kg-100hz.evemu")
    static let routine = CLI.root.appendingPathComponent("Tests/Routines/gentle.toml").path
    static let malformed: String = {
        let dir = NSTemporaryDirectory() + "plantar-direct-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        ScratchCleanup.removeAtExit(dir)
        let path = dir + "/malformed.evemu"
        let text = "N: Nintendo Wii Remote Balance Board\nI: 0005 057e 0306 8000\nE: 0.000000 0003 00x0 1700\n"
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }()

    /// Command lines read directly.
    static let plain: [[String]] = {
        var lines: [[String]] = [
            ["replay", fixture], ["replay", fixture, "--json"], ["replay", "--json", fixture],
            ["replay", fixture, "--quiet"], ["replay", fixture, "-v", "--json"],
            ["replay", fixture, "--verbose", "--exercise", "toe-presses"],
            ["replay", "--exercise", "toe-walks", "--json", fixture],
            ["replay", fixture, "--routine", routine, "--json"], ["replay", fixture, "--routine", "no-such-routine"],
            ["replay", "/nonexistent/recording.evemu", "--json"], ["replay", malformed, "--json"],
            ["replay", malformed, "--exercise", "foot-flexes"], ["replay", "replay", "--json"],
        ]
        for exercise in ["ankle-circles", "foot-flexes", "pencil-pickups", "toe-presses", "toe-walks"] {
            lines.append(["replay", fixture, "--exercise", exercise, "--json"])
        }
        return lines
    }()

    /// Command lines left to ArgumentParser: help, other options, other forms, usage errors.
    static let fallback: [[String]] = [
        ["replay", fixture, "--exercise", "toe-press"], ["replay", fixture, "--exercise", "Toe-Presses"],
        ["replay", fixture, "--exercise", "toe-presses", "--routine", routine],
        ["replay", fixture, "--exercise=toe-presses"], ["replay", "--help"], ["replay", fixture, "-h"],
        ["replay", "--", fixture], ["replay", fixture, "--json", "--json"], ["replay", fixture, "-v", "--verbose"],
        ["replay", fixture, fixture], ["replay"], ["replay", fixture, "--exercise"], ["replay", fixture, "--routine"],
        ["replay", fixture, "--routine", "--json"], ["replay", fixture, "--big"],
        ["replay", fixture, "--person", "ana"], ["replay", fixture, "--save"], ["replay", ""], ["replay", "-"],
        ["replay", "help"], ["help", "replay"], ["replay", fixture, "--jsn"], ["replay", fixture, "-vq"],
        [], ["--json", "replay", fixture],
    ]

    @Test(arguments: plain)
    func aPlainCommandLineIsReadDirectlyAsArgumentParserReadsIt(_ args: [String]) throws {
        let direct = try #require(ReplayRequest(plainArguments: args), "read directly")
        let parsed = try #require(try Plantar.parseAsRoot(args) as? Replay)
        #expect(direct == parsed.request)
    }

    @Test(arguments: fallback)
    func anyOtherCommandLineIsLeftToArgumentParser(_ args: [String]) {
        #expect(ReplayRequest(plainArguments: args) == nil)
    }

    @Test(arguments: plain + fallback)
    func bothWaysGiveTheSameOutputErrorsAndExitCode(_ args: [String]) throws {
        let direct = try CLI.run(args)
        let parsed = try CLI.run(args, direct: false)
        #expect(direct == parsed)
    }

    @Test func theReportErrorsAndExitCodesAreTheOnesOfAReplay() throws {
        let report = try CLI.run(["replay", Self.fixture, "--exercise", "toe-presses", "--json"])
        #expect(report.status == 0)
        #expect(try CLI.json(report.stdout)["schema"] as? String == "plantar.report/1")
        #expect(report.stderr.isEmpty)
        let missing = try CLI.run(["replay", "/nonexistent/recording.evemu", "--json"])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("plantar: /nonexistent/recording.evemu"), "\(missing.stderr)")
        let malformed = try CLI.run(["replay", Self.malformed, "--json"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.hasPrefix("plantar: \(Self.malformed):3: "), "\(malformed.stderr)")
        #expect(malformed.stdout.isEmpty)
        let badName = try CLI.run(["replay", Self.fixture, "--exercise", "toe-press"])
        #expect(badName.status == 64)
        #expect(badName.stderr.contains("toe-press"), "\(badName.stderr)")
    }

    @Test func aPlainReplayNeedsNoPersonUnlessOneIsNamedButABadNameIsStillAnError() throws {
        let args = ["replay", Self.fixture, "--exercise", "toe-presses", "--json"]
        let bad = try CLI.run(args, environment: ["PLANTAR_PERSON": " "])
        #expect(bad.status == 64)
        #expect(bad.stderr == "plantar: PLANTAR_PERSON: a person's name cannot be empty\n")
        #expect(try CLI.run(args, environment: ["PLANTAR_PERSON": " "], direct: false) == bad)
        #expect(try CLI.run(args, environment: ["PLANTAR_PERSON": "ana"]).status == 0)
    }

    @Test func theProgramReadsAPlainCommandLineAsTheParserDoes() throws {
        for args in [
            ["replay", Self.fixture, "--exercise", "toe-presses", "--json"], ["replay", Self.fixture, "--json"],
            ["replay", Self.malformed, "--json"],
        ] {
            let spawned = try CLI.spawn(args)
            let parsed = try CLI.run(args, direct: false)
            #expect(spawned.status == parsed.status, "\(args)")
            #expect(spawned.stdout == parsed.stdout, "\(args)")
            #expect(spawned.stderr == parsed.stderr, "\(args)")
        }
    }
}
