import Foundation
import PlantarSignal
import Testing

/// A sample from a device that sees the regions of the feet (all five), at `t` seconds.
func regionSample(
    _ t: Double, x: Double = 0, y: Double = 0, load: Double = 70, toes: Double = 5, heel: Double = 30,
    left: Double = 35, right: Double = 35
) -> Sample {
    var s = Sample(timeMicros: Int64((t * 1_000_000).rounded()), loadKilograms: load, cop: Point(x: x, y: y))
    s.regions.present = 0b11111
    s.regions[.toes] = toes
    s.regions[.forefoot] = load - toes - heel
    s.regions[.heel] = heel
    s.regions[.left] = left
    s.regions[.right] = right
    return s
}

extension ExerciseSettings {
    var holdParameters: HoldDetector.Parameters {
        guard case .hold(let p) = detector else { preconditionFailure("\(kind) is no hold") }
        return p
    }
}

/// Where the device sees the toes, heels and each foot, the detectors use them: a toe press needs the toes to take
/// load, a toe walk the heels off the ground, a pencil pickup's side is the foot that carries less. On the balance
/// board (no regions) the same centre-of-pressure movements count as before.
@Suite struct RegionDetectorTests {
    let toePresses = ExerciseKind.toePresses.defaultSettings
    let toeWalks = ExerciseKind.toeWalks.defaultSettings
    let pencils = ExerciseKind.pencilPickups.defaultSettings

    /// 3 s still, then `shift` mm forward from 3 s to 7 s with `toes` kg on the toes and `heel` kg on the heels, at
    /// 50 Hz; `regions` false drops the region loads (the balance board).
    func forward(shift: Double, toes: Double, heel: Double, regions: Bool = true) -> [Sample] {
        stride(from: 0.0, to: 10, by: 0.02).map { t in
            let on = t >= 3 && t < 7
            var s = regionSample(t, y: on ? shift : 0, toes: on ? toes : 5, heel: on ? heel : 30)
            if !regions { s.regions = .none }
            return s
        }
    }

    @Test func theDefaultsNameARegionRuleForTheThreeExercisesThatCanUseOne() {
        #expect(toePresses.holdParameters.regionRule == .toeGrip(enterRise: 0.07, exitRise: 0.04))
        #expect(toeWalks.holdParameters.regionRule == .heelsOff(enterShare: 0.10, exitShare: 0.15))
        #expect(pencils.holdParameters.regionRule == .standingFoot)
        #expect(ExerciseKind.footFlexes.defaultSettings.holdParameters.regionRule == .none)
    }

    @Test func aToeGripCountsAndALeanAsFarDoesNotWhereTheToesAreSeen() {
        // Toes from 5 kg (7 % of 70) to 16 kg (23 %): a grip.
        let (grip, _) = run(toePresses, forward(shift: 25, toes: 16, heel: 25))
        #expect(grip.reps.count == 1)
        #expect(grip.countedReps == 1)
        #expect(abs(grip.reps[0].durationSeconds - 4.0) < 0.021)
        // Toes from 5 to 7 kg (+3 points): the same forward shift is a lean.
        let (lean, _) = run(toePresses, forward(shift: 25, toes: 7, heel: 18))
        #expect(lean.baseline?.regions.has(.toes) == true)
        #expect(lean.reps.isEmpty)
        // Without regions (the balance board) the lean is a toe press: the centre of pressure is all it sees.
        let (board, _) = run(toePresses, forward(shift: 25, toes: 7, heel: 18, regions: false))
        #expect(board.baseline?.regions == RegionLoads.none)
        #expect(board.countedReps == 1)
    }

    @Test func aGripThatLetsGoEndsTheHoldWhileTheCentreOfPressureStaysForward() {
        // Grip from 3 s; at 5 s the toes let go (back to 7 kg, +3 points < 4) but the body stays 25 mm forward.
        let samples = stride(from: 0.0, to: 10, by: 0.02).map { t in
            regionSample(t, y: t >= 3 && t < 7 ? 25 : 0, toes: t >= 3 && t < 5 ? 16 : (t >= 5 && t < 7 ? 7 : 5))
        }
        let (a, _) = run(toePresses, samples)
        #expect(a.reps.count == 1)
        #expect(abs(Double(a.reps[0].startMicros) / 1e6 - 3.0) < 0.021)
        #expect(abs(a.reps[0].durationSeconds - 2.0) < 0.021)
        #expect(a.countedReps == 0)
    }

