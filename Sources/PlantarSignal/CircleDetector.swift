// Only the C maths library: the signal module does no I/O and reads no clock.
import Glibc

/// Ankle circles: the centre of pressure turning around the baseline point.
///
/// The angle around the baseline is unwrapped only while the radius is held (≥ enter to start tracing,
/// < exit to stop). A *count* accumulates net rotation; once it reaches `directionDegrees` either way its
/// direction is fixed, every full turn in that direction counts one circle, and falling back more than
/// `reversalDegrees` from the furthest angle reached starts a new count from the current angle.
///
/// | state   | sample                                      | next    | emits / does                              |
/// |---------|---------------------------------------------|---------|-------------------------------------------|
/// | any     | load > baseline + implausible (faulty cell) | unchanged | sampleSkipped (aboveBaseline)           |
/// | any     | marked by `SignalStage` (dead cell, implausible) | unchanged | sampleSkipped (its mark)           |
/// | tracing | time since previous sample > maxGap         | resting, then this sample again | gap (no rotation across it) |
/// | other   | time since previous sample > maxGap         | unchanged, then this sample again | gap                 |
/// | steppedOff | load < stepOff × baseline                | steppedOff | —                                      |
/// | other   | load < stepOff × baseline                   | steppedOff | steppedOff                             |
/// | steppedOff | load ≥ stepOff × baseline                | resting, then this sample again | steppedOn         |
/// | resting | radius ≥ enter                              | tracing | angle reference = this sample             |
/// | resting | radius < enter                              | resting | —                                         |
/// | tracing | radius < exit                               | resting | — (the count keeps its rotation)          |
/// | tracing | radius ≥ exit, interval ≤ shortInterval     | tracing | add the wrapped angle step to the count   |
/// | tracing | radius ≥ exit, after a longer gap           | tracing | hold the step (nearest angle, or a turn ahead) until `gapDecisionSeconds` show the turning went on |
///
/// | count                                  | step                                   | does                         |
/// |----------------------------------------|----------------------------------------|------------------------------|
/// | no direction                           | net rotation reaches ±directionDegrees | direction = sign of rotation |
/// | direction set                          | progress ≥ (n + 1) × 360°              | circleCounted, n += 1        |
/// | direction set                          | furthest − progress > reversalDegrees  | new count from here          |
///
/// `rebase(_:)` (a new baseline after re-positioning) starts a new count around the new point; circles so far stay.
///
/// Not handled: circles whose radius never reaches `enter` (too small to verify), and rotation during a
/// jump through the centre (the angle is re-referenced when the radius comes back).
public struct CircleDetector: Sendable {
    public struct Parameters: Sendable, Equatable {
        public var enterRadiusMillimetres: Double = 15
        public var exitRadiusMillimetres: Double = 10
        public var directionDegrees: Double = 90
        public var reversalDegrees: Double = 90
        public var maxGapSeconds: Double = 2.0
        public var stepOffFraction: Double = 0.5
        /// Load this far above the baseline is a faulty cell, not a person: the sample is skipped.
        public var implausibleKilograms: Double = 150
        /// Intervals up to this are unwrapped to the nearest angle; longer ones by the turning speed.
        public var shortIntervalSeconds: Double = 0.3
        /// Time constant of the turning speed (rad/s) kept for unwrapping across gaps.
        public var turningSpeedSeconds: Double = 0.5
        /// How long after a gap the turning is watched before its rotation is decided.
        public var gapDecisionSeconds: Double = 0.25
        public init() {}
        public static let `default` = Parameters()
    }

    public enum State: Sendable, Equatable {
        case resting
        case tracing(lastAngle: Double)
        case steppedOff
    }

    public let parameters: Parameters
    public private(set) var baseline: Baseline
    public private(set) var state: State = .resting
    public private(set) var clockwise = 0
    public private(set) var counterclockwise = 0
    /// Net rotation of the current count, radians (+ = counter-clockwise).
    public private(set) var rotation = 0.0
    public private(set) var direction: Direction?
    private var furthest = 0.0
    private var circlesInCount = 0
    private var circleStartMicros: Int64 = 0
    private var lastMicros: Int64 = .min
    /// Radians per second while tracing (+ = counter-clockwise), filtered.
    private var turningSpeed = 0.0
    /// A step across a gap waiting for the turning after it.
    private var pending: Pending?
    /// The turning speed filter's step for each interval seen.
    private var speedSteps = IntervalMemo()

