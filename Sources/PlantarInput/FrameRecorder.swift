import PlantarSignal
import PlantarSupport

/// Records a live session's frames as evemu when the device has no evdev events to record (a libusb pad): sensor i is
/// absolute axis i holding the sensor's raw value (its load ÷ the profile's kg per unit, which the pad reported),
/// the button is BTN_A, and each frame ends with SYN_REPORT. Only values that changed are written, as evdev does.
/// The header names the device as its profile matches it, so a replay finds that profile and reads the axes back as
/// the same loads (`DeviceProfile.recordedAxes`). Written as it comes, like `SessionRecorder`.
public final class FrameRecorder {
    public let path: String
    private let writer: EvemuWriter
    private let kilogramsPerUnit: [Double]
    private let button: UInt16?
    private var last: [Int32]
    private var lastButton = false
    private var started = false
    /// The first write that failed; the session goes on, and `finish()` reports it.
    public private(set) var firstError: Error?
    private var finished = false
    public private(set) var frames = 0

    /// Creates `path` for the frames of a device `profile` reads. Throws when the profile has more sensors than an
    /// evemu recording has axes for them (47, below the multi-touch codes).
    public init(
        path: String, profile: DeviceProfile, name: String, vendor: UInt16, product: UInt16, comment: String
    ) throws {
        let recorded = profile.recordedAxes
        guard profile.sensors.count <= Int(EventCode.absMTSlot) else {
            throw PlantarError.device(
                path: path,
                message: "\(profile.sensors.count) sensors are more than an evemu recording has axes for (47)")
        }
        var device = DeviceDescription(
            name: profile.match.name ?? name, bus: profile.match.bus ?? 0x0003, vendor: profile.match.vendor ?? vendor,
            product: profile.match.product ?? product)
        device.enable(type: EventCode.evSyn, code: EventCode.synReport)
        for s in recorded.sensors {
            device.enable(type: EventCode.evAbs, code: s.axis)
            device.absInfo[s.axis] = AbsInfo(minimum: 0, maximum: Int32.max)
        }
        if let b = recorded.button { device.enable(type: EventCode.evKey, code: b) }
        self.path = path
        writer = try EvemuWriter(path: path, device: device, comment: comment)
        kilogramsPerUnit = profile.sensors.map(\.kilogramsPerUnit)
        button = recorded.button
        last = [Int32](repeating: 0, count: profile.sensors.count)
    }

    /// The raw value a load was read from: the load ÷ kg per unit, rounded (exact for the whole numbers a report
    /// carries), at least 0 and at most Int32.max.
    @inlinable
    public static func raw(_ kilograms: Double, kilogramsPerUnit: Double) -> Int32 {
        guard kilogramsPerUnit > 0, kilograms > 0 else { return 0 }
        let units = (kilograms / kilogramsPerUnit).rounded()
        return units >= Double(Int32.max) ? Int32.max : Int32(units)
    }

    /// Appends one frame: the values that changed (all of them for the first), the button if it changed, SYN_REPORT.
    public func record(_ frame: Frame) {
        guard firstError == nil, !finished else { return }
        do {
            let t = frame.timeMicros
            for i in 0..<min(last.count, frame.loadsKilograms.count) {
                let raw = Self.raw(frame.loadsKilograms[i], kilogramsPerUnit: kilogramsPerUnit[i])
                if !started || raw != last[i] {
                    try writer.write(InputEvent(timeMicros: t, type: EventCode.evAbs, code: UInt16(i), value: raw))
                    last[i] = raw
                }
            }
            if let button, !started || frame.buttonDown != lastButton {
                try writer.write(
                    InputEvent(timeMicros: t, type: EventCode.evKey, code: button, value: frame.buttonDown ? 1 : 0))
                lastButton = frame.buttonDown
            }
            try writer.write(InputEvent(timeMicros: t, type: EventCode.evSyn, code: EventCode.synReport, value: 0))
            started = true
            frames += 1
        } catch {
            firstError = error
        }
    }

    /// Ends the recording (a compressed one gets its gzip trailer) and flushes it to the disk; throws the first write
    /// that failed, if any. What comes after is not recorded.
    public func finish() throws {
        guard !finished else { return }
        finished = true
        if let firstError { throw firstError }
        try writer.finish(sync: true)
    }
}

extension DeviceProfile {
    /// How a `FrameRecorder` recording of this profile's device reads back: the same sensors, names, positions and
    /// kg per unit, sensor i on absolute axis i with no offset, and the button (if the device has one) on BTN_A.
    public var recordedAxes: DeviceProfile {
        var p = self
        p.kind = .evdevAxes
        for i in p.sensors.indices {
            p.sensors[i].axis = UInt16(i)
            p.sensors[i].zero = 0
        }
        if p.button == nil, usb?.buttonOffset != nil { p.button = EventCode.btnA }
        return p
    }
}
