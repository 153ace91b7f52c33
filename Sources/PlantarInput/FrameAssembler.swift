import PlantarSignal

/// Turns evdev events into whole frames (DESIGN rule 4): the last value of every sensor is kept (the kernel sends
/// only changed axes), a frame is emitted at each `SYN_REPORT`, and `SYN_DROPPED` discards the partial frame up to the
/// next `SYN_REPORT`. It hands on frames of sensor loads only (and the contacts' positions on a multi-touch
/// surface): the session turns them into samples with the one `SignalStage` (`signalStage()` makes the right one).
/// Per event: O(1), no allocation; per frame: O(sensors), with one uniqueness check of the frame's storage.
///
/// | event                         | does                                                            |
/// |-------------------------------|-----------------------------------------------------------------|
/// | EV_ABS on a sensor axis       | stage value × kg/unit for that sensor                           |
/// | EV_ABS multi-touch            | stage slot / position / pressure / tracking id (per slot)       |
/// | EV_KEY on the profile button  | stage button state                                              |
/// | SYN_REPORT, not dropping      | commit staged values, emit the frame                            |
/// | SYN_REPORT, dropping          | discard staged values, stop dropping, emit nothing              |
/// | SYN_DROPPED                   | discard staged values (multi-touch slots too), start dropping   |
/// | anything else                 | ignored (EV_MSC scan codes, other axes and keys)                |
public struct FrameAssembler: Sendable {
    public let profile: DeviceProfile
    /// Where the sensors are (multi-touch: the contacts' positions are in each frame).
    public let layout: SensorLayout
    public private(set) var frame: Frame
    public private(set) var framesEmitted = 0
    public private(set) var framesDropped = 0

    private let multitouch: Bool
    /// Per ABS code: its sensor (or -1), scale and zero; read-only once made.
    private let axes: [Axis]
    /// Values since the last `SYN_REPORT`, kept inline: storing one checks no array storage for uniqueness.
    private var staged = InlineArray<64, Double>(repeating: 0)
    private var stagedMask: UInt64 = 0
    private var stagedButton: Bool?
    private var dropping = false
    // Multi-touch state, per slot.
    private var slot = 0
    private var mtActive: [Bool]
    private var mtX: [Double]
    private var mtY: [Double]
    private var mtPressure: [Double]
    /// Slot values since the last `SYN_REPORT`, committed with it or discarded by `SYN_DROPPED`.
    private var mtStaged: MultitouchSlots
    private var mtCentre = Point(x: 0, y: 0)
    private var mtScale = Point(x: 1, y: 1)
    public static let maxSlots = 16

    /// - Parameter device: the header or live description, for multi-touch ranges and resolution.
    public init(profile: DeviceProfile, device: DeviceDescription? = nil) {
        self.profile = profile
        multitouch = profile.kind == .evdevMultitouch
        var axes = [Axis](repeating: Axis(), count: Int(EventCode.absMax) + 1)
        // At most 64 sensors (the profile loader holds to it; the staged values and their mask have room for 64).
        for (i, s) in profile.sensors.prefix(64).enumerated() where profile.kind == .evdevAxes {
            axes[Int(s.axis)] = Axis(sensor: i, scale: s.kilogramsPerUnit, zero: s.zero)
        }
        self.axes = axes
        let n = profile.kind == .evdevMultitouch ? Self.maxSlots : profile.sensors.count
        mtActive = [Bool](repeating: false, count: Self.maxSlots)
        mtX = [Double](repeating: 0, count: Self.maxSlots)
        mtY = [Double](repeating: 0, count: Self.maxSlots)
        mtPressure = [Double](repeating: 0, count: Self.maxSlots)
        mtStaged = MultitouchSlots(count: Self.maxSlots)
        if profile.kind == .evdevMultitouch {
            let ax = device?.absInfo[EventCode.absMTPositionX]
            let ay = device?.absInfo[EventCode.absMTPositionY]
            mtCentre = Point(
                x: ax.map { Double($0.minimum + $0.maximum) / 2 } ?? 0,
                y: ay.map { Double($0.minimum + $0.maximum) / 2 } ?? 0)
            let rx = ax.map { $0.resolution > 0 ? 1 / Double($0.resolution) : profile.millimetresPerUnit }
            let ry = ay.map { $0.resolution > 0 ? 1 / Double($0.resolution) : profile.millimetresPerUnit }
            mtScale = Point(x: rx ?? profile.millimetresPerUnit, y: ry ?? profile.millimetresPerUnit)
        }
        layout = profile.signalLayout
        frame = Frame(
            timeMicros: 0, loadsKilograms: [Double](repeating: 0, count: n),
            positions: multitouch ? layout.positions : [])
    }