    struct Pending: Sendable {
        var nearest: Double
        var ahead: Double
        /// The turning speed before the gap.
        var sign: Double
        /// Rotation since the gap.
        var after: Double
        var untilMicros: Int64
    }
    private let directionRadians: Double
    private let reversalRadians: Double
    private let maxGapMicros: Int64
    private let enterRadius: RadiusTest
    private let exitRadius: RadiusTest
    /// Loads above this are skipped, below `stepOffBelow` the user stepped off: worked out when the baseline is set
    /// (`limits`), the same values the comparisons used to work out per sample.
    private var implausibleAbove = 0.0
    private var stepOffBelow = 0.0

    /// baseline + implausible, and stepOff × baseline (kg).
    static func limits(_ p: Parameters, _ baseline: Baseline) -> (implausibleAbove: Double, stepOffBelow: Double) {
        (baseline.loadKilograms + p.implausibleKilograms, p.stepOffFraction * baseline.loadKilograms)
    }

    public init(parameters: Parameters, baseline: Baseline) {
        self.parameters = parameters
        self.baseline = baseline
        (implausibleAbove, stepOffBelow) = Self.limits(parameters, baseline)
        directionRadians = parameters.directionDegrees * .pi / 180
        reversalRadians = parameters.reversalDegrees * .pi / 180
        maxGapMicros = Int64((parameters.maxGapSeconds * 1_000_000).rounded())
        circleStartMicros = baseline.endMicros
        enterRadius = RadiusTest(parameters.enterRadiusMillimetres)
        exitRadius = RadiusTest(parameters.exitRadiusMillimetres)
    }

    /// Compares a radius with a limit from the squared radius, taking the square root only within a hair of the
    /// limit: the same answer as comparing √r² (correctly rounded) with the limit, without the square root's latency
    /// on most samples. Outside a relative band of 10⁻⁹ around limit², the rounding of the root cannot cross the limit.
    struct RadiusTest: Sendable {
        let limit: Double
        /// Below `low`, the radius is below the limit; above `high`, it is at least the limit; in between (and for
        /// NaN), the root decides.
        let low: Double
        let high: Double

        init(_ limit: Double) {
            self.limit = limit
            if limit > 1e-100, limit < 1e100 {
                low = limit * limit * (1 - 1e-9)
                high = limit * limit * (1 + 1e-9)
            } else {
                // Zero, negative, tiny, huge or not a number: always the root.
                low = -1
                high = .infinity
            }
        }

        /// √r² ≥ limit.
        @inline(__always)
        func reached(_ r2: Double) -> Bool {
            if r2 > high { return true }
            if r2 < low { return false }
            return r2.squareRoot() >= limit
        }

        /// √r² < limit.
        @inline(__always)
        func below(_ r2: Double) -> Bool {
            if r2 < low { return true }
            if r2 > high { return false }
            return r2.squareRoot() < limit
        }
    }

    @inline(__always)
    public mutating func handle(_ s: Sample, emit: (DetectorEvent) -> Void) {
        let now = s.timeMicros
        if let reason = SkipReason(marked: s) {
            emit(.sampleSkipped(atMicros: now, reason: reason))
            return
        }
        guard s.loadKilograms <= implausibleAbove else {
            emit(.sampleSkipped(atMicros: now, reason: .aboveBaseline))
            return
        }
        if lastMicros != .min, now - lastMicros > maxGapMicros {
            emit(.gap(fromMicros: lastMicros, toMicros: now))
            if case .tracing = state {
                settlePending(now: lastMicros, emit: emit)
                state = .resting
            }
        }
        let intervalMicros = lastMicros == .min ? 0 : now - lastMicros
        let interval = lastMicros == .min ? 0 : Double(intervalMicros) / 1_000_000
        lastMicros = now
        if s.loadKilograms < stepOffBelow {
            settlePending(now: now, emit: emit)
            if state != .steppedOff {
                state = .steppedOff
                emit(.steppedOff(atMicros: now))
            }
            return
        }
        if state == .steppedOff {
            state = .resting
            emit(.steppedOn(atMicros: now))
        }
        let d = s.cop - baseline.cop
        let r2 = d.lengthSquared
        switch state {
        case .resting, .steppedOff:
            if enterRadius.reached(r2) {
                if rotation == 0, direction == nil { circleStartMicros = now }
                state = .tracing(lastAngle: atan2(d.y, d.x))
                turningSpeed = 0
            }
        case .tracing(let last):
            if exitRadius.below(r2) {
                settlePending(now: now, emit: emit)
                state = .resting
                return
            }
            let angle = atan2(d.y, d.x)
            let step = Self.wrapped(angle - last)
            state = .tracing(lastAngle: angle)
            if interval > parameters.shortIntervalSeconds {
                settlePending(now: now, emit: emit)
                // Across a gap, half a slow circle can pass unseen: the step may be a turn more or less than the
                // nearest angle. Which one is decided once the turning after the gap shows whether it went on.
                let expected = turningSpeed * interval
                let ahead = Self.wrapped(angle - last - expected) + expected
                if abs(ahead - step) > 1e-9 {
                    pending = Pending(
                        nearest: step, ahead: ahead, sign: turningSpeed, after: 0,
                        untilMicros: now + Int64(parameters.gapDecisionSeconds * 1_000_000))
                    turningSpeed = 0
                    return
                }
            } else if interval > 0 {
                // The step for this interval, as a function of the whole microseconds: remembered (`IntervalMemo`).
                let tau = parameters.turningSpeedSeconds
                let a = speedSteps.value(atMicros: intervalMicros) { 1 - exp(-(Double($0) / 1_000_000) / tau) }
                turningSpeed += a * (step / interval - turningSpeed)
            }
            if pending != nil {
                pending?.after += step
                if let p = pending, now >= p.untilMicros { settlePending(now: now, emit: emit) }
                return
            }
            accumulate(step, now: now, emit: emit)
        }
    }

