import Foundation
import PlantarSignal

/// Someone on the board.
public struct Person: Sendable {
    public var massKilograms: Double
    /// Quiet-standing sway amplitude, mm.
    public var swayMillimetres: Double
    /// Where they stand relative to the board's centre, mm.
    public var stance: Point

    public init(massKilograms: Double, swayMillimetres: Double = 3, stance: Point = Point(x: 0, y: -10)) {
        self.massKilograms = massKilograms
        self.swayMillimetres = swayMillimetres
        self.stance = stance
    }

    public var standing: Posture { Posture(loadKilograms: massKilograms, cop: stance) }
    /// Seated on the floor, heels on the board: roughly a tenth of the body's weight, under the heels.
    public var seated: Posture { Posture(loadKilograms: max(3, 0.1 * massKilograms), cop: Point(x: stance.x, y: -70)) }
    /// Where they stand (or sit) after stepping off and back on: feet placed elsewhere, a different share of the
    /// weight on the board when seated.
    public func moved(_ p: Posture, by shift: Point, loadFactor: Double) -> Posture {
        Posture(loadKilograms: p.loadKilograms * loadFactor, cop: Point(x: p.cop.x + shift.x, y: p.cop.y + shift.y))
    }
    public var offBoard: Posture { Posture(loadKilograms: 0, cop: stance) }
}

/// How a scenario mixes in what must not count.
public enum Variant: String, Sendable, CaseIterable {
    /// The target met, with one attempt that is too short.
    case standard
    /// Fidgets below the threshold, sideways sways, a too-short burst, a dip shorter than the grace, stepping off.
    case distractors
    /// Fewer counted reps than the target: the exercise fails.
    case short
    /// Standing (or sitting) quietly the whole time: no rep, no circle.
    case quiet
    /// Slow weight shifts and leans that stay under the thresholds: no rep, no circle.
    case fidget
    /// The target met, with a step off the board halfway and back on at a new position (a new baseline).
    case reposition
    /// Toe presses or toe walks, with a forward lean as far and as long before every second one, the toes not
    /// gripping and the heels down: a device that sees the toes and heels counts only the presses and the walk; the balance board, which
    /// sees only the centre of pressure, counts the leans too.
    case lean
}

/// Builds scripts of people doing the exercises, and what a correct analysis must find in them.
public struct ScenarioBuilder {
    public var person: Person
    public var rng: SeededRandom
    public var script = Script()
    /// Times (s) around which the recording must not have random Bluetooth gaps: the edges the tests measure.
    public private(set) var quietTimes: [Double] = []
    /// Where the person rests after re-positioning, when they did.
    public private(set) var movedTo: Posture?
    /// Whether the recording's device sees the regions of the feet (toes, heels, each foot): what a lean counts as.
    public var seesRegions = false

    public init(person: Person, seed: UInt64, seesRegions: Bool = false) {
        self.person = person
        rng = SeededRandom(seed: seed)
        self.seesRegions = seesRegions
    }

    public mutating func still(_ seconds: Double, _ p: Posture? = nil) {
        let q = p ?? person.standing
        script.add(seconds, .ramp(q, q))
    }

    public mutating func move(_ seconds: Double, from a: Posture, to b: Posture) {
        script.add(seconds, .ramp(a, b))
    }

    public mutating func stepOn() {
        still(1.0, person.offBoard)
        var first = person.standing
        first.loadKilograms *= 0.5
        first.cop.x += 90
        move(0.6, from: person.offBoard, to: first)
        move(0.6, from: first, to: person.standing)
    }

    public mutating func pressButton(_ base: Posture? = nil) {
        // A Bluetooth gap must not swallow the press: the script moves on with it.
        quietTimes.append(script.now + 0.1)
        script.add(0.2, .button(base: base ?? person.standing, downFor: 0.15))
    }