    /// The signal stage for this device's frames.
    public func signalStage() -> SignalStage { profile.signalStage() }

    /// Copies the frame's loads to `loads` and, on a multi-touch surface, its contacts' positions to `positions`
    /// (as many of each as the frame has).
    @inline(__always)
    public func copyFrame(loads: UnsafeMutablePointer<Double>, positions: UnsafeMutablePointer<Point>?) {
        frame.loadsKilograms.withUnsafeBufferPointer {
            if let from = $0.baseAddress { copyLoads(from, to: loads, count: $0.count) }
        }
        if let positions {
            frame.positions.withUnsafeBufferPointer {
                if let from = $0.baseAddress { positions.update(from: from, count: $0.count) }
            }
        }
    }

    /// Feeds one event; true when it completed a frame, which `frame` then holds (until the next event).
    @inline(__always)
    public mutating func handle(_ e: InputEvent) -> Bool {
        switch e.type {
        case EventCode.evAbs:
            handleAbs(e)
            return false
        case EventCode.evKey:
            if let b = profile.button, e.code == b, e.value != 2 { stagedButton = e.value != 0 }
            return false
        case EventCode.evSyn:
            return handleSyn(e)
        default:
            return false
        }
    }

    /// Feeds one event; calls `emit` with the whole frame at each complete `SYN_REPORT`.
    public mutating func handle(_ e: InputEvent, emit: (Frame) -> Void) {
        if handle(e) { emit(frame) }
    }

    @inline(__always)
    private mutating func handleSyn(_ e: InputEvent) -> Bool {
        if e.code == EventCode.synReport {
            if dropping {
                dropping = false
                discardStaged()
                framesDropped += 1
                return false
            }
            commit(atMicros: e.timeMicros)
            framesEmitted += 1
            return true
        } else if e.code == EventCode.synDropped {
            dropping = true
            discardStaged()
        }
        return false
    }

    @inline(__always)
    mutating func handleAbs(_ e: InputEvent) {
        let code = Int(e.code)
        guard code <= Int(EventCode.absMax) else { return }
        if multitouch {
            handleMultitouch(e)
            return
        }
        let a = axes[code]
        guard a.sensor >= 0 else { return }
        staged[a.sensor] = Swift.max(0, Double(e.value) - a.zero) * a.scale
        stagedMask |= 1 << UInt64(a.sensor)
    }

    @inline(never)
    private mutating func handleMultitouch(_ e: InputEvent) {
        // The slot selector is protocol state, not a frame value: it survives a dropped frame.
        if e.code == EventCode.absMTSlot {
            slot = Int(e.value)
            return
        }
        guard slot >= 0, slot < Self.maxSlots else { return }
        switch e.code {
        case EventCode.absMTTrackingID:
            mtStaged.stage(slot, .active, e.value >= 0 ? 1 : 0)
            if e.value < 0 { mtStaged.stage(slot, .pressure, 0) }
        case EventCode.absMTPositionX:
            mtStaged.stage(slot, .x, (Double(e.value) - mtCentre.x) * mtScale.x)
        case EventCode.absMTPositionY:
            // Screen y grows downwards (towards the heel); Plantar's y grows towards the toes.
            mtStaged.stage(slot, .y, (mtCentre.y - Double(e.value)) * mtScale.y)
        case EventCode.absMTPressure:
            mtStaged.stage(slot, .pressure, Swift.max(0, Double(e.value)) * profile.pressureKilogramsPerUnit)
        default:
            return
        }
        stagedMask = 1
    }