    @Test func aToeWalkNeedsTheHeelsOffTheGround() {
        // 60 mm forward for 4 s, target 10 s: a bout of 4 s, not counted, either way; only the heels decide whether
        // it is a bout at all.
        var walk = toeWalks
        walk.setHoldSeconds(3)
        let (tiptoes, _) = run(walk, forward(shift: 60, toes: 12, heel: 2))
        #expect(tiptoes.reps.count == 1)
        #expect(tiptoes.countedReps == 1)
        let (flat, _) = run(walk, forward(shift: 60, toes: 12, heel: 14))
        #expect(flat.reps.isEmpty)
        let (board, _) = run(walk, forward(shift: 60, toes: 12, heel: 14, regions: false))
        #expect(board.countedReps == 1)
    }

    @Test func aPencilPickupsSideIsTheFootThatCarriesLess() {
        let samples = stride(from: 0.0, to: 16, by: 0.02).map { t -> Sample in
            let lifted = t >= 3 && t < 14
            return regionSample(t, x: lifted ? -90 : 0, left: lifted ? 66 : 35, right: lifted ? 4 : 35)
        }
        let (a, _) = run(pencils, samples)
        #expect(a.reps.count == 1)
        #expect(a.reps[0].side == .right)
        #expect(a.countedReps == 1)
    }
}

@Suite struct RegionLoadsTests {
    @Test func regionLoadsHoldOneValuePerRegion() {
        #expect(Region.allCases.count == RegionLoads.count)
        var r = RegionLoads()
        for region in Region.allCases { r[region] = Double(region.rawValue + 1) }
        #expect([r.toes, r.forefoot, r.heel, r.left, r.right] == [1, 2, 3, 4, 5])
        #expect(Region.allCases.map(\.name) == ["toes", "forefoot", "heel", "left", "right"])
        #expect(Region.allCases.allSatisfy { Region(name: $0.name) == $0 })
    }

    @Test func theStageFiltersRegionLoadsLikeTheLoad() {
        var stage = SignalStage(layout: .pad16)
        var loads = [Double](repeating: 0, count: 16)
        for i in 12..<16 { loads[i] = 10 }  // 40 kg on the heel row
        let first = stage.sample(of: Frame(timeMicros: 0, loadsKilograms: loads))
        #expect(first.regions.heel == 40 && first.regions.toes == 0)
        for i in 12..<16 { loads[i] = 5 }
        for i in 0..<4 { loads[i] = 5 }  // 20 kg moves to the toe row
        let second = stage.sample(of: Frame(timeMicros: 20_000, loadsKilograms: loads))
        let a = 1 - exp(-20_000.0 / 50_000)
        #expect(abs(second.regions.toes - 20 * a) < 1e-9)
        #expect(abs(second.regions.heel - (40 - 20 * a)) < 1e-9)
        #expect(abs(second.loadKilograms - 40) < 1e-9)
        // The balance board sees no regions: its samples carry none.
        var board = SignalStage(layout: .balanceBoard)
        #expect(board.sample(of: Frame(timeMicros: 0, loadsKilograms: [10, 10, 10, 10])).regions == .none)
    }

    @Test func theBaselineKeepsTheMeanRegionLoadsOfItsWindow() {
        var e = BaselineEstimator()
        var found: Baseline?
        for i in 0..<300 where found == nil {
            found = e.add(regionSample(Double(i) * 0.01, toes: i % 2 == 0 ? 4 : 6, heel: 30))
        }
        let b = found
        #expect(b != nil)
        #expect(abs((b?.regions.toes ?? 0) - 5) < 0.05)
        #expect(b?.regions.heel == 30)
        #expect(abs((b?.share(.toes) ?? 0) - 5.0 / 70) < 0.001)
        #expect(b?.share(.toes) != nil && Baseline.placeholderFree.share(.toes) == nil)
    }
}

extension Baseline {
    /// A baseline from a device without regions.
    static let placeholderFree = Baseline(loadKilograms: 70, cop: Point(x: 0, y: 0), startMicros: 0, endMicros: 0)
}