    /// A trapezoid hold whose signal crosses enter/exit so that the measured duration is `duration`.
    /// Returns nothing; records the expected rep.
    mutating func hold(
        duration: Double, amplitude: Double, enter: Double, exit: Double, target: Double,
        base: Posture, shift: Point, gain: Double, side: Side? = nil, toes: Bool = false,
        into reps: inout [ExpectedExercise.ExpectedRep]
    ) {
        let ramp = 0.25
        // measured = length − ramp·(enter + exit)/amplitude
        let length = duration + ramp * (enter + exit) / amplitude
        let start = script.now + ramp * enter / amplitude
        script.add(
            length,
            toes ? .grip(base: base, shift: shift, ramp: ramp) : .hold(base: base, shift: shift, gain: gain, ramp: ramp)
        )
        quietTimes.append(start)
        quietTimes.append(start + duration)
        if target >= 0 {
            reps.append(.init(start: start, duration: duration, counted: duration >= target, side: side))
        }
    }

    private mutating func pause(_ range: ClosedRange<Double>, _ p: Posture? = nil) {
        still(rng.uniform(range), p)
    }

    /// Durations for `counted` good reps and `short` too-short ones, shuffled so a short one is never last.
    private mutating func durations(counted: Int, short: Int, target: Double, longest: Double) -> [Double] {
        var good = (0..<counted).map { _ in rng.uniform((target + 0.45)...max(target + 0.5, longest)) }
        let bad = (0..<short).map { _ in rng.uniform((target * 0.35)...(target * 0.75)) }
        for b in bad { good.insert(b, at: Int(rng.uniform(0...Double(max(0, good.count - 1))))) }
        return good
    }

    // MARK: Exercises

    /// Adds one exercise from the person's steady posture to its last rep; records what it must yield.
    public mutating func perform(_ kind: ExerciseKind, variant: Variant = .standard) {
        let settings = kind.defaultSettings
        let passes = variant == .standard || variant == .distractors || variant == .reposition || variant == .lean
        var expected = ExpectedExercise(kind: kind, status: passes ? "passed" : "failed")
        if variant == .quiet || variant == .fidget {
            performNothing(kind, settings.detector, fidget: variant == .fidget, expected: &expected)
            script.expected.append(expected)
            return
        }
        switch settings.detector {
        case .circles(let p):
            performCircles(p, target: settings.targetReps, variant: variant, expected: &expected)
        case .hold(let p):
            performHolds(kind, p, target: settings.targetReps, variant: variant, expected: &expected)
        }
        script.expected.append(expected)
    }

    private mutating func performCircles(
        _ p: CircleDetector.Parameters, target: Int, variant: Variant, expected: inout ExpectedExercise
    ) {
        let base = person.standing
        still(rng.uniform(2.4...3.2), base)
        let radius = rng.uniform(30...45)
        let period = rng.uniform(2.6...3.6)
        if variant == .distractors {
            // Too small to verify: never reaches the enter radius.
            let small = 7.0
            script.add(2 * period, .circles(base: base, radius: small, startAngle: 0, segments: [1.5], ramp: 0.3))
            still(1.0, base)
            // A half turn one way and back: a reversal, no circle.
            script.add(
                1.2 * period, .circles(base: base, radius: radius, startAngle: 1, segments: [0.4, -0.4], ramp: 0.3))
            still(1.5, base)
        }
        let ccw = variant == .short ? target - 2 : target
        let cw = variant == .short ? 1 : target
        expected.counterclockwise = ccw
        expected.clockwise = cw
        // A gap just as the tracing starts hides rotation nothing can recover: keep gaps off that moment.
        quietTimes.append(script.now + 0.5 * p.enterRadiusMillimetres / radius)
        if variant == .reposition {
            // Each direction on its own, with a step off and back on elsewhere between them.
            let first = [Double(ccw) + 0.3]
            script.add(
                (first[0] + 0.2) * period + 1.0,
                .circles(base: base, radius: radius, startAngle: rng.uniform(0...6), segments: first, ramp: 0.5))
            still(1.5, base)
            let there = reposition(from: base)
            quietTimes.append(script.now + 0.5 * p.enterRadiusMillimetres / radius)
            let second = [-(Double(cw) + 0.3)]
            script.add(
                (abs(second[0]) + 0.2) * period + 1.0,
                .circles(base: there, radius: radius, startAngle: rng.uniform(0...6), segments: second, ramp: 0.5))
            still(1.5, there)
            return
        }
        // After a reversal the new count starts 90° back from the furthest point, so go a little beyond.
        let segments = [Double(ccw) + 0.3, -(Double(cw) + 0.6)]
        let length = (abs(segments[0]) + abs(segments[1])) * period + 1.0
        script.add(
            length, .circles(base: base, radius: radius, startAngle: rng.uniform(0...6), segments: segments, ramp: 0.5))
        still(1.5, base)
    }

