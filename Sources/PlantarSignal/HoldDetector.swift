/// Which signal a hold is measured on, relative to the baseline.
public enum HoldSignal: String, Sendable, Equatable, Codable {
    /// Total load above the baseline load, kg (foot flexes).
    case loadGain = "load"
    /// Centre of pressure towards the toes, mm (toe presses, toe walks).
    case forwardShift = "forward"
    /// Centre of pressure sideways, either way, mm; the side is fixed when the hold starts (pencil pickups).
    case lateralShift = "lateral"
}

/// What the regions of the feet must show for a hold, on devices that see them (a 16-cell pad, a multi-touch
/// surface). On the balance board, whose four corners each carry toes and heel alike, the centre of pressure alone
/// is the signal and the rule is not used.
public enum RegionRule: Sendable, Equatable {
    case none
    /// Toe presses: the toes' share of the load rises over the baseline's by `enterRise` to start a hold and stays
    /// `exitRise` over it to keep it (a forward lean moves the centre of pressure but hardly loads the toes).
    case toeGrip(enterRise: Double, exitRise: Double)
    /// Toe walks: the heels' share of the load is at most `enterShare` to start and `exitShare` to keep the hold.
    case heelsOff(enterShare: Double, exitShare: Double)
    /// Pencil pickups: the lifted foot is the one whose region (left or right) carries less.
    case standingFoot
}

/// A hold with hysteresis and grace: the state machine behind foot flexes, pencil pickups, toe presses and toe walks.
///
/// `v` is the signal relative to the baseline (for `lateralShift`, signed towards the side chosen at entry). On a
/// device that sees the regions of the feet, a `toeGrip` or `heelsOff` rule is a second condition folded into `v`:
/// v = min(shift, r), where r maps the region's value linearly onto the thresholds (its enter value to `enter`, its
/// exit value to `exit`), so the hold starts when both pass their enter values and ends when either falls below its
/// exit value, with the same hysteresis, grace and edge interpolation. With `standingFoot` the side is the foot
/// whose region carries less (the lifted one), and v is signed towards the other.
///
/// | state      | sample                                           | next       | emits                          |
/// |------------|--------------------------------------------------|------------|--------------------------------|
/// | any        | load > baseline + implausible (a shorted cell)   | unchanged  | sampleSkipped (aboveBaseline)  |
/// | any        | marked by `SignalStage` (dead cell, implausible) | unchanged  | sampleSkipped (its mark)       |
/// | any        | time since previous sample > maxGap              | idle       | gap, repEnded (end = last sample before the gap) |
/// | idle       | load < stepOff × baseline                        | steppedOff | steppedOff                     |
/// | holding    | load < stepOff × baseline                        | steppedOff | repEnded (end = now), steppedOff |
/// | dipping    | load < stepOff × baseline                        | steppedOff | repEnded (end = dip start), steppedOff |
/// | steppedOff | load ≥ stepOff × baseline                        | idle, then this sample again | steppedOn |
/// | idle       | v ≥ enter (lateral: abs(v) ≥ enter, side chosen) | holding    | holdStarted                    |
/// | idle       | lateral, regions: v towards the foot that carries more ≥ enter | holding (side = the foot that carries less) | holdStarted |
/// | idle       | v < enter                                        | idle       | —                              |
/// | holding    | v ≥ exit, held ≥ target for the first time       | holding    | holdTargetReached              |
/// | holding    | v < exit, grace > 0                              | dipping (dip start = crossing) | —          |
/// | holding    | v < exit, grace = 0                              | idle       | repEnded (end = crossing)      |
/// | dipping    | now − dip start ≥ grace                          | idle, then this sample again | repEnded (end = dip start) |
/// | dipping    | v ≥ exit, now − dip start < grace                | holding    | —                              |
/// | dipping    | v < exit, now − dip start < grace                | dipping    | —                              |
///
/// `rebase(_:)` (a new baseline after re-positioning) puts any state back to idle with the new reference.
///
/// Entry and dip start are where v crossed the threshold, interpolated between the sample before and the sample that
/// crossed (when they are at most `interpolationSeconds` apart), so that low sample rates do not add up to an interval
/// to each edge.
///
/// Not handled here: the baseline (the caller establishes it first), clock jumps backwards (the input layer
/// rejects them), and what a rep means for the routine (the session runner decides).
public struct HoldDetector: Sendable {
    public struct Parameters: Sendable, Equatable {
        public var signal: HoldSignal
        public var enterThreshold: Double
        public var exitThreshold: Double
        public var graceSeconds: Double
        public var holdSeconds: Double
        /// A gap between samples longer than this ends a hold at the last sample before it.
        public var maxGapSeconds: Double = 2.0
        /// Load below this fraction of the baseline load means the user stepped off.
        public var stepOffFraction: Double = 0.5
        /// Load this far above the baseline is no person: a shorted or saturated cell. Such samples are skipped,
        /// as if missing, so a lasting fault ends a hold by the gap rule.
        public var implausibleKilograms: Double = 150
        /// Edges are interpolated between samples at most this far apart.
        public var interpolationSeconds: Double = 0.5
        /// What the regions of the feet must show, where the device sees them.
        public var regionRule: RegionRule = .none

