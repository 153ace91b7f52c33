import PlantarSignal

/// Turns evdev events into whole frames (DESIGN rule 4): the last value of every sensor is kept (the kernel sends
/// only changed axes), a frame is emitted at each `SYN_REPORT`, and `SYN_DROPPED` discards the partial frame up to the
/// next `SYN_REPORT`. Per event: O(1), no allocation; per frame: O(sensors).
///
/// | event                         | does                                                            |
/// |-------------------------------|-----------------------------------------------------------------|
/// | EV_ABS on a sensor axis       | stage value × kg/unit for that sensor                           |
/// | EV_ABS multi-touch            | stage slot / position / pressure / tracking id                  |
/// | EV_KEY on the profile button  | stage button state                                              |
/// | SYN_REPORT, not dropping      | commit staged values, emit the frame                            |
/// | SYN_REPORT, dropping          | discard staged values, stop dropping, emit nothing              |
/// | SYN_DROPPED                   | discard staged values, start dropping                           |
/// | anything else                 | ignored (EV_MSC scan codes, other axes and keys)                |
public struct FrameAssembler: Sendable {
    public let profile: DeviceProfile
    public private(set) var layout: SensorLayout
    /// Dead-cell detection for fixed sensor layouts (not for multi-touch, whose contacts come and go).
    private var cells: DeadCellCheck?
    public private(set) var frame: Frame
    public private(set) var framesEmitted = 0
    public private(set) var framesDropped = 0

    private let multitouch: Bool
    private var axisToSensor: [Int]
    private var scale: [Double]
    private var staged: [Double]
    private var stagedMask: UInt64 = 0
    private var stagedButton: Bool?
    private var dropping = false
    // Multi-touch state, per slot.
    private var slot = 0
    private var mtActive: [Bool]
    private var mtX: [Double]
    private var mtY: [Double]
    private var mtPressure: [Double]
    private var mtCentre = Point(x: 0, y: 0)
    private var mtScale = Point(x: 1, y: 1)
    public static let maxSlots = 16

    /// - Parameter device: the header or live description, for multi-touch ranges and resolution.
    public init(profile: DeviceProfile, device: DeviceDescription? = nil) {
        self.profile = profile
        multitouch = profile.kind == .evdevMultitouch
        var map = [Int](repeating: -1, count: Int(EventCode.absMax) + 1)
        var scale = [Double](repeating: 0, count: Int(EventCode.absMax) + 1)
        for (i, s) in profile.sensors.enumerated() where profile.kind == .evdevAxes {
            map[Int(s.axis)] = i
            scale[Int(s.axis)] = s.kilogramsPerUnit
        }
        axisToSensor = map
        self.scale = scale
        let n = profile.kind == .evdevMultitouch ? Self.maxSlots : profile.sensors.count
        staged = [Double](repeating: 0, count: n)
        mtActive = [Bool](repeating: false, count: Self.maxSlots)
        mtX = [Double](repeating: 0, count: Self.maxSlots)
        mtY = [Double](repeating: 0, count: Self.maxSlots)
        mtPressure = [Double](repeating: 0, count: Self.maxSlots)
        if profile.kind == .evdevMultitouch {
            layout = SensorLayout(positions: [Point](repeating: Point(x: 0, y: 0), count: n))
            let ax = device?.absInfo[EventCode.absMTPositionX]
            let ay = device?.absInfo[EventCode.absMTPositionY]
            mtCentre = Point(
                x: ax.map { Double($0.minimum + $0.maximum) / 2 } ?? 0,
                y: ay.map { Double($0.minimum + $0.maximum) / 2 } ?? 0)
            let rx = ax.map { $0.resolution > 0 ? 1 / Double($0.resolution) : profile.millimetresPerUnit }
            let ry = ay.map { $0.resolution > 0 ? 1 / Double($0.resolution) : profile.millimetresPerUnit }
            mtScale = Point(x: rx ?? profile.millimetresPerUnit, y: ry ?? profile.millimetresPerUnit)
        } else {
            layout = profile.layout
        }
        frame = Frame(timeMicros: 0, loadsKilograms: [Double](repeating: 0, count: n))
        cells = profile.kind == .evdevMultitouch ? nil : DeadCellCheck(layout: layout)
    }

    /// Feeds one event; calls `emit` with the whole frame and its signals at each complete `SYN_REPORT`.
    public mutating func handle(_ e: InputEvent, emit: (Frame, Sample) -> Void) {
        switch e.type {
        case EventCode.evAbs:
            handleAbs(e)
        case EventCode.evKey:
            if let b = profile.button, e.code == b, e.value != 2 { stagedButton = e.value != 0 }
        case EventCode.evSyn:
            if e.code == EventCode.synReport {
                if dropping {
                    dropping = false
                    discardStaged()
                    framesDropped += 1
                } else {
                    commit(atMicros: e.timeMicros)
                    framesEmitted += 1
                    var sample = layout.sample(of: frame)
                    cells?.check(frame, &sample)
                    emit(frame, sample)
                }
            } else if e.code == EventCode.synDropped {
                dropping = true
                discardStaged()
            }
        default:
            break
        }
    }

    mutating func handleAbs(_ e: InputEvent) {
        let code = Int(e.code)
        guard code <= Int(EventCode.absMax) else { return }
        if multitouch {
            handleMultitouch(e)
            return
        }
        let i = axisToSensor[code]
        guard i >= 0 else { return }
        staged[i] = Swift.max(0, Double(e.value)) * scale[code]
        stagedMask |= 1 << UInt64(i)
    }

    private mutating func handleMultitouch(_ e: InputEvent) {
        switch e.code {
        case EventCode.absMTSlot:
            slot = Int(e.value)
        case EventCode.absMTTrackingID:
            guard slot >= 0, slot < Self.maxSlots else { return }
            mtActive[slot] = e.value >= 0
            if e.value < 0 { mtPressure[slot] = 0 }
        case EventCode.absMTPositionX:
            guard slot >= 0, slot < Self.maxSlots else { return }
            mtX[slot] = (Double(e.value) - mtCentre.x) * mtScale.x
        case EventCode.absMTPositionY:
            // Screen y grows downwards (towards the heel); Plantar's y grows towards the toes.
            guard slot >= 0, slot < Self.maxSlots else { return }
            mtY[slot] = (mtCentre.y - Double(e.value)) * mtScale.y
        case EventCode.absMTPressure:
            guard slot >= 0, slot < Self.maxSlots else { return }
            mtPressure[slot] = Swift.max(0, Double(e.value)) * profile.pressureKilogramsPerUnit
        default:
            break
        }
        stagedMask = 1
    }

    mutating func commit(atMicros micros: Int64) {
        frame.timeMicros = micros
        if let b = stagedButton { frame.buttonDown = b }
        stagedButton = nil
        if multitouch {
            for s in 0..<Self.maxSlots {
                frame.loadsKilograms[s] = mtActive[s] ? mtPressure[s] : 0
                layout.positions[s] = Point(x: mtX[s], y: mtY[s])
            }
            stagedMask = 0
            return
        }
        var mask = stagedMask
        while mask != 0 {
            let i = mask.trailingZeroBitCount
            frame.loadsKilograms[i] = staged[i]
            mask &= mask - 1
        }
        stagedMask = 0
    }

    mutating func discardStaged() {
        stagedMask = 0
        stagedButton = nil
    }
}
