/// Which foot was lifted (pencil pickups).
public enum Side: String, Sendable, Codable, Equatable {
    case left
    case right
}

/// The sense of an ankle circle seen from above: counter-clockwise turns from +x (right) towards +y (toes).
public enum Direction: String, Sendable, Codable, Equatable {
    case clockwise
    case counterclockwise
}

/// One attempt: a hold (entry to exit) or one completed circle.
public struct Rep: Sendable, Equatable {
    public var startMicros: Int64
    public var endMicros: Int64
    public var counted: Bool
    public var side: Side?
    public var direction: Direction?
    /// The largest signal value reached during the rep, in the detector's unit (mm or kg).
    public var peak: Double

    public init(
        startMicros: Int64, endMicros: Int64, counted: Bool, side: Side? = nil, direction: Direction? = nil,
        peak: Double = 0
    ) {
        self.startMicros = startMicros
        self.endMicros = endMicros
        self.counted = counted
        self.side = side
        self.direction = direction
        self.peak = peak
    }

    public var durationSeconds: Double { Double(endMicros - startMicros) / 1_000_000 }
}
