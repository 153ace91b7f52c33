import PlantarSession
import PlantarSignal

/// The signals of one exercise, decimated: raw load and centre of pressure (the baseline is taken off when drawing),
/// and for ankle circles the distance from the baseline point and the path in the board's plane.
public struct ExerciseTrace: Sendable {
    public var load: MinMaxTrace
    public var copX: MinMaxTrace
    public var copY: MinMaxTrace
    /// Millimetres from the baseline point, once the baseline is known (ankle circles).
    public var radius: MinMaxTrace
    public var path: PlanePath
    /// Stretches of samples the detector skipped as no person's (a shorted or saturated cell): not drawn as signal.
    public var skipped: [ClosedRange<Int64>] = []

    /// Stretches further apart than this are kept apart; at most `maximumSkipped` of them (then the last grows).
    static let skipJoinMicros: Int64 = 500_000
    static let maximumSkipped = 256

    init(capacity: Int) {
        load = MinMaxTrace(capacity: capacity)
        copX = MinMaxTrace(capacity: capacity)
        copY = MinMaxTrace(capacity: capacity)
        radius = MinMaxTrace(capacity: capacity)
        path = PlanePath()
    }

    mutating func skip(atMicros micros: Int64) {
        if let last = skipped.last,
            micros - last.upperBound <= Self.skipJoinMicros || skipped.count >= Self.maximumSkipped
        {
            skipped[skipped.count - 1] = last.lowerBound...max(last.upperBound, micros)
        } else {
            skipped.append(micros...micros)
        }
    }
}

/// Collects what the plots draw while a session runs, one sample at a time, in memory bounded by `capacity` buckets
/// per signal: hook `observe` into the runner's observer and call `add` after each sample.
public final class SessionTraces {
    /// Below this total load the centre of pressure means nothing (nobody on the board).
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
            if open == result.index, let end = result.endMicros {
                closing = (result.index, end)
                open = nil
            }
        default:
            break
        }
    }

    /// One sample, after the runner has handled it.
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
        let baseline = runner.index == index ? runner.analysis.baseline : nil
        let detector = runner.analysis.settings.detector
        if let baseline, s.loadKilograms > baseline.loadKilograms + Self.implausibleKilograms(detector) {
            trace.skip(atMicros: s.timeMicros)
            return
        }
        trace.load.add(micros: s.timeMicros, value: s.loadKilograms)
        guard s.loadKilograms >= Self.minimumCOPLoadKilograms else { return }
        trace.copX.add(micros: s.timeMicros, value: s.cop.x)
        trace.copY.add(micros: s.timeMicros, value: s.cop.y)
        guard case .circles(let p) = detector, let baseline,
            s.loadKilograms >= p.stepOffFraction * baseline.loadKilograms
        else { return }
        let offset = s.cop - baseline.cop
        trace.radius.add(micros: s.timeMicros, value: offset.length)
        trace.path.add(micros: s.timeMicros, offset: offset)
    }

    /// The load above the baseline that the detector takes for a faulty cell, not a person.
    static func implausibleKilograms(_ detector: DetectorParameters) -> Double {
        switch detector {
        case .hold(let p): return p.implausibleKilograms
        case .circles(let p): return p.implausibleKilograms
        }
    }
}
