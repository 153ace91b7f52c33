/// What a detector tells the layers above it. Emitted through a non-escaping closure: no allocation.
///
/// Besides what it counts, a detector says what it leaves out, so that the plots, the readout and the log draw the
/// detector's own decisions instead of re-deriving its rules:
/// - `sampleSkipped`: a sample it did not use (a dead cell, a load no person makes);
/// - `gap`: a stretch without samples longer than its `maxGapSeconds`, across which nothing is held or turned;
/// - `steppedOff` … `steppedOn`: the user off the board; detection then waits for a still window
///   (`baselineEstablished` again) before it measures;
/// - a rep with `counted == false`: a hold too short to count.
public enum DetectorEvent: Sendable, Equatable {
    case baselineEstablished(Baseline)
    case holdStarted(atMicros: Int64, side: Side?)
    /// The hold in progress has reached its target: it will count whenever it ends.
    case holdTargetReached(atMicros: Int64)
    case repEnded(Rep)
    case circleCounted(Rep)
    case steppedOff(atMicros: Int64)
    case steppedOn(atMicros: Int64)
    /// The sample at `atMicros` was not used: detection goes on as if it had never come.
    case sampleSkipped(atMicros: Int64, reason: SkipReason)
    /// No usable sample from `fromMicros` (the last one before) to `toMicros` (the first one after), longer than the
    /// detector's `maxGapSeconds`: a hold in progress ended at `fromMicros`, a circle being traced stopped there.
    case gap(fromMicros: Int64, toMicros: Int64)
}

/// Why a detector skipped a sample.
public enum SkipReason: UInt8, Sendable, Equatable, CaseIterable {
    /// A sensor reads nothing while its neighbours carry load (`SignalStage`'s dead-cell mark).
    case deadCell
    /// More than any person puts on the device, or not a number (`SignalStage`'s implausible mark).
    case implausibleLoad
    /// More above the exercise's baseline than a person adds (the detector's `implausibleKilograms`): a shorted or
    /// saturated cell.
    case aboveBaseline

    /// The reason a sample that `SignalStage` marked is skipped, or nil when it is not marked.
    @inlinable
    public init?(marked s: Sample) {
        if s.faultySensor >= 0 {
            self = .deadCell
        } else if s.implausible {
            self = .implausibleLoad
        } else {
            return nil
        }
    }
}
