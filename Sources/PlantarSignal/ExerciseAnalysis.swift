/// One exercise from its first sample: the baseline, then the detector, and the tally of reps.
///
/// This is the whole signal path for an exercise. It allocates only when a rep ends (the `reps` array grows);
/// per sample it does O(1) work on top of the O(sensors) centre of pressure.
public struct ExerciseAnalysis: Sendable {
    public enum Detector: Sendable {
        case hold(HoldDetector)
        case circles(CircleDetector)
    }

    public let settings: ExerciseSettings
    public private(set) var estimator: BaselineEstimator
    public private(set) var detector: Detector?
    public private(set) var reps: [Rep] = []
    public private(set) var countedReps = 0
    public private(set) var lastSample: Sample?
    public private(set) var firstMicros: Int64?
    public private(set) var steppedOff = false

    public init(settings: ExerciseSettings) {
        self.settings = settings
        estimator = BaselineEstimator(parameters: settings.baseline)
        reps.reserveCapacity(64)
    }

    public var baseline: Baseline? { estimator.baseline }

    public var clockwise: Int {
        if case .circles(let c) = detector { return c.clockwise }
        return 0
    }

    public var counterclockwise: Int {
        if case .circles(let c) = detector { return c.counterclockwise }
        return 0
    }

    public var targetMet: Bool {
        switch settings.detector {
        case .circles:
            return clockwise >= settings.targetReps && counterclockwise >= settings.targetReps
        case .hold:
            return countedReps >= settings.targetReps
        }
    }

    /// Seconds the hold in progress has lasted, or nil.
    public func heldSeconds(atMicros micros: Int64) -> Double? {
        if case .hold(let h) = detector { return h.heldSeconds(atMicros: micros) }
        return nil
    }

    public var isHolding: Bool {
        if case .hold(let h) = detector { return h.isHolding }
        return false
    }

    public mutating func handle(_ s: Sample, emit: (DetectorEvent) -> Void) {
        if firstMicros == nil { firstMicros = s.timeMicros }
        lastSample = s
        switch detector {
        case .none:
            if let b = estimator.add(s) {
                switch settings.detector {
                case .hold(let p): detector = .hold(HoldDetector(parameters: p, baseline: b))
                case .circles(let p): detector = .circles(CircleDetector(parameters: p, baseline: b))
                }
                emit(.baselineEstablished(b))
            }
        case .hold(var h):
            detector = nil
            h.handle(s) { record($0, emit: emit) }
            detector = .hold(h)
        case .circles(var c):
            detector = nil
            c.handle(s) { record($0, emit: emit) }
            detector = .circles(c)
        }
    }

    /// Ends the exercise at `micros`: a hold in progress ends there.
    public mutating func finish(atMicros micros: Int64, emit: (DetectorEvent) -> Void = { _ in }) {
        if case .hold(var h) = detector {
            detector = nil
            h.finish(atMicros: micros) { record($0, emit: emit) }
            detector = .hold(h)
        }
    }

    private mutating func record(_ event: DetectorEvent, emit: (DetectorEvent) -> Void) {
        switch event {
        case .repEnded(let rep), .circleCounted(let rep):
            reps.append(rep)
            if rep.counted { countedReps += 1 }
        case .steppedOff:
            steppedOff = true
        case .steppedOn:
            steppedOff = false
        case .baselineEstablished, .holdStarted, .holdTargetReached:
            break
        }
        emit(event)
    }
}