    /// The rotation across a gap, once it can be told: a turn ahead when the turning went on the same way.
    private mutating func settlePending(now: Int64, emit: (DetectorEvent) -> Void) {
        guard let p = pending else { return }
        pending = nil
        let wentOn = turningSpeed * p.sign > 0
        accumulate((wentOn ? p.ahead : p.nearest) + p.after, now: now, emit: emit)
    }

    /// `a` less the nearest whole number of turns: a − 2π × round(a / 2π).
    @inline(__always)
    static func wrapped(_ a: Double) -> Double {
        // Within ±3.14 (a step between close samples) the nearest whole number of turns is zero, signed like `a`
        // (as rounding a / 2π gives it): no division needed.
        let turns = abs(a) < 3.14 ? Double(signOf: a, magnitudeOf: 0) : rounded(a / (2 * .pi))
        return a - 2 * .pi * turns
    }

    /// `q.rounded()` (to nearest, halves away from zero), bit for bit, without a call into the C library.
    @inline(__always)
    static func rounded(_ q: Double) -> Double {
        // Large values are whole already; infinities and NaN go through the library as before.
        guard abs(q) < 0x1p52 else { return q.rounded() }
        let t = Double(Int64(q))
        // Both exact below 2⁵²: the truncation, and the fraction it leaves.
        let f = q - t
        let r = f >= 0.5 ? t + 1 : f <= -0.5 ? t - 1 : t
        // -0.3 rounds to -0.0, as the library does.
        return Double(signOf: q, magnitudeOf: r)
    }

    /// Measures around `baseline` from now on (the user stepped off and back on elsewhere); circles so far stay.
    public mutating func rebase(_ baseline: Baseline) {
        self.baseline = baseline
        (implausibleAbove, stepOffBelow) = Self.limits(parameters, baseline)
        state = .resting
        lastMicros = .min
        pending = nil
        startCount(atMicros: baseline.endMicros)
    }

    private mutating func startCount(atMicros micros: Int64) {
        rotation = 0
        direction = nil
        furthest = 0
        circlesInCount = 0
        circleStartMicros = micros
    }

    private mutating func accumulate(_ step: Double, now: Int64, emit: (DetectorEvent) -> Void) {
        rotation += step
        let dir: Direction
        if let d = direction {
            dir = d
        } else if rotation >= directionRadians {
            dir = .counterclockwise
        } else if rotation <= -directionRadians {
            dir = .clockwise
        } else {
            return
        }
        direction = dir
        let progress = dir == .counterclockwise ? rotation : -rotation
        furthest = Swift.max(furthest, progress)
        if furthest - progress > reversalRadians {
            startCount(atMicros: now)
            return
        }
        while progress >= Double(circlesInCount + 1) * 2 * .pi {
            circlesInCount += 1
            if dir == .clockwise { clockwise += 1 } else { counterclockwise += 1 }
            emit(.circleCounted(Rep(startMicros: circleStartMicros, endMicros: now, counted: true, direction: dir)))
            circleStartMicros = now
        }
    }
}
