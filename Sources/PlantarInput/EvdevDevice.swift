import CEvdev
import Foundation
import PlantarSupport

/// What one wait on a live device gave.
public enum DeviceReadStatus: Sendable, Equatable {
    /// Events were delivered (or none arrived before the timeout).
    case ready
    /// The device went away (unplugged, out of range): a pause, not a crash.
    case gone
}

/// An evdev node read through libevdev: kernel timestamps on CLOCK_MONOTONIC, an optional exclusive grab, and
/// libevdev's resync after the kernel dropped events.
///
/// | libevdev says                 | the caller gets                                                           |
/// |-------------------------------|---------------------------------------------------------------------------|
/// | an event                      | the event, time in µs of CLOCK_MONOTONIC                                  |
/// | SYNC (the kernel's SYN_DROPPED) | SYN_DROPPED, SYN_REPORT (ends the dropped frame), then the resync deltas |
/// | -EAGAIN                       | nothing more for now                                                      |
/// | -ENODEV                       | `.gone`                                                                   |
/// | any other error               | a thrown `PlantarError.device`                                            |
///
/// The resync deltas end with their own SYN_REPORT, so a `FrameAssembler` (or a recording of this stream replayed
/// later) discards the partial frame and then sees the device's whole current state.
public final class EvdevDevice {
    public let path: String
    public let description: DeviceDescription
    public let grabbed: Bool
    private let fd: Int32
    private let dev: OpaquePointer

    /// Opens `path` read-only and non-blocking. Throws `PlantarError.device` with the reason and, for a permission
    /// problem, the fix.
    public init(path: String, grab: Bool = false) throws {
        self.path = path
        let fd: Int32
        switch valueOrErrno({ open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }) {
        case .success(let opened): fd = opened
        case .failure(let error): throw PlantarError.device(path: path, message: Self.openFailure(error))
        }
        var handle: OpaquePointer?
        let rc = libevdev_new_from_fd(fd, &handle)
        guard rc == 0, let handle else {
            close(fd)
            throw PlantarError.device(path: path, message: "not an evdev device (\(Errno(rawValue: -rc)))")
        }
        // Kernel timestamps on the monotonic clock: immune to wall-clock changes during a session.
        if case .failure(let error) = valueOrNegatedErrno({ plantar_evdev_set_clock_monotonic(fd) }) {
            libevdev_free(handle)
            close(fd)
            throw PlantarError.device(path: path, message: "cannot select CLOCK_MONOTONIC (\(error))")
        }
        if grab {
            if case .failure(let error) = valueOrNegatedErrno({ plantar_evdev_grab(fd, 1) }) {
                libevdev_free(handle)
                close(fd)
                throw PlantarError.device(
                    path: path, message: "cannot grab the device (\(error)): another program has it")
            }
        }
        self.fd = fd
        dev = handle
        grabbed = grab
        description = Self.describe(handle)
        debugLog(
            "opened \(path): \"\(description.name)\" bus 0x\(hex4(description.bus)) vendor 0x\(hex4(description.vendor)) "
                + "product 0x\(hex4(description.product))\(grab ? ", grabbed" : "")")
    }

    deinit {
        if grabbed { _ = plantar_evdev_grab(fd, 0) }
        libevdev_free(dev)
        close(fd)
        debugLog("closed \(path)")
    }

    static func openFailure(_ error: Errno) -> String {
        let text = error.description
        switch error.rawValue {
        case EACCES, EPERM:
            return "\(text): install Plantar's udev rule (sudo make install: udev/70-plantar.rules) and log in again"
        case ENOENT, ENODEV, ENXIO:
            return "\(text): the device is not connected"
        default:
            return text
        }
    }

    /// Waits up to `timeoutMillis` (-1: forever) for events and passes each one to `deliver`.
    /// Returns `.gone` once the device has been removed; a signal ends the wait early with `.ready`.
    public func read(timeoutMillis: Int32, deliver: (InputEvent) -> Void) throws -> DeviceReadStatus {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        // A signal ends the wait (no retry): the caller checks for Ctrl-C between reads.
        switch valueOrErrno(retryingInterrupts: false, { poll(&pfd, 1, timeoutMillis) }) {
        case .failure(.interrupted), .success(0): return .ready
        case .failure(let error): throw PlantarError.device(path: path, message: "poll: \(error)")
        case .success: return try drain(deliver: deliver)
        }
    }

