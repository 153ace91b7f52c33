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
