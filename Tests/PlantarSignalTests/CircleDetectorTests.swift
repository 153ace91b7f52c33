import Foundation
import PlantarSignal
import Testing

@Suite struct CircleDetectorTests {
    let settings = ExerciseKind.ankleCircles.defaultSettings

    /// Standing still for 2 s, then circling with `radius` through the turn segments (+ = counter-clockwise).
    func circling(radius: Double, segments: [Double], secondsPerTurn: Double = 3) -> [Sample] {
        let turns = segments.reduce(0) { $0 + abs($1) }
        let end = 2 + turns * secondsPerTurn
        return Stream().samples(from: 0, to: end + 1) { t in
            guard t >= 2 else { return (70, Point(x: 0, y: 0)) }
            var travelled = min(turns, (t - 2) / secondsPerTurn)
            var angle = 0.0
            for s in segments {
                let step = min(travelled, abs(s))
                angle += (s >= 0 ? step : -step) * 2 * .pi
                travelled -= step
            }
            return (70, Point(x: radius * cos(angle), y: radius * sin(angle)))
        }
    }

    @Test func counterClockwiseTurnsFromRightTowardsTheToes() {
        let (a, _) = run(settings, circling(radius: 30, segments: [3.2]))
        #expect(a.counterclockwise == 3)
        #expect(a.clockwise == 0)
    }

    @Test func fallingBackMoreThanNinetyDegreesStartsANewCount() {
        let (a, _) = run(settings, circling(radius: 30, segments: [2.3, -2.6]))
        #expect(a.counterclockwise == 2)
        #expect(a.clockwise == 2)
    }

    @Test func fiveEachWayMeetsTheTarget() {
        let (a, _) = run(settings, circling(radius: 35, segments: [5.3, -5.6]))
        #expect(a.counterclockwise == 5)
        #expect(a.clockwise == 5)
        #expect(a.targetMet)
        #expect(a.reps.allSatisfy { $0.counted })
        #expect(a.reps.count == 10)
    }

    @Test func circlesSmallerThanTheEnterRadiusDoNotCount() {
        let (a, _) = run(settings, circling(radius: 9, segments: [4]))
        #expect(a.reps.isEmpty)
    }

    @Test func aRockingMotionCountsNoCircle() {
        let (a, _) = run(settings, circling(radius: 30, segments: [0.4, -0.4, 0.4, -0.4, 0.4]))
        #expect(a.reps.isEmpty)
    }
}
