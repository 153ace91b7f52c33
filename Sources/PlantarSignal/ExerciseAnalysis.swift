/// One exercise from its first sample: the baseline, then the detector, and the tally of reps.
///
/// This is the whole signal path for an exercise after `SignalStage`. It allocates only when a rep ends (the `reps`
/// array grows); per sample it does O(1) work.
///
/// | state      | sample / detector event                          | next       | emits                          |
/// |------------|--------------------------------------------------|------------|--------------------------------|
/// | waiting    | marked by `SignalStage` (dead cell, implausible) | unchanged (the estimator ignores it) | sampleSkipped |
/// | finding    | the estimator finds a still window               | detecting, then this sample again | baselineEstablished |
/// | finding    | otherwise                                        | finding    | —                              |
/// | detecting  | the detector emits steppedOff                    | off        | the detector's events          |
/// | detecting  | otherwise                                        | detecting  | the detector's events          |
/// | off        | load ≥ stepOff × baseline                        | refinding  | steppedOn                      |
/// | off        | otherwise                                        | off        | —                              |
/// | refinding  | load < stepOff × baseline                        | off        | steppedOff                     |
/// | refinding  | a still window, load ≥ stepOff × old baseline    | detecting, then this sample again | baselineEstablished (the new one; reps and circles so far stay) |
/// | refinding  | otherwise                                        | refinding  | —                              |
///
/// (`waiting` is finding, off or refinding: no detector runs.)
///
/// Re-positioning: after a step-off and back on, feet placed elsewhere must not read as a shift, so detection waits
/// for a new still window and measures from it.
///
/// Both detectors are stored, not optional and not in an enum with payloads, and `running` says which one is live:
/// a sample then mutates the live one in place (taking a detector out of an enum and putting it back copied it twice
/// per sample; reaching into an optional cost a call). The live detector and the tally it reports to are passed to
/// it apart, as two stored properties, so that each event is recorded and passed on the moment the detector emits it,
/// with nothing moved in or out per sample.
public struct ExerciseAnalysis: Sendable {
    public enum Detector: Sendable {
        case hold(HoldDetector)
        case circles(CircleDetector)
    }

    public let settings: ExerciseSettings
    /// The detector's step-off fraction of the baseline load.
    private let stepOffFraction: Double
    public private(set) var estimator: BaselineEstimator
    /// The baseline detection measures from (the latest, after re-positioning).
    public private(set) var baseline: Baseline?
    /// Stepped off: waiting for the user back on (`off`), then for a new still window (`refinding`).
    private var repositioning: Repositioning = .none
    // Until the baseline is known both detectors are placeholders, never used.
    private var hold = HoldDetector(parameters: .placeholder, baseline: .placeholder)
    private var circles = CircleDetector(parameters: .default, baseline: .placeholder)
    private var running: DetectorKind = .none
    private var tally = Tally()
    /// The latest samples while a baseline is awaited, to start detection where the still window ended.
    private var recent = SampleRing(capacity: 256)
    /// The latest sample's time, load and centre of pressure (what a readout shows), or nil before the first.
    public private(set) var latest: Latest?
    public private(set) var firstMicros: Int64?

    /// Only what a readout shows of a sample is kept: copying the whole sample (over 100 bytes the signal stage has
    /// just written field by field) into every analysis waited for those stores to complete on every frame. The
    /// fields are not in the sample's order, so that the copy reads each as it was written (time and load, side by
    /// side, were read with one 16-byte load across two 8-byte stores, which waits as well).
    public struct Latest: Sendable, Equatable {
        public var timeMicros: Int64
        public var cop: Point
        public var loadKilograms: Double
    }

    public init(settings: ExerciseSettings) {
        self.settings = settings
        switch settings.detector {
        case .hold(let p): stepOffFraction = p.stepOffFraction
        case .circles(let p): stepOffFraction = p.stepOffFraction
        }
        estimator = BaselineEstimator(parameters: settings.baseline)
        tally.reps.reserveCapacity(64)
    }

    public var reps: [Rep] { tally.reps }
    public var countedReps: Int { tally.countedReps }
    public var steppedOff: Bool { tally.steppedOff }

    /// Whether detection waits for the user to stand still (at the start, or back on after a step-off).
    public var awaitingBaseline: Bool { running == .none }

