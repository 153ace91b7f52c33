import PlantarSignal

extension ScenarioBuilder {
    /// A long session, as benchmarks replay: the five exercises over and over (standard and distractor rounds in
    /// turn) with settling pauses between them, until at least `seconds` are scripted.
    public static func session(person: Person, seed: UInt64, seconds: Double) -> (Script, [Double]) {
        var b = ScenarioBuilder(person: person, seed: seed)
        b.stepOn()
        var here = person.standing
        var round = 0
        while b.script.now < seconds {
            for kind in ExerciseKind.allCases {
                let next = kind == .footFlexes ? person.seated : person.standing
                if here != next { b.move(2.0, from: here, to: next) }
                b.still(3.0, next)
                b.perform(kind, variant: round % 2 == 0 ? .standard : .distractors)
                here = next
            }
            round += 1
        }
        b.move(0.8, from: here, to: person.offBoard)
        b.still(0.5, person.offBoard)
        return (b.script, b.quietTimes)
    }
}
