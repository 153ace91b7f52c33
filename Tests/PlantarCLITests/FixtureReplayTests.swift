import Foundation
import Testing

/// Every fixture replayed through `plantar replay --json` must give the result its simulator recorded:
/// counted reps exactly, each rep's hold within 0.3 s, its start and end within 0.15 s of the scripted movement at
/// 40 Hz and more (0.3 s below), the lifted foot, the circles each way, the status.
@Suite struct FixtureReplayTests {
    static let fixtures = CLI.fixtures

    @Test func thereAreFixturesForEveryExercise() {
        for id in ["ankle-circles", "foot-flexes", "pencil-pickups", "toe-presses", "toe-walks"] {
            #expect(Self.fixtures.filter { $0.hasPrefix(id) }.count >= 3, "\(id)")
        }
        #expect(Self.fixtures.contains("routine-full-70kg.evemu"))
    }

    @Test(arguments: fixtures)
    func replayMatchesTheExpectedResult(_ name: String) throws {
        let path = CLI.fixture(name)
        let expectedPath = String(path.dropLast(".evemu".count)) + ".expected.json"
        let expected = try CLI.json(String(contentsOfFile: expectedPath, encoding: .utf8))
        let exercises = try #require(expected["exercises"] as? [[String: Any]])
        let rate = try #require(expected["rate_hz"] as? Double)
        let edge = rate >= 40 ? 0.15 : 0.3
        var args = ["replay", path, "--json"]
        if exercises.count == 1, let id = exercises[0]["id"] as? String { args += ["--exercise", id] }
        let result = try CLI.run(args)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try CLI.json(result.stdout)
        let got = try #require(report["exercises"] as? [[String: Any]])
        #expect(got.count == exercises.count)
        for (g, e) in zip(got, exercises) {
            let id = e["id"] as? String ?? "?"
            #expect(g["id"] as? String == id)
            #expect(g["status"] as? String == e["status"] as? String, "\(id)")
            #expect(g["counted_reps"] as? Int == e["counted_reps"] as? Int, "\(id)")
            if let circles = e["circles"] as? [String: Int] {
                #expect(g["circles"] as? [String: Int] == circles, "\(id)")
                continue
            }
            let gotReps = try #require(g["reps"] as? [[String: Any]])
            let wantReps = try #require(e["reps"] as? [[String: Any]])
            #expect(gotReps.count == wantReps.count, "\(id): \(gotReps.count) reps, expected \(wantReps.count)")
            for (gr, wr) in zip(gotReps, wantReps) {
                let gd = gr["duration"] as? Double ?? -1
                let wd = wr["duration"] as? Double ?? -2
                #expect(abs(gd - wd) <= 0.3, "\(id): hold \(gd) s, expected \(wd) s")
                let gs = gr["start"] as? Double ?? -1
                let ws = wr["start"] as? Double ?? -2
                #expect(abs(gs - ws) <= edge, "\(id): started at \(gs) s, scripted \(ws) s (\(rate) Hz)")
                #expect(abs(gs + gd - (ws + wd)) <= edge, "\(id): ended at \(gs + gd) s, scripted \(ws + wd) s")
                #expect(gr["counted"] as? Bool == wr["counted"] as? Bool, "\(id) rep at \(wr["start"] ?? "?")")
                #expect(gr["side"] as? String == wr["side"] as? String, "\(id)")
            }
        }
    }

    /// Standing still and slow shifts under the thresholds count nothing, at low, irregular and high rates.
    @Test func quietStandingAndFidgetingCountNothingAtEveryRate() throws {
        let still = Self.fixtures.filter { $0.contains("-quiet-") || $0.contains("-fidget-") }
        let rates = try still.map { name -> Double in
            let path = CLI.fixture(name)
            let e = try CLI.json(
                String(contentsOfFile: String(path.dropLast(".evemu".count)) + ".expected.json", encoding: .utf8))
            return try #require(e["rate_hz"] as? Double)
        }
        #expect(rates.contains { $0 <= 10 })
        #expect(rates.contains { $0 > 10 && $0 <= 20 })
        #expect(rates.contains { $0 >= 40 })
        #expect(rates.contains { $0 >= 100 })
        for name in still {
            let id = try #require(
                ["ankle-circles", "foot-flexes", "pencil-pickups", "toe-presses", "toe-walks"].first {
                    name.hasPrefix($0)
                })
            let r = try CLI.run(["replay", CLI.fixture(name), "--json", "--exercise", id])
            let e = try #require((try CLI.json(r.stdout)["exercises"] as? [[String: Any]])?.first)
            #expect((e["reps"] as? [Any])?.count == 0, "\(name)")
            if id == "ankle-circles" {
                #expect(e["circles"] as? [String: Int] == ["clockwise": 0, "counterclockwise": 0], "\(name)")
            }
        }
    }

    /// The plantar.report/1 report's shape, key by key.
    @Test func theJSONReportHasSpecSection5sShape() throws {
        let result = try CLI.run(["replay", CLI.fixture("routine-full-70kg.evemu"), "--json"])
        #expect(result.status == 0)
        let r = try CLI.json(result.stdout)
        #expect(r["schema"] as? String == "plantar.report/1")
        let source = try #require(r["source"] as? [String: Any])
        #expect(source["path"] as? String == CLI.fixture("routine-full-70kg.evemu"))
        #expect(source["device"] as? String == "Nintendo Wii Remote Balance Board")
        #expect((source["frames"] as? Int ?? 0) > 1000)
        #expect((source["duration"] as? Double ?? 0) > 60)
        let baseline = try #require(r["baseline"] as? [String: Any])
        #expect(abs((baseline["load_kg"] as? Double ?? 0) - 70) < 1.5)
        #expect((baseline["cop_mm"] as? [Double])?.count == 2)
        let exercises = try #require(r["exercises"] as? [[String: Any]])
        #expect(
            exercises.map { $0["id"] as? String } == [
                "ankle-circles", "foot-flexes", "pencil-pickups", "toe-presses", "toe-walks",
            ])
        for e in exercises {
            #expect(["passed", "failed", "incomplete", "skipped"].contains(e["status"] as? String ?? ""))
            #expect(e["target_reps"] is Int)
            #expect(e["hold_seconds"] is Double)
            #expect(e["counted_reps"] is Int)
            let reps = try #require(e["reps"] as? [[String: Any]])
            for rep in reps {
                let start = try #require(rep["start"] as? Double)
                let end = try #require(rep["end"] as? Double)
                let duration = try #require(rep["duration"] as? Double)
                #expect(abs(end - start - duration) < 0.002)
                #expect(rep["counted"] is Bool)
                if e["id"] as? String == "pencil-pickups" {
                    #expect(["left", "right"].contains(rep["side"] as? String ?? ""))
                }
            }
            if e["id"] as? String == "ankle-circles" {
                let c = try #require(e["circles"] as? [String: Int])
                #expect(c["clockwise"] != nil && c["counterclockwise"] != nil)
            } else {
                #expect(e["circles"] is NSNull)
            }
        }
    }

    @Test func withoutJSONTheReportIsATable() throws {
        let result = try CLI.run(["replay", CLI.fixture("toe-presses-55kg-100hz.evemu"), "--exercise", "toe-presses"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Toe presses"))
        #expect(result.stdout.contains("10/10"))
        #expect(result.stdout.contains("passed"))
    }
}
