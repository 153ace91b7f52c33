// Only the C maths library: the signal module does no I/O and reads no clock.
import Glibc

/// Ankle circles: the centre of pressure turning around the baseline point (SPEC §4).
///
/// The angle around the baseline is unwrapped only while the radius is held (≥ enter to start tracing,
/// < exit to stop). A *count* accumulates net rotation; once it reaches `directionDegrees` either way its
/// direction is fixed, every full turn in that direction counts one circle, and falling back more than
/// `reversalDegrees` from the furthest angle reached starts a new count from the current angle.
///
/// | state   | sample                                      | next    | emits / does                              |
/// |---------|---------------------------------------------|---------|-------------------------------------------|
/// | any     | load > baseline + implausible (faulty cell) | unchanged | — (the sample is skipped)               |
/// | any     | a dead cell (see `DeadCellCheck`)           | unchanged | — (the sample is skipped)               |
/// | any     | load < stepOff × baseline                   | resting | steppedOff (once)                         |
/// | any     | time since previous sample > maxGap         | resting, then this sample again | — (no rotation across a gap) |
/// | resting | radius ≥ enter                              | tracing | angle reference = this sample             |
/// | resting | radius < enter                              | resting | —                                         |
/// | tracing | radius < exit                               | resting | — (the count keeps its rotation)          |
/// | tracing | radius ≥ exit                               | tracing | add the wrapped angle step to the count   |
///
/// | count                                  | step                                   | does                         |
/// |----------------------------------------|----------------------------------------|------------------------------|
/// | no direction                           | net rotation reaches ±directionDegrees | direction = sign of rotation |
/// | direction set                          | progress ≥ (n + 1) × 360°              | circleCounted, n += 1        |
/// | direction set                          | furthest − progress > reversalDegrees  | new count from here          |
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
        public init() {}
        public static let `default` = Parameters()
    }

    public enum State: Sendable, Equatable {
        case resting
        case tracing(lastAngle: Double)
        case steppedOff
    }

    public let parameters: Parameters
    public let baseline: Baseline
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
    private let directionRadians: Double
    private let reversalRadians: Double
    private let maxGapMicros: Int64

    public init(parameters: Parameters, baseline: Baseline) {
        self.parameters = parameters
        self.baseline = baseline
        directionRadians = parameters.directionDegrees * .pi / 180
        reversalRadians = parameters.reversalDegrees * .pi / 180
        maxGapMicros = Int64((parameters.maxGapSeconds * 1_000_000).rounded())
        circleStartMicros = baseline.endMicros
    }

    public mutating func handle(_ s: Sample, emit: (DetectorEvent) -> Void) {
        let now = s.timeMicros
        guard s.loadKilograms <= baseline.loadKilograms + parameters.implausibleKilograms, s.faultySensor < 0 else {
            return
        }
        if lastMicros != .min, now - lastMicros > maxGapMicros, case .tracing = state {
            state = .resting
        }
        lastMicros = now
        if s.loadKilograms < parameters.stepOffFraction * baseline.loadKilograms {
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
        let radius = d.length
        switch state {
        case .resting, .steppedOff:
            if radius >= parameters.enterRadiusMillimetres {
                if rotation == 0, direction == nil { circleStartMicros = now }
                state = .tracing(lastAngle: atan2(d.y, d.x))
            }
        case .tracing(let last):
            if radius < parameters.exitRadiusMillimetres {
                state = .resting
                return
            }
            let angle = atan2(d.y, d.x)
            var step = angle - last
            if step > .pi { step -= 2 * .pi } else if step <= -.pi { step += 2 * .pi }
            state = .tracing(lastAngle: angle)
            accumulate(step, now: now, emit: emit)
        }
    }

    private mutating func accumulate(_ step: Double, now: Int64, emit: (DetectorEvent) -> Void) {
        rotation += step
        if direction == nil {
            if rotation >= directionRadians {
                direction = .counterclockwise
            } else if rotation <= -directionRadians {
                direction = .clockwise
            } else {
                return
            }
        }
        let progress = direction == .counterclockwise ? rotation : -rotation
        furthest = Swift.max(furthest, progress)
        if furthest - progress > reversalRadians {
            rotation = 0
            direction = nil
            furthest = 0
            circlesInCount = 0
            circleStartMicros = now
            return
        }
        while progress >= Double(circlesInCount + 1) * 2 * .pi {
            circlesInCount += 1
            let dir = direction ?? .counterclockwise
            if dir == .clockwise { clockwise += 1 } else { counterclockwise += 1 }
            emit(.circleCounted(Rep(startMicros: circleStartMicros, endMicros: now, counted: true, direction: dir)))
            circleStartMicros = now
        }
    }
}
