import Foundation
import PlantarSession
import PlantarSignal
import Testing

@testable import PlantarPlot

@Suite struct DecimationTests {
    @Test func aTraceKeepsEachColumnsExtremesExactly() {
        var trace = MinMaxTrace(capacity: 64, initialBucketMicros: 1_000)
        var values: [(Int64, Double)] = []
        var rng = SystemRandomNumberGenerator()
        for i in 0..<20_000 {
            let t = Int64(i) * 7_000 + Int64.random(in: 0..<3_000, using: &rng)
            let v = sin(Double(i) / 300) * 40 + Double.random(in: -3...3, using: &rng)
            values.append((t, v))
            trace.add(micros: t, value: v)
        }
        #expect(trace.sampleCount == values.count)
        #expect(trace.buckets.count <= 64)
        let from = values[0].0
        let to = values[values.count - 1].0 + 1
        let columns = trace.columns(from: from, to: to, count: 16)
        #expect(columns.count == 16)
        // Every sample is in some column, and each column's extremes are real samples.
        let lows = columns.compactMap { $0?.min }
        let highs = columns.compactMap { $0?.max }
        #expect(lows.min() == values.map(\.1).min())
        #expect(highs.max() == values.map(\.1).max())
        #expect(columns.compactMap { $0?.count }.reduce(0, +) == values.count)
        for c in columns.compactMap({ $0 }) {
            let inside = values.filter { $0.0 >= c.firstMicros && $0.0 <= c.lastMicros }.map(\.1)
            #expect(inside.min() == c.min)
            #expect(inside.max() == c.max)
            #expect(inside.first == c.first)
            #expect(inside.last == c.last)
        }
    }

    @Test func aTraceIgnoresWhatItCannotDraw() {
        var trace = MinMaxTrace(capacity: 8)
        trace.add(micros: 1_000_000, value: .nan)
        trace.add(micros: 1_000_000, value: 3)
        trace.add(micros: 999_000, value: 100)
        trace.add(micros: 1_010_000, value: .infinity)
        #expect(trace.sampleCount == 1)
        #expect(trace.range(from: 0, to: 2_000_000) == 3...3)
    }

    @Test func theTrimmedRangeLeavesOutABriefExcursion() {
        var trace = MinMaxTrace(capacity: 1000, initialBucketMicros: 10_000)
        for i in 0..<1000 { trace.add(micros: Int64(i) * 10_000, value: i == 500 ? -70 : Double(i % 10)) }
        #expect(trace.range(from: 0, to: 10_000_000) == -70...9)
        #expect(trace.range(from: 0, to: 10_000_000, trimFraction: 0.01) == 0...9)
        #expect(trace.range(from: 0, to: 10_000_000, excluding: [5_000_000...5_000_000]) == 0...9)
    }

    @Test func aPathKeepsItsShapeWithinItsCapacity() {
        var path = PlanePath(capacity: 500, stepMillimetres: 0.5)
        for i in 0..<100_000 {
            let a = Double(i) / 100
            path.add(micros: Int64(i) * 10_000, offset: Point(x: 30 * cos(a), y: 30 * sin(a)))
        }
        #expect(path.points.count <= 500)
        #expect(path.points.count > 200)
        #expect(path.stepMillimetres == PlanePath.maximumStepMillimetres)
        #expect(path.stride > 1)
        // Kept points are real positions, in time order.
        #expect(zip(path.points, path.points.dropFirst()).allSatisfy { $0.micros < $1.micros })
        let radii = path.points.map { (Double($0.x * $0.x + $0.y * $0.y)).squareRoot() }
        #expect(radii.allSatisfy { abs($0 - 30) < 0.01 })
        #expect(path.position(atMicros: 500_000_000)!.micros <= 500_000_000)
        #expect(path.position(atMicros: -1) == path.points.first)
    }

    /// An hour on the board is drawn from the same few thousand buckets as a minute: the picture stays small.
    @Test func anHourLongSessionGivesAPictureAsSmallAsAMinutesOne() throws {
        func picture(minutes: Double) throws -> (svg: String, reps: Int) {
            let traces = SessionTraces()
            let runner = SessionRunner(routine: .single(.toePresses), single: true) { traces.observe($0) }
            var t = 0.0
            while t < minutes * 60 {
                // Toe presses of 4 s every 10 s, after a quiet start.
                let pressing = t > 5 && t.truncatingRemainder(dividingBy: 10) < 4
                let s = Sample(
                    timeMicros: Int64((t * 1e6).rounded()), loadKilograms: 70 + sin(t * 3) * 0.2,
                    cop: Point(x: sin(t) * 2, y: pressing ? 30 : cos(t * 2) * 2))
                runner.handle(s)
                traces.add(s, runner: runner)
                t += 0.01
            }
            runner.finish()
            let report = SessionReport(runner: runner, sourcePath: "synthetic", deviceName: "test")
            let session = PlottedSession(report: report, traces: traces, routine: runner.routine)
            #expect(traces.exercises[0]!.load.buckets.count <= traces.capacity)
            return (SessionPlot(session: session).document(), report.results[0].reps.count)
        }
        /// Points in the traces' paths.
        func tracePoints(_ svg: String) -> Int {
            svg.components(separatedBy: "<path class=\"trace").dropFirst().map { chunk in
                chunk.prefix { $0 != ">" }.filter { $0 == "L" || $0 == "M" }.count
            }.reduce(0, +)
        }
        let minute = try picture(minutes: 1)
        let hour = try picture(minutes: 60)
        #expect(minute.reps == 5)
        #expect(hour.reps == 359)
        #expect(hour.svg.components(separatedBy: "class=\"rep counted\"").count - 1 == hour.reps)
        // Three panels of about 870 columns, at most two points a column.
        #expect(tracePoints(hour.svg) <= 3 * 2 * 870)
        #expect(tracePoints(hour.svg) <= tracePoints(minute.svg) * 3 / 2)
    }
}