    /// Makes room for `count` reps, so that storing them does not allocate (benchmarks, very long sessions).
    public mutating func reserveRepCapacity(_ count: Int) {
        tally.reps.reserveCapacity(count)
    }

    // The counts stay while detection waits for a new baseline.
    public var clockwise: Int { countsCircles ? circles.clockwise : 0 }

    public var counterclockwise: Int { countsCircles ? circles.counterclockwise : 0 }

    private var countsCircles: Bool {
        guard baseline != nil, case .circles = settings.detector else { return false }
        return true
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
        // The common case, a hold detector with nothing to report (`passQuiet`), in a few instructions here; anything
        // else takes the full path, in a function of its own whose frame and saved registers the common case does
        // without.
        if running == .hold, firstMicros != nil, !tally.steppedOff, hold.passQuiet(s) {
            latest = Latest(timeMicros: s.timeMicros, cop: s.cop, loadKilograms: s.loadKilograms)
            return
        }
        // Off the board and still off, as the full path's first check (below).
        if running == .none, firstMicros != nil, stillOff(s) {
            latest = Latest(timeMicros: s.timeMicros, cop: s.cop, loadKilograms: s.loadKilograms)
            return
        }
        if running == .circles {
            handleCircles(s, emit: emit)
            return
        }
        handleFully(s, emit: emit)
    }

    /// The full path's circles case, one call shorter.
    @inline(never)
    private mutating func handleCircles(_ s: Sample, emit: (DetectorEvent) -> Void) {
        if firstMicros == nil { firstMicros = s.timeMicros }
        latest = Latest(timeMicros: s.timeMicros, cop: s.cop, loadKilograms: s.loadKilograms)
        Self.run(&circles, s, tally: &tally, emit: emit)
        if tally.steppedOff { stepOff() }
    }

    /// Every sample's path: what `handle` does, without its short paths (a test holds the two equal).
    @inline(never)
    mutating func handleFully(_ s: Sample, emit: (DetectorEvent) -> Void) {
        if firstMicros == nil { firstMicros = s.timeMicros }
        latest = Latest(timeMicros: s.timeMicros, cop: s.cop, loadKilograms: s.loadKilograms)
        switch running {
        case .hold:
            Self.run(&hold, s, tally: &tally, emit: emit)
            if tally.steppedOff { stepOff() }
        case .circles:
            Self.run(&circles, s, tally: &tally, emit: emit)
            if tally.steppedOff { stepOff() }
        case .none:
            // Off the board and still off (the common case between exercises): as `findBaseline` would, nothing.
            if stillOff(s) { return }
            findBaseline(s, emit: emit)
        }
    }

    /// Stepped off between exercises, and this sample is still off the board (short of the step-off share of the
    /// last baseline's load): nothing to do for it.
    @inline(__always)
    private func stillOff(_ s: Sample) -> Bool {
        guard repositioning == .off, !s.isMarked, let old = baseline?.loadKilograms else { return false }
        return !(s.loadKilograms >= stepOffFraction * old)
    }

    // The detector and the tally are two stored properties passed apart: the detector runs in place and each event is
    // recorded in the tally and passed on the moment it is emitted, with nothing moved in or out per sample.
    @inline(__always)
    private static func run(
        _ detector: inout HoldDetector, _ s: Sample, tally: inout Tally, emit: (DetectorEvent) -> Void
    ) {
        detector.handle(s) { e in
            tally.record(e)
            emit(e)
        }
    }

    @inline(__always)
    private static func run(
        _ detector: inout CircleDetector, _ s: Sample, tally: inout Tally, emit: (DetectorEvent) -> Void
    ) {
        detector.handle(s) { e in
            tally.record(e)
            emit(e)
        }
    }

