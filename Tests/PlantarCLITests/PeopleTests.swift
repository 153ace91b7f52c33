import Foundation
import PlantarSession
import Testing

/// Several people on one board: each one's sessions, trends, reports and CSV are their own.
@Suite struct PeopleTests {
    static let fixtures = ["toe-presses-55kg-100hz.evemu", "toe-presses-120kg-25hz.evemu"]

    @Test func eachPersonHasTheirOwnHistoryTrendsAndExport() throws {
        let dir = NSTemporaryDirectory() + "plantar-people-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["PLANTAR_DATA_DIR": dir, "LOGNAME": "carol"]
        func run(_ args: [String], _ extra: [String: String] = [:]) throws -> CLI.Result {
            let r = try CLI.run(args, environment: env.merging(extra) { $1 })
            #expect(r.status == 0, "\(args): \(r.stderr)")
            return r
        }
        let toe = ["--exercise", "toe-presses", "--save"]
        _ = try run(["replay", CLI.fixture(Self.fixtures[0])] + toe + ["--person", "alice"])
        _ = try run(["replay", CLI.fixture(Self.fixtures[1])] + toe + ["--person", "alice"])
        _ = try run(["replay", CLI.fixture(Self.fixtures[1])] + toe, ["PLANTAR_PERSON": "bob"])
        _ = try run(["replay", CLI.fixture(Self.fixtures[0])] + toe)  // the login name: carol

        #expect(
            try run(["history", "--people"]).stdout == "alice  (2 sessions)\nbob  (1 sessions)\ncarol  (1 sessions)\n")
        let alice = try run(["history", "--person", "alice"]).stdout
        #expect(alice.hasPrefix("Sessions of alice (newest first)\n  #2 "))
        #expect(alice.contains("  #1 "))
        #expect(!alice.contains("  #3 "))
        #expect(alice.contains("(2 sessions, best"))
        let bob = try run(["history"], ["PLANTAR_PERSON": "bob"]).stdout
        #expect(bob.hasPrefix("Sessions of bob (newest first)\n  #3 "))
        #expect(bob.contains("(1 sessions, best"))
        #expect(try run(["history"]).stdout.hasPrefix("Sessions of carol (newest first)\n  #4 "))

        let csv = try run(["history", "export", "--csv", "--person", "bob"]).stdout.split(separator: "\n")
        #expect(csv.count == 1 + 11)
        #expect(csv.dropFirst().allSatisfy { $0.hasPrefix("3,") && $0.hasSuffix(",bob") })
        let everyone = try run(["history", "export", "--everyone"]).stdout.split(separator: "\n")
        #expect(everyone.count == 1 + 4 * 11)

        let json = try CLI.json(try run(["history", "--json", "--person", "alice"]).stdout)
        let sessions = try #require(json["sessions"] as? [[String: Any]])
        #expect(sessions.compactMap { $0["person"] as? String } == ["alice", "alice"])

        // A saved session is its person's: naming another is an error, and its page shows its person's trend.
        let other = try CLI.run(["report", "3", "--html", dir + "/r.html", "--person", "alice"], environment: env)
        #expect(other.status == 2)
        #expect(other.stderr.contains("session #3 is bob's, not alice's"), "\(other.stderr)")
        _ = try run(["report", "1", "--html", dir + "/r.html"])
        let page = try String(contentsOfFile: dir + "/r.html", encoding: .utf8)
        #expect(page.contains("alice \u{00B7} Session #1"))
    }

    @Test(arguments: [["--person", ""], ["--person", "   "], ["--person", "a\u{7}b"]])
    func anEmptyOrControlNameIsAUsageError(_ args: [String]) throws {
        let r = try CLI.run(["history"] + args)
        #expect(r.status == 64)
        #expect(r.stderr.hasPrefix("Error: --person: a person's name cannot"), "\(r.stderr)")
    }

    @Test func anEmptyPersonInTheEnvironmentIsAUsageError() throws {
        let r = try CLI.run(["history"], environment: ["PLANTAR_PERSON": ""])
        #expect(r.status == 64)
        #expect(r.stderr == "plantar: PLANTAR_PERSON: a person's name cannot be empty\n")
    }
}

/// A live session's recording, kept by the history: plotted and reported by the session's id until pruned.
@Suite struct SessionRecordingTests {
    @Test func aRecordedSessionPlotsByIdUntilItsRecordingIsPruned() throws {
        let dir = NSTemporaryDirectory() + "plantar-recorded-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["PLANTAR_DATA_DIR": dir, "PLANTAR_PERSON": "alice"]
        // What `plantar run` leaves: a session read from a device node, its recording beside the history.
        let store = try HistoryStore(directory: dir)
        let id = try store.beginSession(
            person: "alice", source: "/dev/input/event3", device: "Nintendo Wii Remote Balance Board",
            routine: "Toe presses", at: Date().addingTimeInterval(-10 * 86_400))
        let recording = try store.newRecordingPath(session: id)
        try FileManager.default.copyItem(atPath: CLI.fixture("toe-presses-55kg-100hz.evemu"), toPath: recording)
        try store.setRecording(session: id, path: recording)
        try store.endSession(id, state: .finished, verdict: "passed")

        let plot = try CLI.run(
            ["plot", "\(id)", "--exercise", "toe-presses", "--out", dir + "/p.svg"], environment: env)
        #expect(plot.status == 0, "\(plot.stderr)")
        let report = try CLI.run(
            ["report", "\(id)", "--exercise", "toe-presses", "--html", dir + "/r.html"], environment: env)
        #expect(report.status == 0, "\(report.stderr)")

        let prune = try CLI.run(["history", "prune", "--keep-days", "7"], environment: env)
        #expect(
            prune.stdout
                == "removed the recordings of 1 sessions older than 7 days (\(String(format: "%.1f", Double(try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("toe-presses-55kg-100hz.evemu"))).count) / 1e6)) MB); their results are kept\n"
        )
        #expect(!FileManager.default.fileExists(atPath: recording))
        let gone = try CLI.run(["plot", "\(id)", "--out", dir + "/p.svg"], environment: env)
        #expect(gone.status == 2)
        #expect(gone.stderr.contains("read live from /dev/input/event3 and no recording is kept"), "\(gone.stderr)")
        #expect(try CLI.run(["history"], environment: env).stdout.contains("#\(id) "))
    }
}