    /// Steps off, and back on with the feet placed elsewhere; stands still until a new baseline can be taken.
    /// Returns the new resting posture.
    private mutating func reposition(from base: Posture) -> Posture {
        let off = Posture(loadKilograms: 0, cop: base.cop)
        move(0.8, from: base, to: off)
        still(rng.uniform(1.2...2.0), off)
        let sx = rng.uniform(25...45) * (rng.chance(0.5) ? 1 : -1)
        let sy = rng.uniform(20...35) * (rng.chance(0.5) ? 1 : -1)
        let seated = base.cop.y < -50
        let there = person.moved(
            base, by: Point(x: sx, y: seated ? sy / 2 : sy), loadFactor: seated ? rng.uniform(0.85...1.2) : 1)
        var first = there
        first.loadKilograms *= 0.5
        first.cop.x += 60
        move(0.6, from: off, to: first)
        move(0.6, from: first, to: there)
        still(rng.uniform(2.6...3.2), there)
        movedTo = there
        return there
    }

    /// Quiet standing (or sitting), or slow shifts that stay under every threshold: nothing may count.
    private mutating func performNothing(
        _ kind: ExerciseKind, _ detector: DetectorParameters, fidget: Bool, expected: inout ExpectedExercise
    ) {
        let base = kind == .footFlexes ? person.seated : person.standing
        if case .circles = detector {
            expected.clockwise = 0
            expected.counterclockwise = 0
        }
        still(rng.uniform(2.4...3.2), base)
        guard fidget else {
            still(rng.uniform(14...18), base)
            return
        }
        // Leans and shifts of 1.5–3 s each way, as far as half the smallest threshold that could count them.
        let reach: Point
        var gain = 0.0
        switch detector {
        case .circles(let p):
            reach = Point(x: 0.45 * p.exitRadiusMillimetres, y: 0.45 * p.exitRadiusMillimetres)
        case .hold(let p):
            switch p.signal {
            case .forwardShift: reach = Point(x: 25, y: 0.45 * p.exitThreshold)
            case .lateralShift: reach = Point(x: 0.55 * p.exitThreshold, y: 20)
            case .loadGain:
                reach = Point(x: 10, y: 8)
                gain = 0.5 * p.exitThreshold
            }
        }
        for n in 0..<4 {
            let towards = Point(
                x: reach.x * rng.uniform(0.5...1) * (n % 2 == 0 ? 1 : -1),
                y: reach.y * rng.uniform(0.5...1) * (n < 2 ? 1 : -1))
            var there = base
            there.cop = Point(x: base.cop.x + towards.x, y: base.cop.y + towards.y)
            there.loadKilograms += gain * rng.uniform(0.4...1)
            move(rng.uniform(1.5...3), from: base, to: there)
            still(rng.uniform(0.5...2), there)
            move(rng.uniform(1.5...3), from: there, to: base)
            still(rng.uniform(0.8...2), base)
        }
    }

