/// What a detector tells the layers above it. Emitted through a non-escaping closure: no allocation.
public enum DetectorEvent: Sendable, Equatable {
    case baselineEstablished(Baseline)
    case holdStarted(atMicros: Int64, side: Side?)
    /// The hold in progress has reached its target: it will count whenever it ends.
    case holdTargetReached(atMicros: Int64)
    case repEnded(Rep)
    case circleCounted(Rep)
    case steppedOff(atMicros: Int64)
    case steppedOn(atMicros: Int64)
}
