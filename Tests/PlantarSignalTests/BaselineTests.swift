import Foundation
import PlantarSignal
import Testing

@Suite struct BaselineTests {
    @Test func baselineWaitsForOnePointFiveSecondsOfSteadyLoad() {
        var e = BaselineEstimator()
        var found: Baseline?
        for s in Stream().samples(from: 0, to: 3, { _ in (70, Point(x: 4, y: -20)) }) where found == nil {
            found = e.add(s)
        }
        #expect(found != nil)
        #expect(found.map { abs(Double($0.endMicros) / 1e6 - 1.5) < 0.011 } == true)
        #expect(found?.cop == Point(x: 4, y: -20))
    }

    @Test func anEmptyBoardGivesNoBaseline() {
        var e = BaselineEstimator()
        for s in Stream().samples(from: 0, to: 5, { _ in (1.5, Point(x: 0, y: 0)) }) { e.add(s) }
        #expect(e.baseline == nil)
    }

    @Test func steppingOnRestartsTheWindowUntilTheLoadSettles() {
        var e = BaselineEstimator()
        // Load climbing 0 → 70 kg over 2 s, then steady.
        for s in Stream().samples(from: 0, to: 6, { t in (min(70, 35 * t), Point(x: 0, y: 0)) }) { e.add(s) }
        let b = e.baseline
        #expect(b != nil)
        // The window may take in the last ramp samples that stay within 3 % of the load, no more.
        #expect(b.map { Double($0.startMicros) / 1e6 >= 1.9 } == true)
        #expect(b.map { abs($0.loadKilograms - 70) < 0.1 } == true)
    }

    @Test func boardLayoutGivesSpecCentreOfPressure() {
        // The board's COP: x = 216.5 · ((TR+BR) − (TL+BL)) / ΣF, y = 119 · ((TL+TR) − (BL+BR)) / ΣF.
        let loads = [20.0, 15.0, 25.0, 10.0]  // TR, BR, TL, BL
        let s = SensorLayout.balanceBoard.sample(of: Frame(timeMicros: 0, loadsKilograms: loads))
        let total = loads.reduce(0, +)
        #expect(abs(s.loadKilograms - 70) < 1e-9)
        #expect(abs(s.cop.x - 216.5 * ((20 + 15) - (25 + 10)) / total) < 1e-9)
        #expect(abs(s.cop.y - 119 * ((25 + 20) - (10 + 15)) / total) < 1e-9)
    }

    @Test func anyLayoutWorks() {
        let layout = SensorLayout(positions: [Point(x: -100, y: 0), Point(x: 100, y: 0), Point(x: 0, y: 50)])
        let s = layout.sample(of: Frame(timeMicros: 0, loadsKilograms: [1, 3, 4]))
        #expect(s.loadKilograms == 8)
        #expect(abs(s.cop.x - 25) < 1e-9)
        #expect(abs(s.cop.y - 25) < 1e-9)
    }
}