    private mutating func performHolds(
        _ kind: ExerciseKind, _ p: HoldDetector.Parameters, target: Int, variant: Variant,
        expected: inout ExpectedExercise
    ) {
        let seated = kind == .footFlexes
        var base = seated ? person.seated : person.standing
        still(rng.uniform(2.4...3.2), base)
        let counted = variant == .short ? max(0, target - 2) : target
        let short = variant == .short ? 2 : 1
        let longest: Double
        switch kind {
        case .footFlexes: longest = 9
        case .pencilPickups: longest = 12.5
        case .toeWalks: longest = 16
        default: longest = p.holdSeconds + 1.5
        }
        let plan = durations(counted: counted, short: short, target: p.holdSeconds, longest: longest)
        var side = Side.left
        for (n, d) in plan.enumerated() {
            if variant == .distractors, n == 1 { distract(kind, p, base: base, expected: &expected) }
            if variant == .lean, n % 2 == 1 { lean(kind, p, base: base, expected: &expected) }
            if variant == .reposition, n == plan.count / 2 { base = reposition(from: base) }
            switch kind {
            case .footFlexes:
                let gain = rng.uniform(8...11)
                hold(
                    duration: d, amplitude: gain, enter: p.enterThreshold, exit: p.exitThreshold, target: p.holdSeconds,
                    base: base, shift: Point(x: 0, y: 6), gain: gain, into: &expected.reps)
            case .pencilPickups:
                let a = rng.uniform(85...110)
                // Lifting the left foot moves the centre of pressure over the right one.
                let shift = Point(x: side == .left ? a : -a, y: rng.uniform(-5...5))
                hold(
                    duration: d, amplitude: a, enter: p.enterThreshold, exit: p.exitThreshold, target: p.holdSeconds,
                    base: base, shift: shift, gain: 0, side: side, into: &expected.reps)
                side = side == .left ? .right : .left
            case .toePresses:
                let a = rng.uniform(25...36)
                hold(
                    duration: d, amplitude: a, enter: p.enterThreshold, exit: p.exitThreshold, target: p.holdSeconds,
                    base: base, shift: Point(x: rng.uniform(-3...3), y: a), gain: 0, toes: true, into: &expected.reps)
            case .toeWalks:
                let a = rng.uniform(62...75)
                let ramp = 0.3
                let length = d + ramp * (p.enterThreshold + p.exitThreshold) / a
                let start = script.now + ramp * p.enterThreshold / a
                script.add(
                    length,
                    .walk(base: base, forward: a, ramp: ramp, stepHz: rng.uniform(0.8...1.1), sway: 22, bounce: 0.12))
                quietTimes += [start, start + d]
                expected.reps.append(.init(start: start, duration: d, counted: d >= p.holdSeconds, side: nil))
            case .ankleCircles:
                break
            }
            pause(1.6...2.8, base)
        }
    }

    /// A forward lean as far and as long as a rep, toes relaxed and heels down, then a rest: on a device that sees the
    /// toes and heels it is no rep; on the balance board the centre of pressure cannot tell it from one.
    private mutating func lean(
        _ kind: ExerciseKind, _ p: HoldDetector.Parameters, base: Posture, expected: inout ExpectedExercise
    ) {
        let a = kind == .toeWalks ? rng.uniform(55...65) : rng.uniform(25...32)
        let d = kind == .toeWalks ? rng.uniform(11...13) : rng.uniform(p.holdSeconds + 0.5...p.holdSeconds + 1.5)
        hold(
            duration: d, amplitude: a, enter: p.enterThreshold, exit: p.exitThreshold,
            target: seesRegions ? -1 : p.holdSeconds, base: base, shift: Point(x: 0, y: a), gain: 0,
            into: &expected.reps)
        pause(1.6...2.4, base)
    }

