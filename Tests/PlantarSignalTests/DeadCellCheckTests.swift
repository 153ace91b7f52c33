import PlantarSignal
import Testing

@Suite struct DeadCellCheckTests {
    /// Feeds `loads` (TR, BR, TL, BL) at 100 Hz for `seconds`; returns the last sample's mark.
    func run(_ check: inout DeadCellCheck, _ loads: [Double], from start: Double, seconds: Double) -> Int8 {
        var mark: Int8 = -1
        var t = start
        while t < start + seconds - 1e-9 {
            let frame = Frame(timeMicros: Int64(t * 1e6), loadsKilograms: loads)
            var s = SensorLayout.balanceBoard.sample(of: frame)
            check.check(frame, &s)
            mark = s.faultySensor
            t += 0.01
        }
        return mark
    }

    @Test func aLiftedFootIsNoFault() {
        var c = DeadCellCheck(layout: .balanceBoard)
        // Left foot lifted: both left corners unloaded.
        #expect(run(&c, [35, 35, 0, 0], from: 0, seconds: 3) == -1)
    }

    @Test func aCornerAtZeroBetweenLoadedNeighboursIsMarkedAfterHalfASecond() {
        var c = DeadCellCheck(layout: .balanceBoard)
        #expect(run(&c, [20, 20, 20, 0], from: 0, seconds: 0.4) == -1)
        #expect(run(&c, [20, 20, 20, 0], from: 0.4, seconds: 0.2) == 3)
        // It reads again: healthy at once.
        #expect(run(&c, [20, 20, 20, 5], from: 0.6, seconds: 0.05) == -1)
    }

    @Test func anEmptyBoardIsNoFault() {
        var c = DeadCellCheck(layout: .balanceBoard)
        #expect(run(&c, [0.5, 0.5, 0.5, 0], from: 0, seconds: 2) == -1)
    }

    @Test func manyCellMatsAreNotChecked() {
        let mat = SensorLayout(positions: (0..<16).map { Point(x: Double($0 % 4) * 50, y: Double($0 / 4) * 50) })
        var c = DeadCellCheck(layout: mat)
        var loads = [Double](repeating: 10, count: 16)
        loads[5] = 0
        for i in 0..<200 {
            let frame = Frame(timeMicros: Int64(i) * 10_000, loadsKilograms: loads)
            var s = mat.sample(of: frame)
            c.check(frame, &s)
            #expect(s.faultySensor == -1)
        }
    }
}