    /// Once per frame, in the reading loop (the multi-touch part is not).
    @inline(__always)
    mutating func commit(atMicros micros: Int64) {
        frame.timeMicros = micros
        if let b = stagedButton { frame.buttonDown = b }
        stagedButton = nil
        if multitouch {
            commitMultitouch()
            return
        }
        var mask = stagedMask
        guard mask != 0 else { return }
        // One uniqueness check of the frame's storage per frame, not one per value stored.
        frame.loadsKilograms.withUnsafeMutableBufferPointer { loads in
            while mask != 0 {
                let i = mask.trailingZeroBitCount
                loads[i] = staged[i]
                mask &= mask - 1
            }
        }
        stagedMask = 0
    }

    @inline(never)
    private mutating func commitMultitouch() {
        mtStaged.commit(active: &mtActive, x: &mtX, y: &mtY, pressure: &mtPressure)
        for s in 0..<Self.maxSlots {
            frame.loadsKilograms[s] = mtActive[s] ? mtPressure[s] : 0
            frame.positions[s] = Point(x: mtX[s], y: mtY[s])
        }
        stagedMask = 0
    }

    mutating func discardStaged() {
        stagedMask = 0
        stagedButton = nil
        mtStaged.discard()
    }
}

/// Copies a frame's `count` loads: a balance board's four as four moves (a call to memmove for 32 bytes took about
/// twenty instructions, once per frame on each thread of a replay), others with memmove.
@inline(__always)
func copyLoads(_ from: UnsafePointer<Double>, to: UnsafeMutablePointer<Double>, count: Int) {
    if count == 4 {
        (to[0], to[1], to[2], to[3]) = (from[0], from[1], from[2], from[3])
    } else {
        to.update(from: from, count: count)
    }
}

/// What an ABS code is to the assembler.
private struct Axis: Sendable {
    var sensor = -1
    var scale = 0.0
    var zero = 0.0
}

extension DeviceProfile {
    /// Where the sensors are, as the signal stage sees them: the profile's layout, or for a multi-touch surface one
    /// place per slot that each frame fills with its contacts' positions.
    public var signalLayout: SensorLayout {
        guard kind == .evdevMultitouch else { return layout }
        return SensorLayout(
            positions: [Point](repeating: Point(x: 0, y: 0), count: FrameAssembler.maxSlots), regions: layout.regions)
    }

    /// The one signal stage that turns this device's frames into samples. Dead cells are checked on fixed layouts
    /// only: multi-touch contacts come and go.
    public func signalStage() -> SignalStage {
        SignalStage(layout: signalLayout, checksDeadCells: kind != .evdevMultitouch)
    }
}

/// Multi-touch slot values staged until `SYN_REPORT`: a value per slot and field, and a bit per slot and field that
/// says it was written. Fixed size, no allocation per event.
struct MultitouchSlots: Sendable {
    enum Field: Int {
        case active, x, y, pressure
    }

    private var values: [Double]
    private var written: UInt64 = 0
    private let count: Int

    init(count: Int) {
        precondition(count * 4 <= 64, "one bit per slot and field")
        self.count = count
        values = [Double](repeating: 0, count: count * 4)
    }

    mutating func stage(_ slot: Int, _ field: Field, _ value: Double) {
        let i = field.rawValue * count + slot
        values[i] = value
        written |= 1 << UInt64(i)
    }

    mutating func discard() {
        written = 0
    }

    mutating func commit(active: inout [Bool], x: inout [Double], y: inout [Double], pressure: inout [Double]) {
        var mask = written
        while mask != 0 {
            let i = mask.trailingZeroBitCount
            let slot = i % count
            switch Field(rawValue: i / count) {
            case .active?: active[slot] = values[i] != 0
            case .x?: x[slot] = values[i]
            case .y?: y[slot] = values[i]
            case .pressure?: pressure[slot] = values[i]
            case nil: break
            }
            mask &= mask - 1
        }
        written = 0
    }
}
