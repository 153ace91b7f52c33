/// The five exercises and how a pressure sensor verifies each.
public enum ExerciseKind: String, Sendable, CaseIterable, Codable {
    /// Standing, weight circling around the ankles: counted by `CircleDetector`, 5 each way.
    case ankleCircles = "ankle-circles"
    /// Seated, legs straight, heels on the board, a band over the feet: load +5 / +3 kg, grace 0.25 s, 5 × 5 s.
    case footFlexes = "foot-flexes"
    /// Standing on one foot while the other lifts a pencil: sideways shift 50 / 35 mm, grace 0.3 s, 4 × 10 s. Where
    /// the device sees both feet, the lifted one is the foot whose region carries less.
    case pencilPickups = "pencil-pickups"
    /// Knees slightly bent, toes gripping the floor: forward shift 15 / 10 mm, grace 0.25 s, 10 × 3 s. Where the
    /// device sees the toes, their share of the load must also rise 7 points over the baseline's (4 to keep the hold).
    case toePresses = "toe-presses"
    /// On tiptoes, walking in place: forward shift 40 / 30 mm, grace 0.5 s, one bout of 10 s. Where the device sees
    /// the heels, they must carry at most 10 % of the load (15 % to keep the hold).
    case toeWalks = "toe-walks"

    public var displayName: String {
        switch self {
        case .ankleCircles: return "Ankle circles"
        case .footFlexes: return "Foot flexes"
        case .pencilPickups: return "Pencil pickups"
        case .toePresses: return "Toe presses"
        case .toeWalks: return "Toe walks"
        }
    }

    /// The documented defaults (the built-in routine's).
    public var defaultSettings: ExerciseSettings {
        switch self {
        case .ankleCircles:
            return ExerciseSettings(kind: self, targetReps: 5, holdSeconds: 0, detector: .circles(.default))
        case .footFlexes:
            return ExerciseSettings(
                kind: self, targetReps: 5, holdSeconds: 5,
                detector: .hold(
                    .init(signal: .loadGain, enterThreshold: 5, exitThreshold: 3, graceSeconds: 0.25, holdSeconds: 5)))
        case .pencilPickups:
            var p = HoldDetector.Parameters(
                signal: .lateralShift, enterThreshold: 50, exitThreshold: 35, graceSeconds: 0.3, holdSeconds: 10)
            p.regionRule = .standingFoot
            return ExerciseSettings(kind: self, targetReps: 4, holdSeconds: 10, detector: .hold(p))
        case .toePresses:
            var p = HoldDetector.Parameters(
                signal: .forwardShift, enterThreshold: 15, exitThreshold: 10, graceSeconds: 0.25, holdSeconds: 3)
            p.regionRule = .toeGrip(enterRise: 0.07, exitRise: 0.04)
            return ExerciseSettings(kind: self, targetReps: 10, holdSeconds: 3, detector: .hold(p))
        case .toeWalks:
            var p = HoldDetector.Parameters(
                signal: .forwardShift, enterThreshold: 40, exitThreshold: 30, graceSeconds: 0.5, holdSeconds: 10)
            p.regionRule = .heelsOff(enterShare: 0.10, exitShare: 0.15)
            return ExerciseSettings(kind: self, targetReps: 1, holdSeconds: 10, detector: .hold(p))
        }
    }
}

/// Parameters of one detector: a hold or circles.
public enum DetectorParameters: Sendable, Equatable {
    case hold(HoldDetector.Parameters)
    case circles(CircleDetector.Parameters)
}

/// Everything needed to verify one exercise. For ankle circles `targetReps` is per direction.
public struct ExerciseSettings: Sendable, Equatable {
    public var kind: ExerciseKind
    public var targetReps: Int
    public var holdSeconds: Double
    public var detector: DetectorParameters
    public var baseline: BaselineEstimator.Parameters = .default

    public init(kind: ExerciseKind, targetReps: Int, holdSeconds: Double, detector: DetectorParameters) {
        self.kind = kind
        self.targetReps = targetReps
        self.holdSeconds = holdSeconds
        self.detector = detector
    }

    /// Sets the hold target on both the settings and the hold detector, keeping them in step.
    public mutating func setHoldSeconds(_ seconds: Double) {
        holdSeconds = seconds
        if case .hold(var p) = detector {
            p.holdSeconds = seconds
            detector = .hold(p)
        }
    }
}