    /// Things people do between reps that must not count.
    private mutating func distract(
        _ kind: ExerciseKind, _ p: HoldDetector.Parameters, base: Posture, expected: inout ExpectedExercise
    ) {
        var none: [ExpectedExercise.ExpectedRep] = []
        let unit = p.enterThreshold
        switch p.signal {
        case .forwardShift:
            // Leaning forward a little, below the threshold; a sideways sway; a toe-grip burst too short to count.
            hold(
                duration: 1.0, amplitude: unit * 0.45, enter: 0, exit: 0, target: -1, base: base,
                shift: Point(x: 0, y: unit * 0.45), gain: 0, into: &none)
            still(1.2, base)
            hold(
                duration: 1.5, amplitude: 30, enter: 0, exit: 0, target: -1, base: base,
                shift: Point(x: 30, y: 0), gain: 0, into: &none)
            still(1.2, base)
            // On a device that sees the heels, a burst with the heels down is no toe walk at all.
            let noRep = kind == .toeWalks && seesRegions
            hold(
                duration: 0.45, amplitude: unit * 1.8, enter: unit, exit: p.exitThreshold,
                target: noRep ? -1 : p.holdSeconds, base: base, shift: Point(x: 0, y: unit * 1.8), gain: 0,
                toes: kind == .toePresses, into: &expected.reps)
        case .lateralShift:
            hold(
                duration: 1.0, amplitude: unit * 0.5, enter: 0, exit: 0, target: -1, base: base,
                shift: Point(x: unit * 0.5, y: 0), gain: 0, into: &none)
            still(1.2, base)
            hold(
                duration: 1.5, amplitude: 40, enter: 0, exit: 0, target: -1, base: base,
                shift: Point(x: 0, y: 40), gain: 0, into: &none)
        case .loadGain:
            hold(
                duration: 1.0, amplitude: unit * 0.4, enter: 0, exit: 0, target: -1, base: base,
                shift: Point(x: 0, y: 0), gain: unit * 0.4, into: &none)
            still(1.2, base)
            hold(
                duration: 0.5, amplitude: unit * 2, enter: unit, exit: p.exitThreshold, target: p.holdSeconds,
                base: base, shift: Point(x: 0, y: 0), gain: unit * 2, into: &expected.reps)
        }
        still(1.5, base)
        // Stepping off the board and back on (between reps): nothing counts while off.
        move(0.8, from: base, to: Posture(loadKilograms: 0, cop: base.cop))
        still(1.5, Posture(loadKilograms: 0, cop: base.cop))
        move(0.8, from: Posture(loadKilograms: 0, cop: base.cop), to: base)
        still(2.0, base)
    }

    // MARK: Whole sessions

    /// One exercise on its own: step on, do it, step off.
    public static func single(
        _ kind: ExerciseKind, person: Person, variant: Variant, seed: UInt64, seesRegions: Bool = false
    ) -> (Script, [Double]) {
        var b = ScenarioBuilder(person: person, seed: seed, seesRegions: seesRegions)
        if kind == .footFlexes {
            b.still(1.0, person.offBoard)
            b.move(1.0, from: person.offBoard, to: person.seated)
        } else {
            b.stepOn()
        }
        b.perform(kind, variant: variant)
        let last = b.movedTo ?? (kind == .footFlexes ? person.seated : person.standing)
        // Straight down where they are: the centre of pressure does not wander while the load leaves.
        let off = Posture(loadKilograms: 0, cop: last.cop)
        b.move(0.8, from: last, to: off)
        b.still(0.5, off)
        return (b.script, b.quietTimes)
    }

    /// The built-in routine, start to finish, moving on by the rest countdown (and once by the button).
    public static func routine(person: Person, seed: UInt64, restSeconds: Double = 5) -> (Script, [Double]) {
        var b = ScenarioBuilder(person: person, seed: seed)
        b.stepOn()
        for (i, kind) in ExerciseKind.allCases.enumerated() {
            b.perform(kind)
            guard i + 1 < ExerciseKind.allCases.count else { break }
            let here = kind == .footFlexes ? person.seated : person.standing
            let next = ExerciseKind.allCases[i + 1] == .footFlexes ? person.seated : person.standing
            if kind == .toePresses {
                // Move on with the board's button, during the rest.
                b.still(1.0, here)
                b.pressButton(here)
                continue
            }
            // The target was met at the last rep's end: rest, change posture, settle before the next starts.
            if here != next {
                b.move(2.0, from: here, to: next)
                b.still(restSeconds, next)
            } else {
                b.still(restSeconds + 0.5, next)
            }
        }
        b.move(0.8, from: person.standing, to: person.offBoard)
        b.still(0.5, person.offBoard)
        return (b.script, b.quietTimes)
    }
}
