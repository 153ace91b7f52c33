import PlantarSession
import PlantarSignal

/// The signals of one exercise, decimated: raw load and centre of pressure (the baseline is taken off when drawing),
/// and for ankle circles the distance from the baseline point and the path in the board's plane; and what the
/// detector reported it left out (skipped samples, gaps, stepping off, its baselines), from its events: the plots
/// draw the detector's decisions, never a rule of their own.
public struct ExerciseTrace: Sendable {
    /// A stretch of samples the detector skipped for one reason.
    public struct Skip: Sendable, Equatable {
        public var micros: ClosedRange<Int64>
        public var reason: SkipReason

        public init(_ micros: ClosedRange<Int64>, _ reason: SkipReason) {
            self.micros = micros
            self.reason = reason
        }
    }

    public var load: MinMaxTrace
    public var copX: MinMaxTrace
    public var copY: MinMaxTrace
    /// Millimetres from the baseline point while the circle detector measures from it (ankle circles).
    public var radius: MinMaxTrace
    /// A hold detector's own signal (`HoldDetector.rawValue`, relative to the baseline in force, region rules
    /// included) while it measures: what its thresholds are compared with.
    public var detector: MinMaxTrace
    public var path: PlanePath
    /// Samples the detector skipped (`DetectorEvent.sampleSkipped`): not drawn as signal. Skips of one reason less
    /// than `skipJoinMicros` apart make one stretch.
    public var skipped: [Skip] = []
    /// Gaps the detector ended holds across (`DetectorEvent.gap`).
    public var gaps: [ClosedRange<Int64>] = []
    /// From `steppedOff` to `steppedOn` (or the end of the exercise): the user off the board.
    public var offBoard: [ClosedRange<Int64>] = []
    /// Every baseline the detector measured from, in order (a new one after each re-positioning).
    public var baselines: [Baseline] = []

    /// Stretches further apart than this are kept apart; at most `maximumStretches` of each kind (then the last grows).
    static let skipJoinMicros: Int64 = 500_000
    static let maximumStretches = 256

    /// The detector measures (a baseline is known and the user is on the board): the radius is drawn.
    private(set) var detecting = false
    /// The last sample the detector skipped: `add` does not draw it.
    private(set) var skippedMicros: Int64 = .min
    private var offSince: Int64?

    init(capacity: Int) {
        load = MinMaxTrace(capacity: capacity)
        copX = MinMaxTrace(capacity: capacity)
        copY = MinMaxTrace(capacity: capacity)
        radius = MinMaxTrace(capacity: capacity)
        detector = MinMaxTrace(capacity: capacity)
        path = PlanePath()
        skipped.reserveCapacity(8)
    }

    /// The current baseline while the detector measures from it.
    var baseline: Baseline? { detecting ? baselines.last : nil }

    /// What the detector reported, in the order it did.
    mutating func record(_ event: DetectorEvent) {
        switch event {
        case .sampleSkipped(let micros, let reason):
            skip(atMicros: micros, reason: reason)
        case .gap(let from, let to):
            Self.append(from...to, to: &gaps)
        case .steppedOff(let micros):
            detecting = false
            if offSince == nil { offSince = micros }
        case .steppedOn(let micros):
            if let from = offSince { Self.append(from...max(from, micros), to: &offBoard) }
            offSince = nil
        case .baselineEstablished(let b):
            if baselines.count < Self.maximumStretches {
                baselines.append(b)
            } else {
                baselines[baselines.count - 1] = b
            }
            detecting = true
        case .holdStarted, .holdTargetReached, .repEnded, .circleCounted:
            break
        }
    }

    /// The exercise ended at `micros`: a step-off still open ends there.
    mutating func end(atMicros micros: Int64) {
        if let from = offSince { Self.append(from...max(from, micros), to: &offBoard) }
        offSince = nil
    }

