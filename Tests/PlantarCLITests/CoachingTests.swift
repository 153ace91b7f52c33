import Foundation
import Testing

/// Expected time, progression and pain, through the command line.
@Suite struct CoachingTests {
    @Test func routineShowPrintsTheExpectedTimeAndStillReadsBackAsARoutine() throws {
        let r = try CLI.run(["routine", "show"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "# Expected time: 4:28 (within the article's 20 minutes or less)")
        #expect(
            lines.dropFirst().first
                == "#   ankle-circles 0:45, foot-flexes 0:50, pencil-pickups 1:01, toe-presses 1:15, toe-walks 0:19, rests 0:20"
        )
        let path = NSTemporaryDirectory() + "plantar-shown-\(UUID().uuidString.prefix(8)).toml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try r.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        let again = try CLI.run(["routine", "show", path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == r.stdout)
    }

    /// Six saved replays of ten toe presses with progression on: three met at 10 reps, so 12 are proposed and missed
    /// twice, so 10 again. Pain falls by one each session.
    func sixSessions() throws -> (dir: String, env: [String: String], lines: [String]) {
        let dir = NSTemporaryDirectory() + "plantar-coaching-\(UUID().uuidString.prefix(8))"
        let env = ["PLANTAR_DATA_DIR": dir, "PLANTAR_PERSON": "ada"]
        var lines: [String] = []
        for i in 1...6 {
            let r = try CLI.run(
                [
                    "replay", CLI.fixture("toe-presses-55kg-100hz.evemu"), "--exercise", "toe-presses", "--save",
                    "--progression", "--pain-before", "\(8 - i)", "--pain-after", "\(6 - i)",
                ], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            lines += r.stdout.split(separator: "\n").map(String.init).filter {
                $0.hasPrefix("Today: ") || $0.hasPrefix("Pain ")
            }
        }
        return (dir, env, lines)
    }

    @Test func progressionAndPainAreShownStoredAndInTheHistoryJSONAndCSV() throws {
        let (dir, env, lines) = try sixSessions()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(
            lines == [
                "Today: toe presses: 10 reps today (first time)", "Pain 7 before, 5 after.",
                "Today: toe presses: 10 reps today (last one: met)", "Pain 6 before, 4 after.",
                "Today: toe presses: 10 reps today (last two: met)", "Pain 5 before, 3 after.",
                "Today: toe presses: 12 reps today, up from 10 reps (last three: met)", "Pain 4 before, 2 after.",
                "Today: toe presses: 12 reps today (last three: missed, met, met)", "Pain 3 before, 1 after.",
                "Today: toe presses: 10 reps today, down from 12 reps (last three: missed, missed, met)",
                "Pain 2 before, 0 after.",
            ])

        let history = try CLI.json(try CLI.run(["history", "--json"], environment: env).stdout)
        let sessions = Array((history["sessions"] as? [[String: Any]] ?? []).reversed())
        #expect(sessions.count == 6)
        let pain = sessions.map { ($0["pain"] as? [String: Any]).map { [$0["before"] as? Int, $0["after"] as? Int] } }
        #expect(pain == [[7, 5], [6, 4], [5, 3], [4, 2], [3, 1], [2, 0]])
        let exercises = sessions.map { ($0["exercises"] as? [[String: Any]] ?? [])[0] }
        #expect(exercises.map { $0["target_reps"] as? Int } == [10, 10, 10, 12, 12, 10])
        #expect(
            exercises.map { $0["status"] as? String } == ["passed", "passed", "passed", "failed", "failed", "passed"])
        let progression = exercises.map { $0["progression"] as? [String: String] }
        #expect(progression.map { $0?["change"] } == ["first", "same", "same", "up", "same", "down"])
        #expect(progression[3]?["note"] == "toe presses: 12 reps today, up from 10 reps (last three: met)")

        let csv = try CLI.run(["history", "export", "--csv"], environment: env).stdout.split(separator: "\n").map(
            String.init)
        #expect(csv[0].hasSuffix(",direction,target_reps,hold_target_s,progression,pain_before,pain_after,person"))
        let rows = csv.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let bySession = Dictionary(grouping: rows, by: { $0[0] })
        #expect(bySession.count == 6)
        #expect(bySession["4"]?.allSatisfy { $0.suffix(6) == ["12", "3.0", "up", "4", "2", "ada"] } == true)
        #expect(bySession["6"]?.allSatisfy { $0.suffix(6) == ["10", "3.0", "down", "2", "0", "ada"] } == true)

        let text = try CLI.run(["history"], environment: env).stdout
        #expect(text.contains("Pain before and after sessions (0–10, oldest first, 6 sessions)\n"))
        #expect(text.contains("  before  ▆▅▄▃▃▂  last 2\n  after   ▄▃▃▂▁▁  last 0\n"))
        #expect(
            text.contains(
                " counted reps  pain 4 → 2\n        toe presses: 12 reps today, up from 10 reps (last three: met)\n"))
    }

    @Test func theReportPagePlotsPainAndListsTheTargetsThatMoved() throws {
        let (dir, env, _) = try sixSessions()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["report", "6", "--html", "-"], environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        let page = r.stdout
        #expect(page.components(separatedBy: "class=\"pain-before-point\"").count - 1 == 6)
        #expect(page.components(separatedBy: "class=\"pain-after-point\"").count - 1 == 6)
        #expect(page.contains("<title>Session #1, "), "the first session's point says which it is")
        #expect(page.contains(": before 7</title>") && page.contains(": after 0</title>"))
        #expect(page.contains("<th>Pain</th><th>Targets</th>"))
        #expect(page.contains("<td class=\"pain\">4 → 2</td>"))
        #expect(
            page.contains(
                "<td class=\"progression\">toe presses: 10 reps today, down from 12 reps (last three: missed, missed, met)</td>"
            ))
        // A session with a raised target is reported against it.
        let raised = try CLI.run(["report", "4", "--html", "-"], environment: env).stdout
        #expect(raised.contains("<td>12 × 3.0 s</td>"), "the results table shows the 12 reps it asked for")
        #expect(raised.contains("<td>10/12 (+1 short)</td>"))
        // The page is still well-formed XML.
        _ = try XMLTree.parse(Data(page.utf8))
    }

    @Test func progressionIsPerPersonAndOffUnlessAskedInReplays() throws {
        let (dir, env, _) = try sixSessions()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = ["replay", CLI.fixture("toe-presses-55kg-100hz.evemu"), "--exercise", "toe-presses", "--save"]
        let bob = try CLI.run(args + ["--progression"], environment: env.merging(["PLANTAR_PERSON": "bob"]) { $1 })
        #expect(bob.stdout.contains("Today: toe presses: 10 reps today (first time)"))
        let plain = try CLI.run(args, environment: env)
        #expect(!plain.stdout.contains("Today:"))
        #expect(plain.stdout.contains("10 × 3.0 s"))
    }

    @Test func aPainCheckThatCannotAskNeverWaits() throws {
        let dir = NSTemporaryDirectory() + "plantar-pain-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Standard input is not a terminal: demo --pain runs straight through and stores nothing.
        let r = try CLI.run(["demo", "--fast", "--pain", "--save", "--quiet"], environment: ["PLANTAR_DATA_DIR": dir])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("Pain now"))
        let history = try CLI.json(try CLI.run(["history", "--json"], environment: ["PLANTAR_DATA_DIR": dir]).stdout)
        let pain = (history["sessions"] as? [[String: Any]])?.first?["pain"] as? [String: Any]
        #expect(pain?["before"] is NSNull && pain?["after"] is NSNull, "\(String(describing: pain))")
    }

    @Test func painValuesOutOfRangeAreUsageErrors() throws {
        let r = try CLI.run(["demo", "--fast", "--pain-before", "11"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--pain-before must be from 0 to 10."))
    }

    @Test func aRoutineFileSetsItsOwnProgressionLimitsOrTurnsItOff() throws {
        let dir = NSTemporaryDirectory() + "plantar-limits-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let own = dir + "/own.toml"
        try """
        name = "Presses, my way"
        [[exercise]]
        id = "toe-presses"
        progression_max = 11
        progression_step = 1
        """.write(toFile: own, atomically: true, encoding: .utf8)
        let off = dir + "/off.toml"
        try """
        name = "Presses as written"
        progression = false
        [[exercise]]
        id = "toe-presses"
        """.write(toFile: off, atomically: true, encoding: .utf8)
        let env = ["PLANTAR_DATA_DIR": dir + "/data", "PLANTAR_PERSON": "ada"]
        func replay(_ routine: String) throws -> [String] {
            let r = try CLI.run(
                [
                    "replay", CLI.fixture("toe-presses-55kg-100hz.evemu"), "--routine", routine, "--save",
                    "--progression",
                ],
                environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            return r.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("Today: ") }
        }
        for _ in 0..<3 { _ = try replay(own) }
        #expect(try replay(own) == ["Today: toe presses: 11 reps today, up from 10 reps (last three: met)"])
        #expect(try replay(off) == [])
        // Both read back from `routine show`.
        let shown = try CLI.run(["routine", "show", own]).stdout
        #expect(shown.contains("progression_min = 10\nprogression_max = 11\nprogression_step = 1\n"))
        #expect(try CLI.run(["routine", "show", off]).stdout.contains("\nprogression = false\n"))
        let bad = dir + "/bad.toml"
        try "[[exercise]]\nid = \"toe-walks\"\nprogression_min = 30\n".write(
            toFile: bad, atomically: true, encoding: .utf8)
        let r = try CLI.run(["routine", "show", bad])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.toml:3"), "\(r.stderr)")
        #expect(
            r.stderr.contains("makes the progression's minimum (30 s) larger than its maximum (20 s)"), "\(r.stderr)")
    }
}