    /// Reads whatever is pending without waiting.
    public func drain(deliver: (InputEvent) -> Void) throws -> DeviceReadStatus {
        let normal = UInt32(LIBEVDEV_READ_FLAG_NORMAL.rawValue)
        let sync = UInt32(LIBEVDEV_READ_FLAG_SYNC.rawValue)
        let success = Int32(LIBEVDEV_READ_STATUS_SUCCESS.rawValue)
        let syncing = Int32(LIBEVDEV_READ_STATUS_SYNC.rawValue)
        var ev = input_event()
        while true {
            let rc = libevdev_next_event(dev, normal, &ev)
            if rc == success {
                deliver(Self.event(ev))
            } else if rc == syncing {
                // The kernel's buffer overflowed: the frame in progress is incomplete. libevdev now hands out the
                // differences between what we saw and the device's state, ending with a SYN_REPORT.
                let t = Self.micros(ev)
                deliver(InputEvent(timeMicros: t, type: EventCode.evSyn, code: EventCode.synDropped, value: 0))
                deliver(InputEvent(timeMicros: t, type: EventCode.evSyn, code: EventCode.synReport, value: 0))
                debugLog("\(path): SYN_DROPPED at \(t) µs (the kernel's buffer overflowed): resyncing")
                var s = libevdev_next_event(dev, sync, &ev)
                var changes = 0
                while s == syncing {
                    deliver(Self.event(ev))
                    changes += 1
                    s = libevdev_next_event(dev, sync, &ev)
                }
                debugLog("\(path): resync done, \(changes) events brought the state up to date")
                if s == -ENODEV { return .gone }
            } else if rc == -EAGAIN {
                return .ready
            } else if rc == -ENODEV {
                return .gone
            } else if rc == -EINTR {
                continue
            } else {
                throw PlantarError.device(path: path, message: "read: \(Errno(rawValue: -rc))")
            }
        }
    }

    /// The device's current absolute-axis and key values (libevdev keeps them), as events at `timeMicros`.
    /// A reader seeds its frame with them so that axes which never change still have their value.
    public func currentState(atMicros timeMicros: Int64) -> [InputEvent] {
        var events: [InputEvent] = []
        for type in [EventCode.evAbs, EventCode.evKey] {
            for code in (description.codes[type] ?? []).sorted() {
                let value = libevdev_get_event_value(dev, UInt32(type), UInt32(code))
                events.append(InputEvent(timeMicros: timeMicros, type: type, code: code, value: value))
            }
        }
        return events
    }

    private static func micros(_ ev: input_event) -> Int64 {
        withUnsafePointer(to: ev) { Int64(plantar_event_sec($0)) * 1_000_000 + Int64(plantar_event_usec($0)) }
    }

    private static func event(_ ev: input_event) -> InputEvent {
        InputEvent(timeMicros: micros(ev), type: ev.type, code: ev.code, value: ev.value)
    }

    /// The node's identity and capabilities, for profile matching and a faithful evemu header.
    private static func describe(_ dev: OpaquePointer) -> DeviceDescription {
        var d = DeviceDescription(
            name: String(cString: libevdev_get_name(dev)),
            bus: UInt16(truncatingIfNeeded: libevdev_get_id_bustype(dev)),
            vendor: UInt16(truncatingIfNeeded: libevdev_get_id_vendor(dev)),
            product: UInt16(truncatingIfNeeded: libevdev_get_id_product(dev)),
            version: UInt16(truncatingIfNeeded: libevdev_get_id_version(dev)))
        var props = [UInt8](repeating: 0, count: 8)
        for p in 0..<UInt32(64) where libevdev_has_property(dev, p) != 0 {
            props[Int(p / 8)] |= 1 << UInt8(p % 8)
        }
        d.properties = props
        for type in 0...UInt32(EventCode.evMax) where libevdev_has_event_type(dev, type) != 0 {
            let maxCode = libevdev_event_type_get_max(type)
            guard maxCode >= 0 else { continue }
            for code in 0...UInt32(maxCode) where libevdev_has_event_code(dev, type, code) != 0 {
                d.enable(type: UInt16(type), code: UInt16(code))
                if type == UInt32(EventCode.evAbs), let a = libevdev_get_abs_info(dev, code) {
                    d.absInfo[UInt16(code)] = AbsInfo(
                        minimum: a.pointee.minimum, maximum: a.pointee.maximum, fuzz: a.pointee.fuzz,
                        flat: a.pointee.flat, resolution: a.pointee.resolution)
                }
                if type == 0x11 { d.leds.append((UInt16(code), libevdev_get_event_value(dev, type, code))) }
                if type == 0x05 { d.switches.append((UInt16(code), libevdev_get_event_value(dev, type, code))) }
            }
        }
        return d
    }
}