    mutating func skip(atMicros micros: Int64, reason: SkipReason) {
        skippedMicros = micros
        if let last = skipped.last,
            last.reason == reason && micros - last.micros.upperBound <= Self.skipJoinMicros
                || skipped.count >= Self.maximumStretches
        {
            skipped[skipped.count - 1].micros =
                min(last.micros.lowerBound, micros)...max(last.micros.upperBound, micros)
        } else {
            skipped.append(Skip(micros...micros, reason))
        }
    }

    private static func append(_ span: ClosedRange<Int64>, to list: inout [ClosedRange<Int64>]) {
        if list.count < maximumStretches {
            list.append(span)
        } else {
            list[list.count - 1] =
                list[list.count - 1].lowerBound...max(list[list.count - 1].upperBound, span.upperBound)
        }
    }
}

/// Collects what the plots draw while a session runs, one sample at a time, in memory bounded by `capacity` buckets
/// per signal: hook `observe` into the runner's observer and call `add` after each sample.
public final class SessionTraces {
    /// Below this total load the centre of pressure means nothing (nobody on the board): it is not drawn.
    public static let minimumCOPLoadKilograms = 2.0

    public let capacity: Int
    /// The whole session's total load, rests included (the overview).
    public private(set) var sessionLoad: MinMaxTrace
    public private(set) var exercises: [Int: ExerciseTrace] = [:]
    private var open: Int?
    private var closing: (index: Int, endMicros: Int64)?

    public init(capacity: Int = 4096) {
        self.capacity = capacity
        sessionLoad = MinMaxTrace(capacity: capacity)
    }

    public func observe(_ event: SessionEvent) {
        switch event {
        case .exerciseStarted(let index, _):
            // A redo starts the exercise afresh.
            exercises[index] = ExerciseTrace(capacity: capacity)
            open = index
            closing = nil
        case .exerciseEnded(let result):
            if let end = result.endMicros { exercises[result.index]?.end(atMicros: end) }
            if open == result.index, let end = result.endMicros {
                closing = (result.index, end)
                open = nil
            }
        case .baselineEstablished(let index, let b): record(.baselineEstablished(b), index: index)
        case .steppedOff(let index, let t): record(.steppedOff(atMicros: t), index: index)
        case .steppedOn(let index, let t): record(.steppedOn(atMicros: t), index: index)
        case .sampleSkipped(let index, let t, let reason):
            record(.sampleSkipped(atMicros: t, reason: reason), index: index)
        case .gap(let index, let from, let to): record(.gap(fromMicros: from, toMicros: to), index: index)
        default:
            break
        }
    }

    private func record(_ event: DetectorEvent, index: Int) {
        exercises[index]?.record(event)
    }

    /// One sample, after the runner has handled it (and its detector's events have come to `observe`).
    public func add(_ s: Sample, runner: SessionRunner) {
        sessionLoad.add(micros: s.timeMicros, value: s.loadKilograms)
        let index: Int
        if let open {
            index = open
        } else if let closing, s.timeMicros <= closing.endMicros {
            // The sample that ended the exercise belongs to it.
            index = closing.index
        } else {
            return
        }
        guard var trace = exercises[index] else { return }
        exercises[index] = nil
        defer { exercises[index] = trace }
        // The detector skipped it: marked, not drawn as signal.
        guard s.timeMicros != trace.skippedMicros else { return }
        trace.load.add(micros: s.timeMicros, value: s.loadKilograms)
        if trace.detecting, runner.index == index, case .hold(let d)? = runner.analysis.detector {
            trace.detector.add(micros: s.timeMicros, value: d.rawValue(s))
        }
        guard s.loadKilograms >= Self.minimumCOPLoadKilograms else { return }
        trace.copX.add(micros: s.timeMicros, value: s.cop.x)
        trace.copY.add(micros: s.timeMicros, value: s.cop.y)
        guard case .circles = runner.routine.exercises[index].settings.detector, let baseline = trace.baseline
        else { return }
        let offset = s.cop - baseline.cop
        trace.radius.add(micros: s.timeMicros, value: offset.length)
        trace.path.add(micros: s.timeMicros, offset: offset)
    }
}
