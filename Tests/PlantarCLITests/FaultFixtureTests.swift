import Foundation
import Testing

/// Signal faults replayed from fixtures, each with the behaviour the README's reliability section documents.
@Suite struct FaultFixtureTests {
    struct Rep: Equatable, CustomStringConvertible {
        var start: Double
        var duration: Double
        var counted: Bool
        var description: String { "\(start)+\(duration)\(counted ? "✓" : "")" }
    }

    func replay(_ name: String, _ exercise: String) throws -> (
        status: String, counted: Int, reps: [Rep], faults: [(sensor: String, at: Double)]
    ) {
        let r = try CLI.run(["replay", CLI.fixture("faults/\(name).evemu"), "--exercise", exercise, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let e = try #require((try CLI.json(r.stdout)["exercises"] as? [[String: Any]])?.first)
        let reps = (e["reps"] as? [[String: Any]] ?? []).map {
            Rep(
                start: $0["start"] as? Double ?? -1, duration: $0["duration"] as? Double ?? -1,
                counted: $0["counted"] as? Bool ?? false)
        }
        let faults = (try CLI.json(r.stdout)["sensor_faults"] as? [[String: Any]] ?? []).map {
            ($0["sensor"] as? String ?? "", $0["at"] as? Double ?? -1)
        }
        return (e["status"] as? String ?? "", e["counted_reps"] as? Int ?? -1, reps, faults)
    }

    func near(_ reps: [Rep], _ start: Double, _ duration: Double, counted: Bool) -> Bool {
        reps.contains { abs($0.start - start) < 0.3 && abs($0.duration - duration) < 0.3 && $0.counted == counted }
    }

    @Test func aOneSecondGapInsideAHoldIsBridged() throws {
        let r = try replay("pencil-pickups-gap-1s", "pencil-pickups")
        #expect(r.counted == 4 && r.status == "passed")
        #expect(near(r.reps, 15.09, 11.53, counted: true), "\(r.reps)")
    }

    @Test func aThreeSecondGapEndsTheHoldAtTheLastSampleBeforeIt() throws {
        let r = try replay("pencil-pickups-gap-3s", "pencil-pickups")
        #expect(r.counted == 3 && r.status == "failed")
        // 15.09 → 19.0 (last sample before the gap), then a new hold from 22.0 (first sample after) to 26.61.
        #expect(near(r.reps, 15.09, 3.91, counted: false), "\(r.reps)")
        #expect(near(r.reps, 22.0, 4.61, counted: false), "\(r.reps)")
    }

    @Test func anEightSecondGapSplitsTheHoldToo() throws {
        let r = try replay("pencil-pickups-gap-8s", "pencil-pickups")
        #expect(r.counted == 3)
        #expect(near(r.reps, 29.13, 0.87, counted: false), "\(r.reps)")
        #expect(near(r.reps, 38.0, 2.91, counted: false), "\(r.reps)")
    }

    @Test func aClockJumpForwardIsAGap() throws {
        let r = try replay("pencil-pickups-clock-jump-5s", "pencil-pickups")
        #expect(r.counted == 3)
        #expect(near(r.reps, 29.13, 3.87, counted: false), "\(r.reps)")
        // Everything after the jump runs 5 s late, and is measured as it comes.
        #expect(near(r.reps, 38.0, 7.91, counted: false), "\(r.reps)")
        #expect(near(r.reps, 48.24, 10.64, counted: true), "\(r.reps)")
    }

    @Test func aSaturatedCornerIsSkippedLikeAGap() throws {
        let r = try replay("pencil-pickups-saturated-corner", "pencil-pickups")
        // Half a second of a shorted cell inside rep 2 is bridged; four seconds inside rep 4 split it.
        #expect(near(r.reps, 15.09, 11.53, counted: true), "\(r.reps)")
        #expect(near(r.reps, 43.24, 1.76, counted: false), "\(r.reps)")
        #expect(near(r.reps, 49.0, 4.88, counted: false), "\(r.reps)")
        #expect(r.counted == 3)
    }

    @Test func aBurstOfDroppedFramesInsideAHoldKeepsIt() throws {
        let r = try replay("toe-presses-dropped-burst", "toe-presses")
        #expect(r.counted == 10 && r.status == "passed")
        #expect(near(r.reps, 10.99, 4.16, counted: true), "\(r.reps)")
    }

    @Test func aStuckCornerStillCountsEveryPress() throws {
        let r = try replay("toe-presses-stuck-corner", "toe-presses")
        #expect(r.counted == 10 && r.status == "passed")
    }

    @Test func aCornerDeadFromTheStartIsReportedAndNothingCounts() throws {
        let r = try replay("toe-presses-dead-corner", "toe-presses")
        #expect(r.counted == 0 && r.reps.isEmpty && r.status == "failed")
        #expect(r.faults.first?.sensor == "bottom-left", "\(r.faults)")
    }

    @Test func aCornerDyingMidHoldEndsTheHoldAtTheLastGoodSample() throws {
        let r = try replay("toe-presses-dead-corner-mid", "toe-presses")
        // Reps 1 and 2 are whole; rep 3 (from 16.97 s) ends where the cell died (20.0 s, flagged after 0.5 s).
        #expect(r.counted == 3 && r.reps.count == 3, "\(r.reps)")
        #expect(r.reps.last.map { abs($0.start - 16.97) < 0.3 && $0.start + $0.duration <= 20.6 } == true, "\(r.reps)")
        #expect(r.faults.first.map { $0.sensor == "bottom-left" && abs($0.at - 20.5) < 0.2 } == true, "\(r.faults)")
    }

    @Test func theSimulatorIsDeterministic() throws {
        let out = NSTemporaryDirectory() + "plantar-sim-\(UUID().uuidString).evemu"
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: String(out.dropLast(6)) + ".expected.json")
        }
        let r = try CLI.run([
            "simulate", "--exercise", "toe-presses", "--mass", "75", "--rate", "60", "--seed", "22", "--gap-every", "0",
            "--fault", "dead:3@0+999", "--out", out,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let made = try Data(contentsOf: URL(fileURLWithPath: out))
        let committed = try Data(contentsOf: URL(fileURLWithPath: CLI.fixture("faults/toe-presses-dead-corner.evemu")))
        #expect(made == committed)
    }
}
