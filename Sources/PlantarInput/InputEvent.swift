/// One evdev event, with its time in microseconds.
public struct InputEvent: Sendable, Equatable {
    public var timeMicros: Int64
    public var type: UInt16
    public var code: UInt16
    public var value: Int32

    @inlinable
    public init(timeMicros: Int64, type: UInt16, code: UInt16, value: Int32) {
        self.timeMicros = timeMicros
        self.type = type
        self.code = code
        self.value = value
    }
}

/// The evdev constants Plantar uses, with the kernel's names.
public enum EventCode {
    public static let evSyn: UInt16 = 0x00
    public static let evKey: UInt16 = 0x01
    public static let evAbs: UInt16 = 0x03
    public static let evMsc: UInt16 = 0x04
    public static let evMax: UInt16 = 0x1f
    public static let synReport: UInt16 = 0
    public static let synDropped: UInt16 = 3
    public static let btnA: UInt16 = 0x130
    public static let absMax: UInt16 = 0x3f
    public static let keyMax: UInt16 = 0x2ff
    public static let absMTSlot: UInt16 = 0x2f
    public static let absMTPositionX: UInt16 = 0x35
    public static let absMTPositionY: UInt16 = 0x36
    public static let absMTTrackingID: UInt16 = 0x39
    public static let absMTPressure: UInt16 = 0x3a

    public static let absNames: [String: UInt16] = [
        "ABS_X": 0x00, "ABS_Y": 0x01, "ABS_Z": 0x02, "ABS_RX": 0x03, "ABS_RY": 0x04, "ABS_RZ": 0x05,
        "ABS_THROTTLE": 0x06, "ABS_RUDDER": 0x07, "ABS_WHEEL": 0x08, "ABS_GAS": 0x09, "ABS_BRAKE": 0x0a,
        "ABS_HAT0X": 0x10, "ABS_HAT0Y": 0x11, "ABS_HAT1X": 0x12, "ABS_HAT1Y": 0x13, "ABS_HAT2X": 0x14,
        "ABS_HAT2Y": 0x15, "ABS_HAT3X": 0x16, "ABS_HAT3Y": 0x17, "ABS_PRESSURE": 0x18, "ABS_DISTANCE": 0x19,
        "ABS_TILT_X": 0x1a, "ABS_TILT_Y": 0x1b, "ABS_TOOL_WIDTH": 0x1c, "ABS_VOLUME": 0x20, "ABS_MISC": 0x28,
        "ABS_MT_SLOT": 0x2f, "ABS_MT_TOUCH_MAJOR": 0x30, "ABS_MT_POSITION_X": 0x35, "ABS_MT_POSITION_Y": 0x36,
        "ABS_MT_TRACKING_ID": 0x39, "ABS_MT_PRESSURE": 0x3a,
    ]

    public static let keyNames: [String: UInt16] = [
        "BTN_A": 0x130, "BTN_SOUTH": 0x130, "BTN_B": 0x131, "BTN_TRIGGER": 0x120, "BTN_THUMB": 0x121,
        "BTN_0": 0x100, "BTN_1": 0x101, "BTN_LEFT": 0x110, "BTN_TOUCH": 0x14a,
    ]

    /// A readable name for comments and messages, e.g. `EV_ABS / ABS_HAT0X`.
    public static func describe(type: UInt16, code: UInt16) -> String {
        switch type {
        case evSyn:
            let names = [0: "SYN_REPORT", 1: "SYN_CONFIG", 2: "SYN_MT_REPORT", 3: "SYN_DROPPED"]
            return "EV_SYN / \(names[Int(code)] ?? "SYN_\(code)")"
        case evKey:
            let name = keyNames.first { $0.value == code && $0.key != "BTN_SOUTH" }?.key
            return "EV_KEY / \(name ?? "KEY_\(code)")"
        case evAbs:
            return "EV_ABS / \(absNames.first { $0.value == code }?.key ?? "ABS_\(code)")"
        case evMsc:
            return "EV_MSC / MSC_\(code)"
        default:
            return "EV_\(type) / \(code)"
        }
    }
}