/// "Varies" is judged on the body's load, not on sensor noise.
@Suite struct NoisyBaselineTests {
    /// A small deterministic generator for the tests' noise and jitter.
    struct Noise {
        var state: UInt64
        mutating func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        mutating func gaussian() -> Double {
            let u = max(uniform(), 1e-12)
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * uniform())
        }
    }

    /// Frames from a balance board: stepping (or sitting) on over 1 s, still from 1 s for `stillSeconds`, then a
    /// movement to the end — a foot flex (8 kg more) when seated (under 15 kg), else a toe press (30 mm forward); per-corner noise σ, intervals 0.6–1.6 × the mean, one gap of `gap` s
    /// inside the still time. Returns the samples made by the signal stage.
    static func recording(
        load: Double, rate: Double, sigma: Double, gap: Double, seed: UInt64, stillSeconds: Double = 3
    ) -> [Sample] {
        var noise = Noise(state: seed)
        var stage = SignalStage(layout: .balanceBoard)
        var out: [Sample] = []
        var t = 0.0
        let still = 1.0
        let gapAt = still + 0.3 + noise.uniform() * (stillSeconds - gap - 0.3)
        while t < still + stillSeconds + 4 {
            let on = min(1, t / still)
            let pressing = t >= still + stillSeconds
            let seated = load < 15
            let l = load * on + (pressing && seated ? 8 : 0)
            let cop = Point(x: 5 + 2 * sin(t), y: -10 + 2 * cos(1.3 * t) + (pressing && !seated ? 30 : 0))
            let fx = cop.x / 216.5
            let fy = cop.y / 119
            let corners = [(1 + fx) * (1 + fy), (1 + fx) * (1 - fy), (1 - fx) * (1 + fy), (1 - fx) * (1 - fy)]
            let loads = corners.map { max(0, l * $0 / 4 + sigma * noise.gaussian()) }
            if !(t >= gapAt && t < gapAt + gap) {
                out.append(stage.sample(of: Frame(timeMicros: Int64(t * 1_000_000), loadsKilograms: loads)))
            }
            t += (0.6 + noise.uniform()) / rate
        }
        return out
    }

    @Test(arguments: [3.0, 7, 20, 35, 70, 120, 160])
    func aStillUserIsFoundUnderRealBoardNoiseAtEveryRate(load: Double) {
        for rate in [8.0, 12, 20, 50, 100] {
            for seed in UInt64(1)...4 {
                // 0.225 kg per corner: 0.45 kg σ of the total, first differences of about 0.64 kg.
                let samples = Self.recording(load: load, rate: rate, sigma: 0.225, gap: 1.5, seed: seed)
                var e = BaselineEstimator()
                for s in samples where e.baseline == nil { e.add(s) }
                let b = e.baseline
                #expect(b != nil, "\(load) kg at \(rate) Hz, seed \(seed): no baseline")
                guard let b else { continue }
                // Within the still time (from 1 s, 3 s long): never inside the movement that follows. It may take
                // in the end of stepping on, where the load is within the tolerance (widened by the noise) already.
                // Seated (under 15 kg) at 8–12 Hz the noise-widened tolerance is some 2–3 kg: the window may
                // take in the end of sitting down, never less than 2 kg.
                let seated = load < 15
                let settled = seated ? 0.5 : 1 - 2 * max(1, 0.03 * load) / load
                #expect(
                    Double(b.startMicros) >= 1_000_000 * settled, "\(load) kg at \(rate) Hz: taken while stepping on")
                // The window's last block (0.25 s) may hold the movement's first sample or two, which hardly move
                // its mean.
                #expect(b.endMicros < 4_250_000, "\(load) kg at \(rate) Hz: taken at \(b.endMicros) µs")
                if !seated { #expect(abs(b.cop.y - (-10)) < 4, "\(load) kg at \(rate) Hz: COP \(b.cop)") }
                #expect(
                    abs(b.loadKilograms - load) < (seated ? 1.5 : max(0.5, 0.02 * load)), "\(load) kg at \(rate) Hz")
            }
        }
    }

    @Test func circlingIsNoStillness() {
        // Constant load, the centre of pressure going round 30 mm: no baseline in 20 s.
        var e = BaselineEstimator()
        for i in 0..<2000 {
            let t = Double(i) / 100
            e.add(
                Sample(
                    timeMicros: Int64(i) * 10_000, loadKilograms: 70, cop: Point(x: 30 * cos(2 * t), y: 30 * sin(2 * t))
                ))
        }
        #expect(e.baseline == nil)
    }

    @Test func aSlowlyChangingLoadIsNoStillness() {
        // 3 kg a second more for 20 s (someone lowering onto the board, a bag being filled): never still.
        var e = BaselineEstimator()
        for i in 0..<2000 {
            e.add(Sample(timeMicros: Int64(i) * 10_000, loadKilograms: 40 + 0.03 * Double(i), cop: Point(x: 0, y: 0)))
        }
        #expect(e.baseline == nil)
    }
}