    private mutating func findBaseline(_ s: Sample, emit: (DetectorEvent) -> Void) {
        if let reason = SkipReason(marked: s) { emit(.sampleSkipped(atMicros: s.timeMicros, reason: reason)) }
        if let old = baseline, !s.isMarked {
            let on = s.loadKilograms >= stepOffFraction * old.loadKilograms
            switch (repositioning, on) {
            case (.off, true):
                repositioning = .refinding
                tally.record(.steppedOn(atMicros: s.timeMicros))
                emit(.steppedOn(atMicros: s.timeMicros))
            case (.refinding, false):
                repositioning = .off
                estimator.restart(parameters: estimator.parameters)
                tally.record(.steppedOff(atMicros: s.timeMicros))
                emit(.steppedOff(atMicros: s.timeMicros))
            case (.off, false), (.refinding, true), (.none, _):
                break
            }
            guard repositioning == .refinding else { return }
        }
        guard let b = estimator.add(s) else {
            recent.append(s)
            return
        }
        baseline = b
        switch (settings.detector, repositioning) {
        case (.hold, .refinding):
            hold.rebase(b)
            running = .hold
        case (.circles, .refinding):
            circles.rebase(b)
            running = .circles
        case (.hold(let p), _):
            hold = HoldDetector(parameters: p, baseline: b)
            running = .hold
        case (.circles(let p), _):
            circles = CircleDetector(parameters: p, baseline: b)
            running = .circles
        }
        repositioning = .none
        emit(.baselineEstablished(b))
        // Detection starts right after the window: the samples since (a movement that ended a short still run
        // began there) and the one that closed it.
        var kept = SampleRing.takeOut(&recent)
        kept.forEach(after: b.endMicros) { kept in
            handle(kept) { e in
                // A marked sample was reported as skipped when it came.
                if case .sampleSkipped(_, let reason) = e, reason != .aboveBaseline { return }
                emit(e)
            }
        }
        kept.removeAll()
        swap(&kept, &recent)
        handle(s, emit: emit)
    }

    /// The detector reported a step-off: wait for the user back on and still, then take a new baseline.
    private mutating func stepOff() {
        guard let old = baseline else { return }
        running = .none
        repositioning = .off
        var p = settings.baseline
        // A baseline is the user on the board: never one taken while still mostly off it.
        p.minimumLoadKilograms = Swift.max(p.minimumLoadKilograms, stepOffFraction * old.loadKilograms)
        estimator.restart(parameters: p)
    }

    private static func finish(
        _ detector: inout HoldDetector, atMicros micros: Int64, tally: inout Tally, emit: (DetectorEvent) -> Void
    ) {
        detector.finish(atMicros: micros) { e in
            tally.record(e)
            emit(e)
        }
    }

    /// Ends the exercise at `micros`: a hold in progress ends there.
    public mutating func finish(atMicros micros: Int64, emit: (DetectorEvent) -> Void = { _ in }) {
        guard running == .hold else { return }
        Self.finish(&hold, atMicros: micros, tally: &tally, emit: emit)
    }
}

/// The last `capacity` samples, in a buffer allocated once.
struct SampleRing: Sendable {
    private var items: [Sample]
    private var start = 0
    private(set) var count = 0

    init(capacity: Int) {
        items = []
        items.reserveCapacity(capacity)
        self.capacity = capacity
    }

    let capacity: Int

    mutating func append(_ s: Sample) {
        guard capacity > 0 else { return }
        if items.count < capacity {
            items.append(s)
            count = items.count
            return
        }
        items[(start + count) % capacity] = s
        if count == capacity { start = (start + 1) % capacity } else { count += 1 }
    }

    mutating func removeAll() {
        // Keeps the storage: no allocation when it fills again.
        items.removeAll(keepingCapacity: true)
        start = 0
        count = 0
    }

    /// Calls `body` with each sample later than `micros`, oldest first.
    func forEach(after micros: Int64, _ body: (Sample) -> Void) {
        for i in 0..<count {
            let s = items[(start + i) % items.count]
            if s.timeMicros > micros { body(s) }
        }
    }

    /// Moves `ring` out, leaving an empty one without storage in its place.
    static func takeOut(_ ring: inout SampleRing) -> SampleRing {
        var r = SampleRing(capacity: 0)
        swap(&r, &ring)
        return r
    }
}

/// What an exercise's detector has reported so far.
struct Tally {
    var reps: [Rep] = []
    var countedReps = 0
    var steppedOff = false

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
        case .baselineEstablished, .holdStarted, .holdTargetReached, .sampleSkipped, .gap:
            break
        }
    }
}

enum DetectorKind {
    case none, hold, circles
}

enum Repositioning {
    case none, off, refinding
}

extension HoldDetector.Parameters {
    static let placeholder = HoldDetector.Parameters(
        signal: .loadGain, enterThreshold: 0, exitThreshold: 0, graceSeconds: 0, holdSeconds: 0)
}

extension Baseline {
    static let placeholder = Baseline(loadKilograms: 0, cop: Point(x: 0, y: 0), startMicros: 0, endMicros: 0)
}
