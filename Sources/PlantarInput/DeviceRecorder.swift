import PlantarSupport

/// `plantar record`: a live evdev node written to an evemu file until told to stop, the device goes away, or the
/// duration is reached. Times in the file count from the first event; the node's current values open it (they join
/// its first frame), so axes that never change are not read back as 0.
public struct DeviceRecorder {
    public enum Ending: String, Sendable {
        case stopped = "interrupted"
        case deviceGone = "the device went away"
        case durationReached = "duration reached"
    }

    public struct Result: Sendable {
        public var events: Int
        /// The last event's time, from the first.
        public var lastMicros: Int64
        public var ending: Ending
    }

    public let device: EvdevDevice
    public let writer: EvemuWriter
    /// Stop after this many microseconds, counted from the first event.
    public var limitMicros: Int64?

    /// Opens `out` (gzip-compressed when it ends in `.gz`) and writes the header and the device's current values.
    public init(device: EvdevDevice, out: String, comment: String) throws {
        self.device = device
        writer = try EvemuWriter(path: out, device: device.description, comment: comment)
        for e in device.currentState(atMicros: 0) { try writer.write(e) }
    }

    /// Records until `shouldStop` says so (checked at least every 100 ms), the device goes away or the limit is
    /// reached; the file is flushed to the disk.
    public func record(shouldStop: () -> Bool) throws -> Result {
        var origin: Int64?
        var events = 0
        var last: Int64 = 0
        var ending = Ending.stopped
        var writeError: Error?
        loop: while !shouldStop() {
            let status = try device.read(timeoutMillis: 100) { raw in
                guard writeError == nil else { return }
                if origin == nil { origin = raw.timeMicros }
                var e = raw
                e.timeMicros -= origin ?? 0
                if let limitMicros, e.timeMicros > limitMicros { return }
                do { try writer.write(e) } catch { writeError = error }
                events += 1
                last = e.timeMicros
            }
            if let writeError { throw writeError }
            if status == .gone {
                ending = .deviceGone
                break loop
            }
            if let limitMicros, let origin, monotonicMicros() - origin >= limitMicros {
                ending = .durationReached
                break loop
            }
        }
        try writer.finish(sync: true)
        return Result(events: events, lastMicros: last, ending: ending)
    }
}