        public init(
            signal: HoldSignal, enterThreshold: Double, exitThreshold: Double, graceSeconds: Double,
            holdSeconds: Double
        ) {
            self.signal = signal
            self.enterThreshold = enterThreshold
            self.exitThreshold = exitThreshold
            self.graceSeconds = graceSeconds
            self.holdSeconds = holdSeconds
        }
    }

    public enum State: Sendable, Equatable {
        case idle
        case holding(entryMicros: Int64, side: Side?, targetReached: Bool)
        case dipping(entryMicros: Int64, side: Side?, targetReached: Bool, dipStartMicros: Int64)
        case steppedOff
    }

    private enum Phase: UInt8 {
        case idle, holding, dipping, steppedOff
    }

    public let parameters: Parameters
    public private(set) var baseline: Baseline
    /// The state, kept flat (`phase` and the hold's fields, meaningful while holding or dipping) rather than as an
    /// enum with payloads: reading and changing it then touches a few words in place, where switching over a stored
    /// enum with payloads copied the whole detector per sample.
    public var state: State {
        switch phase {
        case .idle: return .idle
        case .holding: return .holding(entryMicros: entryMicros, side: side, targetReached: targetReached)
        case .dipping:
            return .dipping(
                entryMicros: entryMicros, side: side, targetReached: targetReached, dipStartMicros: dipStartMicros)
        case .steppedOff: return .steppedOff
        }
    }
    private var phase = Phase.idle
    private var entryMicros: Int64 = 0
    private var side: Side?
    private var targetReached = false
    private var dipStartMicros: Int64 = 0
    private var lastMicros: Int64 = .min
    /// The previous accepted sample's signal (before the side is applied), for interpolating edges; NaN: none.
    private var lastValue = Double.nan
    private var previousMicros: Int64 = .min
    private var peak = 0.0
    private let graceMicros: Int64
    private let holdMicros: Int64
    private let maxGapMicros: Int64
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
        graceMicros = Int64((parameters.graceSeconds * 1_000_000).rounded())
        holdMicros = Int64((parameters.holdSeconds * 1_000_000).rounded())
        maxGapMicros = Int64((parameters.maxGapSeconds * 1_000_000).rounded())
    }

    /// The signal of one sample, before the side is applied: what the thresholds are compared with (the plots draw
    /// it as the detector's signal).
    @inlinable
    public func rawValue(_ s: Sample) -> Double {
        Self.rawValue(s, signal: parameters.signal, baseLoad: baseline.loadKilograms, baseCop: baseline.cop) {
            Self.regionValue(s, parameters, baseline)
        }
    }

    // Static, from a few scalars: `handle` calls it without a call on `self` or a copy of the parameters and the
    // baseline (either copied them whole per sample). `regions` is called only when the sample has region loads.
    @inlinable @inline(__always)
    static func rawValue(
        _ s: Sample, signal: HoldSignal, baseLoad: Double, baseCop: Point, regions: () -> Double
    ) -> Double {
        switch signal {
        case .loadGain: return s.loadKilograms - baseLoad
        case .forwardShift:
            let shift = s.cop.y - baseCop.y
            // Without region loads the rule's value is +∞, and min(shift, +∞) is shift: no need to work it out.
            return s.regions.present == 0 ? shift : Swift.min(shift, regions())
        case .lateralShift: return s.cop.x - baseCop.x
        }
    }

    /// The region rule's value on the thresholds' scale (+∞ when there is no rule or the device sees no regions).
    @inlinable
    static func regionValue(_ s: Sample, _ p: Parameters, _ baseline: Baseline) -> Double {
        let region: Region
        let q: Double
        let enter: Double
        let exit: Double
        switch p.regionRule {
        case .none, .standingFoot:
            return .infinity
        case .toeGrip(let e, let x):
            region = .toes
            guard let base = baseline.share(.toes), s.regions.has(region) else { return .infinity }
            q = share(s, region) - base
            (enter, exit) = (e, x)
        case .heelsOff(let e, let x):
            // Less heel is more: the value is the heels' share negated.
            region = .heel
            guard s.regions.has(region) else { return .infinity }
            q = -share(s, region)
            (enter, exit) = (-e, -x)
        }
        guard enter != exit else { return q >= enter ? .infinity : -.infinity }
        return p.enterThreshold + (q - enter) * (p.enterThreshold - p.exitThreshold) / (enter - exit)
    }

    @inlinable
    static func share(_ s: Sample, _ r: Region) -> Double {
        s.loadKilograms > 1e-9 ? s.regions[r] / s.loadKilograms : 0
    }

    @inlinable
    func signed(_ v: Double, side: Side?) -> Double {
        switch side {
        case .none: return v
        // The centre of pressure moves towards the standing foot: right when the left foot is lifted.
        case .left: return v
        case .right: return -v
        }
    }

    /// How long the hold in progress has lasted at `micros`, or nil when there is none.
    public func heldSeconds(atMicros micros: Int64) -> Double? {
        switch phase {
        case .holding, .dipping:
            return Double(Swift.max(0, micros - entryMicros)) / 1_000_000
        case .idle, .steppedOff:
            return nil
        }
    }

    public var isHolding: Bool { phase == .holding || phase == .dipping }

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
            endHold(atMicros: lastMicros, emit: emit)
        }
        previousMicros = lastMicros
        lastMicros = now
        let v = Self.rawValue(s, signal: parameters.signal, baseLoad: baseline.loadKilograms, baseCop: baseline.cop) {
            Self.regionValue(s, parameters, baseline)
        }
        defer { lastValue = v }
        if s.loadKilograms < stepOffBelow {
            endHold(atMicros: now, emit: emit)
            if phase != .steppedOff {
                phase = .steppedOff
                emit(.steppedOff(atMicros: now))
            }
            return
        }
        switch phase {
        case .steppedOff:
            phase = .idle
            emit(.steppedOn(atMicros: now))
            startIfEntering(s, v, now: now, emit: emit)
        case .idle:
            startIfEntering(s, v, now: now, emit: emit)
        case .holding:
            let sv = signed(v, side: side)
            if sv < parameters.exitThreshold {
                let crossed = crossing(parameters.exitThreshold, to: sv, side: side, now: now)
                if graceMicros <= 0 {
                    finishRep(end: crossed, emit: emit)
                } else {
                    phase = .dipping
                    dipStartMicros = crossed
                }
            } else {
                peak = Swift.max(peak, sv)
                checkTarget(now: now, emit: emit)
            }
        case .dipping:
            let sv = signed(v, side: side)
            if now - dipStartMicros >= graceMicros {
                finishRep(end: dipStartMicros, emit: emit)
                startIfEntering(s, v, now: now, emit: emit)
            } else if sv >= parameters.exitThreshold {
                peak = Swift.max(peak, sv)
                phase = .holding
                checkTarget(now: now, emit: emit)
            }
        }
    }

    /// The most common samples, taken without the full path: not marked, within the load limits, no gap, no region
    /// loads (the balance board), and either idle with the signal short of the enter threshold or holding with the
    /// signal at or above the exit threshold and no target reached on this sample. `handle` would then only move the
    /// times, the last value and the peak on, which this does, and returns true; for any other sample it changes
    /// nothing and returns false.
    @inline(__always)
    mutating func passQuiet(_ s: Sample) -> Bool {
        guard phase == .idle || phase == .holding, !s.isMarked, s.regions.present == 0,
            s.loadKilograms <= implausibleAbove
        else { return false }
        let now = s.timeMicros
        if lastMicros != .min, now - lastMicros > maxGapMicros { return false }
        guard !(s.loadKilograms < stepOffBelow) else { return false }
        // `rawValue` without region loads: no rule to fold in.
        let v: Double
        switch parameters.signal {
        case .loadGain: v = s.loadKilograms - baseline.loadKilograms
        case .forwardShift: v = s.cop.y - baseline.cop.y
        case .lateralShift: v = s.cop.x - baseline.cop.x
        }
        if phase == .idle {
            guard !(entry(s, v).magnitude >= parameters.enterThreshold) else { return false }
        } else {
            let sv = signed(v, side: side)
            guard !(sv < parameters.exitThreshold), targetReached || !(now - entryMicros >= holdMicros) else {
                return false
            }
            peak = Swift.max(peak, sv)
        }
        previousMicros = lastMicros
        lastMicros = now
        lastValue = v
        return true
    }

    /// Measures from `baseline` from now on (the user stepped off and back on elsewhere); reps so far stay.
    public mutating func rebase(_ baseline: Baseline) {
        self.baseline = baseline
        (implausibleAbove, stepOffBelow) = Self.limits(parameters, baseline)
        phase = .idle
        lastMicros = .min
        previousMicros = .min
        lastValue = .nan
    }

    /// Ends the source (end of recording, button, time limit): a hold in progress ends at `micros`
    /// (or where its dip began).
    public mutating func finish(atMicros micros: Int64, emit: (DetectorEvent) -> Void) {
        // Never past the last sample the detector accepted: skipped (faulty) samples prove no hold.
        endHold(atMicros: lastMicros == .min ? micros : min(micros, lastMicros), emit: emit)
    }

    /// The foot whose region carries less (the lifted one), when the device sees both feet.
    func lighterFoot(_ s: Sample) -> Side? {
        guard s.regions.has(.left), s.regions.has(.right) else { return nil }
        return s.regions.left <= s.regions.right ? .left : .right
    }

    /// The side a hold starting on this sample would take, and the signal towards it (compared with the enter
    /// threshold).
    @inline(__always)
    private func entry(_ s: Sample, _ v: Double) -> (side: Side?, magnitude: Double) {
        if parameters.signal == .lateralShift, parameters.regionRule == .standingFoot, let lighter = lighterFoot(s) {
            // The regions show which foot stands: the centre of pressure must have moved towards it.
            return (lighter, signed(v, side: lighter))
        } else if parameters.signal == .lateralShift {
            return (v >= 0 ? .left : .right, abs(v))
        } else {
            return (nil, v)
        }
    }

    private mutating func startIfEntering(_ s: Sample, _ v: Double, now: Int64, emit: (DetectorEvent) -> Void) {
        let (chosen, magnitude) = entry(s, v)
        guard magnitude >= parameters.enterThreshold else { return }
        peak = magnitude
        let entry = crossing(parameters.enterThreshold, to: magnitude, side: chosen, now: now)
        phase = .holding
        entryMicros = entry
        side = chosen
        targetReached = false
        emit(.holdStarted(atMicros: entry, side: chosen))
        if holdMicros <= 0 {
            targetReached = true
            emit(.holdTargetReached(atMicros: now))
        }
    }

    /// When the signal crossed `threshold` between the previous sample and this one (value `current`, side applied),
    /// or `now` when that cannot be told (no close previous sample, or it was already across).
    private func crossing(_ threshold: Double, to current: Double, side: Side?, now: Int64) -> Int64 {
        guard previousMicros != .min, lastValue.isFinite, now > previousMicros,
            Double(now - previousMicros) <= parameters.interpolationSeconds * 1_000_000
        else { return now }
        let previous = signed(lastValue, side: side)
        let f = (threshold - previous) / (current - previous)
        guard f.isFinite, f > 0, f <= 1 else { return now }
        return previousMicros + Int64((f * Double(now - previousMicros)).rounded())
    }

    private mutating func checkTarget(now: Int64, emit: (DetectorEvent) -> Void) {
        if !targetReached, now - entryMicros >= holdMicros {
            targetReached = true
            emit(.holdTargetReached(atMicros: now))
        }
    }

    private mutating func endHold(atMicros micros: Int64, emit: (DetectorEvent) -> Void) {
        switch phase {
        case .holding:
            finishRep(end: Swift.max(entryMicros, micros), emit: emit)
        case .dipping:
            finishRep(end: Swift.min(dipStartMicros, Swift.max(entryMicros, micros)), emit: emit)
        case .idle, .steppedOff:
            break
        }
    }

    /// Ends the hold in progress at `end`.
    private mutating func finishRep(end: Int64, emit: (DetectorEvent) -> Void) {
        phase = .idle
        let rep = Rep(
            startMicros: entryMicros, endMicros: end, counted: end - entryMicros >= holdMicros, side: side, peak: peak)
        emit(.repEnded(rep))
    }
}
