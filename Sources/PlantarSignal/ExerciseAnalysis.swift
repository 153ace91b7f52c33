/// One exercise from its first sample: the baseline, then the detector, and the tally of reps.
///
/// This is the whole signal path for an exercise. It allocates only when a rep ends (the `reps` array grows);
/// per sample it does O(1) work on top of the O(sensors) centre of pressure.
///
/// The detector is kept in one of two optionals rather than in an enum so that a sample mutates it in place (taking
/// a detector out of an enum and putting it back copied it twice per sample). While it runs, the tally it reports
/// to is moved out into a local (a swap, no copy of the reps), so that each event is recorded and passed on the
/// moment the detector emits it.
public struct ExerciseAnalysis: Sendable {
    public enum Detector: Sendable {
        case hold(HoldDetector)
        case circles(CircleDetector)
    }

    public let settings: ExerciseSettings
    public private(set) var estimator: BaselineEstimator
    // Both detectors are stored, not optional, and `running` says which one is live: reaching into an optional of
    // such a struct costs a call per sample. Until the baseline is known both are placeholders, never used.
    private var hold = HoldDetector(parameters: .placeholder, baseline: .placeholder)
    private var circles = CircleDetector(parameters: .default, baseline: .placeholder)
    private var running: DetectorKind = .none
    private var tally = Tally()
    public private(set) var lastSample: Sample?
    public private(set) var firstMicros: Int64?

    public init(settings: ExerciseSettings) {
        self.settings = settings
        estimator = BaselineEstimator(parameters: settings.baseline)
        tally.reps.reserveCapacity(64)
    }

    public var reps: [Rep] { tally.reps }
    public var countedReps: Int { tally.countedReps }
    public var steppedOff: Bool { tally.steppedOff }

    public var baseline: Baseline? { estimator.baseline }

    /// Makes room for `count` reps, so that storing them does not allocate (benchmarks, very long sessions).
    public mutating func reserveRepCapacity(_ count: Int) {
        tally.reps.reserveCapacity(count)
    }

    public var clockwise: Int { running == .circles ? circles.clockwise : 0 }

    public var counterclockwise: Int { running == .circles ? circles.counterclockwise : 0 }

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
        running == .hold ? hold.heldSeconds(atMicros: micros) : nil
    }

    public var isHolding: Bool { running == .hold && hold.isHolding }

    /// The detector, once the baseline is known.
    public var detector: Detector? {
        switch running {
        case .hold: return .hold(hold)
        case .circles: return .circles(circles)
        case .none: return nil
        }
    }

    public mutating func handle(_ s: Sample, emit: (DetectorEvent) -> Void) {
        if firstMicros == nil { firstMicros = s.timeMicros }
        lastSample = s
        switch running {
        case .hold:
            var t = Tally.takeOut(&tally)
            hold.handle(s) { e in
                t.record(e)
                emit(e)
            }
            swap(&t, &tally)
        case .circles:
            var t = Tally.takeOut(&tally)
            circles.handle(s) { e in
                t.record(e)
                emit(e)
            }
            swap(&t, &tally)
        case .none:
            if let b = estimator.add(s) {
                switch settings.detector {
                case .hold(let p):
                    hold = HoldDetector(parameters: p, baseline: b)
                    running = .hold
                case .circles(let p):
                    circles = CircleDetector(parameters: p, baseline: b)
                    running = .circles
                }
                emit(.baselineEstablished(b))
            }
        }
    }

    /// Ends the exercise at `micros`: a hold in progress ends there.
    public mutating func finish(atMicros micros: Int64, emit: (DetectorEvent) -> Void = { _ in }) {
        guard running == .hold else { return }
        var t = Tally.takeOut(&tally)
        hold.finish(atMicros: micros) { e in
            t.record(e)
            emit(e)
        }
        swap(&t, &tally)
    }
}

/// What an exercise's detector has reported so far.
struct Tally {
    var reps: [Rep] = []
    var countedReps = 0
    var steppedOff = false

    /// Moves `tally` out, leaving an empty one in its place.
    @inline(__always)
    static func takeOut(_ tally: inout Tally) -> Tally {
        var t = Tally()
        swap(&t, &tally)
        return t
    }

    @inline(__always)
    mutating func record(_ event: DetectorEvent) {
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
    }
}

enum DetectorKind {
    case none, hold, circles
}

extension HoldDetector.Parameters {
    static let placeholder = HoldDetector.Parameters(
        signal: .loadGain, enterThreshold: 0, exitThreshold: 0, graceSeconds: 0, holdSeconds: 0)
}

extension Baseline {
    static let placeholder = Baseline(loadKilograms: 0, cop: Point(x: 0, y: 0), startMicros: 0, endMicros: 0)
}
