/// The range and noise figures of one absolute axis, as evdev's `input_absinfo`.
public struct AbsInfo: Sendable, Equatable {
    public var minimum: Int32
    public var maximum: Int32
    public var fuzz: Int32
    public var flat: Int32
    public var resolution: Int32

    public init(minimum: Int32, maximum: Int32, fuzz: Int32 = 0, flat: Int32 = 0, resolution: Int32 = 0) {
        self.minimum = minimum
        self.maximum = maximum
        self.fuzz = fuzz
        self.flat = flat
        self.resolution = resolution
    }
}

/// What an evemu header (or a live evdev node) says about a device: identity and capabilities.
public struct DeviceDescription: Sendable, Equatable {
    public var name: String
    public var bus: UInt16
    public var vendor: UInt16
    public var product: UInt16
    public var version: UInt16
    /// INPUT_PROP bits, as bytes.
    public var properties: [UInt8] = []
    /// Event codes each type supports, keyed by type.
    public var codes: [UInt16: Set<UInt16>] = [:]
    public var absInfo: [UInt16: AbsInfo] = [:]
    public var leds: [(UInt16, Int32)] = []
    public var switches: [(UInt16, Int32)] = []

    public init(name: String, bus: UInt16, vendor: UInt16, product: UInt16, version: UInt16 = 0) {
        self.name = name
        self.bus = bus
        self.vendor = vendor
        self.product = product
        self.version = version
    }

    public func supports(type: UInt16, code: UInt16) -> Bool { codes[type]?.contains(code) ?? false }

    public mutating func enable(type: UInt16, code: UInt16) {
        codes[type, default: []].insert(code)
    }

    public static func == (a: DeviceDescription, b: DeviceDescription) -> Bool {
        a.name == b.name && a.bus == b.bus && a.vendor == b.vendor && a.product == b.product
            && a.version == b.version && a.codes == b.codes && a.absInfo == b.absInfo && a.properties == b.properties
    }

    /// The Wii Balance Board as hid-wiimote presents it.
    public static var wiiBalanceBoard: DeviceDescription {
        var d = DeviceDescription(
            name: "Nintendo Wii Remote Balance Board", bus: 0x0005, vendor: 0x057e, product: 0x0306, version: 0x8000)
        d.enable(type: EventCode.evSyn, code: 0)
        d.enable(type: EventCode.evKey, code: EventCode.btnA)
        for code: UInt16 in 0x10...0x13 {
            d.enable(type: EventCode.evAbs, code: code)
            d.absInfo[code] = AbsInfo(minimum: 0, maximum: 65535, fuzz: 2, flat: 4)
        }
        return d
    }
}
