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
        // SPEC §2: x = 216.5 · ((TR+BR) − (TL+BL)) / ΣF, y = 119 · ((TL+TR) − (BL+BR)) / ΣF.
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
