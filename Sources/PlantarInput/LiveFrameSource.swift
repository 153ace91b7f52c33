import Foundation
import PlantarSignal

/// What waiting on a live source gave.
public enum LiveRead: Sendable {
    /// A whole frame of sensor loads (the session's `SignalStage` makes its sample).
    case frame(Frame)
    /// Nothing arrived in time (the user stands still, or a signal interrupted the wait).
    case idle
    /// The device went away.
    case gone
}

/// A live device as a frame source. Times are microseconds since the source's first event and keep running across
/// a re-plug, so a session's report shows the gap.
public protocol LiveFrameSource: AnyObject {
    /// The device's name as the kernel (or the USB descriptor) gives it.
    var deviceName: String { get }
    /// The node or bus path it is read from.
    var path: String { get }
    var profile: DeviceProfile { get }
    /// The signal stage for this source's frames (the profile's, by default).
    func signalStage() -> SignalStage
    /// Waits up to `timeoutMillis` for the next whole frame.
    func next(timeoutMillis: Int32) throws -> LiveRead
    /// After `.gone`: looks once for the same kind of device (same profile); true when it is back and reading.
    func reconnect() -> Bool
    /// Now, on the source's time axis.
    func nowMicros() -> Int64
}

extension LiveFrameSource {
    public func signalStage() -> SignalStage { profile.signalStage() }
}

/// CLOCK_MONOTONIC in microseconds: the clock evdev timestamps are on once EVIOCSCLOCKID has been set.
public func monotonicMicros() -> Int64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
}
