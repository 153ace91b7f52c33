import Foundation
import PlantarSignal

/// What the person on the board is doing at one moment, before sway and sensor noise.
public struct Posture: Sendable, Equatable {
    public var loadKilograms: Double
    public var cop: Point
    public var buttonDown = false
    /// How much of the forward position (mm) the toes carry by gripping: 0 for a lean. A pad sees it on its toe row;
    /// the balance board sees only the centre of pressure.
    public var toeGripMillimetres = 0.0
    /// How far the heels are off the ground, 0 (flat) to 1 (on tiptoes).
    public var heelsUp = 0.0

    public init(loadKilograms: Double, cop: Point, buttonDown: Bool = false) {
        self.loadKilograms = loadKilograms
        self.cop = cop
        self.buttonDown = buttonDown
    }
}

/// A timeline of movements; each maps a time inside it to a posture.
public struct Script: Sendable {
    public struct Move: Sendable {
        public var start: Double
        public var end: Double
        public var shape: Shape
    }

    public enum Shape: Sendable {
        /// Linear from one posture to another.
        case ramp(Posture, Posture)
        /// A trapezoid from `base`: ramp up over `ramp` s to base + (shift, gain), hold, ramp down.
        case hold(base: Posture, shift: Point, gain: Double, ramp: Double)
        /// A toe grip: the same trapezoid forward, the toes carrying the whole shift.
        case grip(base: Posture, shift: Point, ramp: Double)
        /// Circles around `base.cop` with `radius`, `turns` (+ counter-clockwise) after `ramp` s moving out.
        case circles(base: Posture, radius: Double, startAngle: Double, segments: [Double], ramp: Double)
        /// Tiptoe walking in place: forward shift plus a side-to-side step rhythm and load bounce.
        case walk(base: Posture, forward: Double, ramp: Double, stepHz: Double, sway: Double, bounce: Double)
        /// Stepping with the toe on the button: a small forward lean while it is held down.
        case button(base: Posture, downFor: Double)
    }

    public private(set) var moves: [Move] = []
    public private(set) var now: Double = 0
    /// What a correct analysis must find, filled by the scenario builders.
    public var expected: [ExpectedExercise] = []

    public init() {}

    public mutating func add(_ seconds: Double, _ shape: Shape) {
        moves.append(Move(start: now, end: now + seconds, shape: shape))
        now += seconds
    }

    public func posture(at t: Double, cursor: inout Int) -> Posture {
        while cursor + 1 < moves.count, t >= moves[cursor].end { cursor += 1 }
        let m = moves[cursor]
        let local = Swift.max(0, Swift.min(t, m.end) - m.start)
        let length = m.end - m.start
        switch m.shape {
        case .ramp(let a, let b):
            let f = length > 0 ? local / length : 1
            return Posture(
                loadKilograms: a.loadKilograms + (b.loadKilograms - a.loadKilograms) * f,
                cop: Point(x: a.cop.x + (b.cop.x - a.cop.x) * f, y: a.cop.y + (b.cop.y - a.cop.y) * f))
        case .hold(let base, let shift, let gain, let ramp):
            let f = trapezoid(local, length: length, ramp: ramp)
            return Posture(
                loadKilograms: base.loadKilograms + gain * f,
                cop: Point(x: base.cop.x + shift.x * f, y: base.cop.y + shift.y * f))
        case .grip(let base, let shift, let ramp):
            let f = trapezoid(local, length: length, ramp: ramp)
            var p = Posture(
                loadKilograms: base.loadKilograms, cop: Point(x: base.cop.x + shift.x * f, y: base.cop.y + shift.y * f))
            p.toeGripMillimetres = Swift.max(0, shift.y * f)
            return p
        case .circles(let base, let radius, let start, let segments, let ramp):
            // Out along `start` during the ramp, round the segments at constant speed, back in during the last ramp.
            let turning = Swift.max(0.001, length - 2 * ramp)
            let total = segments.reduce(0) { $0 + abs($1) }
            var angle = start
            var r = radius
            if local < ramp {
                r = radius * local / ramp
            } else if local > length - ramp {
                r = radius * Swift.max(0, length - local) / ramp
                angle = start + segments.reduce(0, +) * 2 * .pi
            } else {
                var travelled = (local - ramp) / turning * total
                for seg in segments {
                    let step = Swift.min(travelled, abs(seg))
                    angle += (seg >= 0 ? step : -step) * 2 * .pi
                    travelled -= step
                    if travelled <= 0 { break }
                }
            }
            return Posture(
                loadKilograms: base.loadKilograms,
                cop: Point(x: base.cop.x + r * cos(angle), y: base.cop.y + r * sin(angle)))
        case .walk(let base, let forward, let ramp, let stepHz, let sway, let bounce):
            let f = trapezoid(local, length: length, ramp: ramp)
            let phase = 2 * Double.pi * stepHz * local
            var p = Posture(
                loadKilograms: base.loadKilograms * (1 + bounce * f * sin(2 * phase)),
                cop: Point(x: base.cop.x + sway * f * sin(phase), y: base.cop.y + forward * f + 4 * f * sin(2 * phase)))
            // The heels leave the ground in the first third of the ramp, before the shift reaches either threshold.
            p.heelsUp = Swift.min(1, 3 * f)
            return p
        case .button(let base, let downFor):
            let down = local < downFor
            return Posture(
                loadKilograms: base.loadKilograms, cop: Point(x: base.cop.x, y: base.cop.y + (down ? 6 : 0)),
                buttonDown: down)
        }
    }

    private func trapezoid(_ t: Double, length: Double, ramp: Double) -> Double {
        guard ramp > 0 else { return 1 }
        if t < ramp { return t / ramp }
        if t > length - ramp { return Swift.max(0, (length - t) / ramp) }
        return 1
    }
}

/// The result a fixture must produce, written beside it as `NAME.expected.json`.
public struct ExpectedExercise: Sendable {
    public struct ExpectedRep: Sendable {
        public var start: Double
        public var duration: Double
        public var counted: Bool
        public var side: Side?
    }

    public var kind: ExerciseKind
    public var status: String
    public var reps: [ExpectedRep] = []
    public var clockwise: Int?
    public var counterclockwise: Int?

    public var countedReps: Int {
        if let cw = clockwise, let ccw = counterclockwise { return cw + ccw }
        return reps.filter(\.counted).count
    }
}
