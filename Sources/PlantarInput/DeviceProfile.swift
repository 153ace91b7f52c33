import Foundation
import PlantarSignal
import PlantarSupport

/// How a device's data becomes frames: a data file matched on name, bus, vendor and product (libinput's quirks).
///
/// ```toml
/// name = "Wii Balance Board"
/// kind = "evdev-axes"            # or "evdev-multitouch", "usb-report"
/// button = "BTN_A"
/// [match]
/// name = "Nintendo Wii Remote Balance Board"
/// bus = 0x0005
/// vendor = 0x057e
/// product = 0x0306
/// layout = "wii-balance-board"   # a built-in geometry (SensorLayout.builtIn), or x/y on each sensor
/// [[sensor]]
/// name = "top-right"              # with a layout: which of its sensors this is
/// axis = "ABS_HAT0X"              # evdev-axes; usb-report uses offset/width/endian/signed
/// kg_per_unit = 0.01
/// # without a layout:  x = 216.5  (millimetres, + right)   y = 119.0  (millimetres, + towards the toes)
/// [regions]                       # optional: areas of the feet the device can tell apart (mm, min ≤ v < max)
/// toes = { y_min = 90.0 }
/// heel = { y_max = -90.0 }
/// left = { x_max = 0.0 }
/// ```
///
/// The geometry (positions, names, regions) is a `SensorLayout`: the one home of a device's geometry. A profile
/// either names a built-in layout or gives its own; the readings (axes, offsets, scales) stay here.
public struct DeviceProfile: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        case evdevAxes = "evdev-axes"
        case evdevMultitouch = "evdev-multitouch"
        case usbReport = "usb-report"
    }

    public struct Match: Sendable, Equatable {
        public var name: String?
        public var bus: UInt16?
        public var vendor: UInt16?
        public var product: UInt16?
    }

    /// How one sensor's reading is found and scaled; where it sits is in `layout`, at the same index.
    public struct Sensor: Sendable, Equatable {
        public var name: String
        public var axis: UInt16 = 0
        public var kilogramsPerUnit: Double
        /// The axis value with no load (evdev axes): a device that reports its tare point as, say, -31232 says so
        /// here; loads are (value − zero) × kg per unit.
        public var zero: Double = 0
        /// The value with no load counted from the axis minimum the device reports (`zero_above_minimum`): one
        /// firmware built with library versions that give the axis different ranges has its tare point at the same
        /// distance from the minimum. Bound to a device, it sets `zero`; without the device's range, `zero` stays.
        public var zeroAboveMinimum: Double?
        /// USB report layout: byte offset in the report as read (the report id, if any, is byte 0), width in bytes,
        /// byte order, signedness.
        public var offset: Int = 0
        public var width: Int = 2
        public var bigEndian = false
        public var signed = false
    }

    /// USB report reading: interface and interrupt-IN endpoint, and the report id byte (nil when reports have none).
    public struct USB: Sendable, Equatable {
        public var interface: Int = 0
        public var endpoint: Int = 0x81
        public var reportID: Int?
        public var reportLength: Int = 64
        /// Bit in byte `buttonOffset` that is the button, if any.
        public var buttonOffset: Int?
        public var buttonBit: Int = 0
    }

    public var name: String
    public var kind: Kind
    public var match: Match
    public var sensors: [Sensor]
    public var button: UInt16?
    public var usb: USB?
    /// Multi-touch: kg per pressure unit and mm per position unit (the axis resolution wins when it is set).
    public var pressureKilogramsPerUnit: Double = 0.01
    public var millimetresPerUnit: Double = 1
    public var sourcePath: String = ""
    /// Where the sensors sit, their names and the regions of the feet the device sees (multi-touch: no fixed
    /// sensors, regions only).
    public var layout: SensorLayout

    public init(
        name: String, kind: Kind, match: Match, sensors: [Sensor], button: UInt16?, usb: USB?, layout: SensorLayout
    ) {
        self.name = name
        self.kind = kind
        self.match = match
        self.sensors = sensors
        self.button = button
        self.usb = usb
        self.layout = layout
    }

    /// Why this profile does or does not fit a device; nil when it fits.
    public func mismatch(name devName: String, bus: UInt16, vendor: UInt16, product: UInt16) -> String? {
        if let n = match.name, n != devName { return "name is \"\(devName)\", not \"\(n)\"" }
        if let b = match.bus, b != bus { return "bus is 0x\(hex4(bus)), not 0x\(hex4(b))" }
        if let v = match.vendor, v != vendor { return "vendor is 0x\(hex4(vendor)), not 0x\(hex4(v))" }
        if let p = match.product, p != product { return "product is 0x\(hex4(product)), not 0x\(hex4(p))" }
        return nil
    }

    public func matches(_ d: DeviceDescription) -> Bool {
        mismatch(name: d.name, bus: d.bus, vendor: d.vendor, product: d.product) == nil
    }

    /// How specific the match is: profiles that pin more fields win.
    public var specificity: Int {
        [match.name != nil, match.bus != nil, match.vendor != nil, match.product != nil].filter { $0 }.count
    }

    // MARK: Loading

    public static func load(path: String) throws -> DeviceProfile {
        let root = try TOMLReader(
            file: path,
            allowed: [
                "name", "kind", "button", "match", "sensor", "usb", "pressure_kg_per_unit", "mm_per_unit", "layout",
                "regions",
            ])
        func bad(_ key: String, _ message: String) -> PlantarError { root.fail(key, message) }
        guard let name = try root.string("name") else {
            throw root.failHere("misses the key 'name'")
        }
        let kindText = try root.string("kind") ?? "evdev-axes"
        guard let kind = Kind(rawValue: kindText) else {
            throw bad("kind", "must be one of evdev-axes, evdev-multitouch, usb-report")
        }
        var match = Match()
        if let m = try root.table("match", allowed: ["name", "bus", "vendor", "product"]) {
            match.name = try m.string("name")
            match.bus = try m.int("bus", in: 0...0xffff).map(UInt16.init)
            match.vendor = try m.int("vendor", in: 0...0xffff).map(UInt16.init)
            match.product = try m.int("product", in: 0...0xffff).map(UInt16.init)
        }
        if match.name == nil, match.vendor == nil {
            throw root.failHere("[match] needs at least a name or a vendor")
        }
        var button: UInt16?
        if let b = try root.string("button") {
            guard let code = EventCode.keyNames[b] else { throw bad("button", "is not a known button name") }
            button = code
        }
        var usb: USB?
        if let u = try root.table(
            "usb", allowed: ["interface", "endpoint", "report_id", "report_length", "button_offset", "button_bit"])
        {
            var x = USB()
            x.interface = try u.int("interface", in: 0...255) ?? 0
            x.endpoint = try u.int("endpoint", in: 0x81...0x8f) ?? 0x81
            x.reportID = try u.int("report_id", in: 0...255)
            x.reportLength = try u.int("report_length", in: 1...1024) ?? 64
            x.buttonOffset = try u.int("button_offset", in: 0...1023)
            x.buttonBit = try u.int("button_bit", in: 0...7) ?? 0
            usb = x
        }
        if kind == .usbReport, usb == nil { usb = USB() }
        var builtIn: SensorLayout?
        if let l = try root.string("layout") {
            guard let known = SensorLayout.builtIn[l] else {
                throw bad(
                    "layout", "is not a built-in layout (\(SensorLayout.builtIn.keys.sorted().joined(separator: ", ")))"
                )
            }
            builtIn = known
        }
        var sensors: [Sensor] = []
        var positions: [Point] = []
        let sensorKeys: Set<String> = [
            "name", "axis", "x", "y", "kg_per_unit", "zero", "zero_above_minimum", "offset", "width", "endian",
            "signed",
        ]
        for s in try root.tables("sensor", allowed: sensorKeys) {
            let sensorName = try s.string("name") ?? "sensor\(sensors.count)"
            if let builtIn {
                guard s.table["x"] == nil, s.table["y"] == nil else {
                    throw s.failHere("takes its position from the layout: leave out x and y")
                }
                guard let i = builtIn.names.firstIndex(of: sensorName) else {
                    throw s.fail(
                        "name", "is not a sensor of the layout (\(builtIn.names.joined(separator: ", ")))")
                }
                guard !sensors.contains(where: { $0.name == sensorName }) else {
                    throw s.fail("name", "names a sensor of the layout a second time")
                }
                positions.append(builtIn.positions[i])
            } else {
                guard let x = try s.double("x", in: -2000...2000), let y = try s.double("y", in: -2000...2000)
                else {
                    throw s.failHere("needs x and y (mm)")
                }
                positions.append(Point(x: x, y: y))
            }
            var sensor = Sensor(
                name: sensorName, kilogramsPerUnit: try s.double("kg_per_unit", in: 0...1000) ?? 0.01)
            sensor.zero = try s.double("zero", in: -2_147_483_648...2_147_483_647) ?? 0
            sensor.zeroAboveMinimum = try s.double("zero_above_minimum", in: 0...4_294_967_295)
            if kind == .evdevAxes {
                guard let axis = try s.string("axis") else {
                    throw s.failHere("needs an axis")
                }
                guard let code = EventCode.absNames[axis], code < EventCode.absMTSlot else {
                    throw s.fail("axis", "is not a known absolute axis name")
                }
                sensor.axis = code
            }
            if kind == .usbReport {
                guard let offset = try s.int("offset", in: 0...1023) else {
                    throw s.failHere("needs a byte offset")
                }
                sensor.offset = offset
                sensor.width = try s.int("width", in: 1...4) ?? 2
                let endian = try s.string("endian") ?? "little"
                guard endian == "little" || endian == "big" else { throw s.fail("endian", "must be little or big") }
                sensor.bigEndian = endian == "big"
                sensor.signed = try s.bool("signed") ?? false
            }
            sensors.append(sensor)
        }
        if kind != .evdevMultitouch, sensors.isEmpty {
            throw root.failHere("a profile needs at least one [[sensor]]")
        }
        guard sensors.count <= 64 else {
            throw root.failHere("at most 64 sensors are supported")
        }
        if let builtIn, sensors.count != builtIn.count {
            throw root.failHere("names \(sensors.count) of the layout's \(builtIn.count) sensors: list each once")
        }
        var regions = builtIn?.regions ?? [:]
        if let r = try root.table("regions", allowed: Set(Region.allCases.map(\.name))) {
            regions = [:]
            for region in Region.allCases {
                guard let a = try r.table(region.name, allowed: ["x_min", "x_max", "y_min", "y_max"]) else { continue }
                var area = RegionArea()
                area.xMin = try a.double("x_min", in: -2000...2000) ?? -.infinity
                area.xMax = try a.double("x_max", in: -2000...2000) ?? .infinity
                area.yMin = try a.double("y_min", in: -2000...2000) ?? -.infinity
                area.yMax = try a.double("y_max", in: -2000...2000) ?? .infinity
                guard area.xMin < area.xMax, area.yMin < area.yMax else {
                    throw r.fail(region.name, "is empty: each minimum must be below its maximum")
                }
                regions[region] = area
            }
        }
        let layout = SensorLayout(positions: positions, names: sensors.map(\.name), regions: regions)
        var p = DeviceProfile(
            name: name, kind: kind, match: match, sensors: sensors, button: button, usb: usb, layout: layout)
        p.pressureKilogramsPerUnit = try root.double("pressure_kg_per_unit", in: 0...1000) ?? 0.01
        p.millimetresPerUnit = try root.double("mm_per_unit", in: 0...1000) ?? 1
        p.sourcePath = path
        return p
    }

    /// The profiles shipped with Plantar, then those in `directories` (later ones override earlier ones of the
    /// same name).
    public static func loadAll(userDirectories: [String] = ProfileStore.userDirectories()) throws -> [DeviceProfile] {
        var byName: [String: DeviceProfile] = [:]
        var order: [String] = []
        for dir in [ProfileStore.bundledDirectory] + userDirectories {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for file in files.sorted() where file.hasSuffix(".toml") {
                let p = try load(path: dir + "/" + file)
                if byName[p.name] == nil { order.append(p.name) }
                byName[p.name] = p
            }
        }
        return order.compactMap { byName[$0] }
    }

    /// The best profile for a device, or every profile's reason for not fitting.
    public static func best(
        for d: DeviceDescription, among profiles: [DeviceProfile]
    ) -> Result<DeviceProfile, ProfileMismatch> {
        let fitting = profiles.filter { $0.matches(d) && $0.kind != .usbReport }
        if let p = fitting.max(by: { $0.specificity < $1.specificity }) { return .success(p.bound(to: d)) }
        let reasons = profiles.filter { $0.kind != .usbReport }.map {
            "\($0.name): \($0.mismatch(name: d.name, bus: d.bus, vendor: d.vendor, product: d.product) ?? "fits")"
        }
        return .failure(ProfileMismatch(reasons: reasons))
    }

    /// This profile for device `d`: each sensor's `zero_above_minimum` becomes its `zero` on the axis range `d`
    /// reports.
    public func bound(to d: DeviceDescription) -> DeviceProfile {
        var p = self
        for i in p.sensors.indices {
            guard let above = p.sensors[i].zeroAboveMinimum, let info = d.absInfo[p.sensors[i].axis] else { continue }
            p.sensors[i].zero = Double(info.minimum) + above
        }
        return p
    }

    /// What a four-axis absolute pad that no profile names is read as: its first four of ABS_X, ABS_Y, ABS_Z,
    /// ABS_RX, ABS_RY, ABS_RZ as front-left, front-right, back-left, back-right (300 × 200 mm), each axis's minimum
    /// as no load and its whole range as 50 kg. A guess to start with: a profile file sets the real corners and scale.
    public static func genericFourCorner(for d: DeviceDescription) -> DeviceProfile? {
        let axes = genericAxes(Set((0...5).map(UInt16.init).filter { d.supports(type: EventCode.evAbs, code: $0) }))
        guard let axes, !d.supports(type: EventCode.evAbs, code: EventCode.absMTPositionX) else { return nil }
        let corners = [
            ("front-left", Point(x: -150, y: 100)), ("front-right", Point(x: 150, y: 100)),
            ("back-left", Point(x: -150, y: -100)), ("back-right", Point(x: 150, y: -100)),
        ]
        let sensors = zip(axes, corners).map { axis, corner in
            let info = d.absInfo[axis] ?? AbsInfo(minimum: 0, maximum: 65535)
            let range = max(1, Double(info.maximum) - Double(info.minimum))
            var s = Sensor(name: corner.0, axis: axis, kilogramsPerUnit: 50 / range)
            s.zero = Double(info.minimum)
            return s
        }
        return DeviceProfile(
            name: genericName, kind: .evdevAxes,
            match: Match(name: d.name, bus: d.bus, vendor: d.vendor, product: d.product), sensors: sensors,
            button: nil, usb: nil,
            layout: SensorLayout(positions: corners.map(\.1), names: corners.map(\.0)))
    }

    public static let genericName = "generic four-corner pad"

    /// The four axes a generic pad is read from, in code order, when it has at least four of ABS_X…ABS_RZ.
    public static func genericAxes(_ absolute: Set<UInt16>) -> [UInt16]? {
        let axes = absolute.filter { $0 <= 5 }.sorted()
        return axes.count >= 4 ? Array(axes.prefix(4)) : nil
    }

    /// The profile the balance board uses: built in, so recordings replay even without the profile files.
    /// Its geometry is `SensorLayout.balanceBoard`, whose order is the kernel's axis order (ABS_HAT0X = 0x10 …).
    public static let wiiBalanceBoard: DeviceProfile = {
        let sensors = SensorLayout.balanceBoard.names.enumerated().map { i, name in
            Sensor(name: name, axis: UInt16(0x10 + i), kilogramsPerUnit: 0.01)
        }
        return DeviceProfile(
            name: "Wii Balance Board", kind: .evdevAxes,
            match: Match(name: "Nintendo Wii Remote Balance Board", bus: 0x0005, vendor: 0x057e, product: 0x0306),
            sensors: sensors, button: EventCode.btnA, usb: nil, layout: .balanceBoard)
    }()
}

public struct ProfileMismatch: Error, Sendable {
    public var reasons: [String]
}

func hex4(_ v: UInt16) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}

/// Where profile files live.
public enum ProfileStore {
    /// The profiles bundled with the package (resources), or `PLANTAR_PROFILE_DIR` when set.
    ///
    /// The resource bundle is looked for beside the executable first: `Bundle.module` stops the process when neither
    /// that nor the build directory has it (an installed or copied binary), and `make install` puts the profiles in
    /// a share directory that `userDirectories()` lists anyway.
    public static var bundledDirectory: String {
        if let dir = Console.variable("PLANTAR_PROFILE_DIR") { return dir }
        let beside = (executableDirectory ?? Bundle.main.bundlePath) + "/Plantar_PlantarInput.resources/Profiles"
        if FileManager.default.fileExists(atPath: beside) { return beside }
        let installed = userDirectories().contains {
            FileManager.default.fileExists(atPath: $0 + "/wii-balance-board.toml")
        }
        if installed { return "" }
        return Bundle.module.resourcePath.map { $0 + "/Profiles" } ?? ""
    }

    /// The running executable's directory, which is what `Bundle.main.bundlePath` gives for an executable, without
    /// `Bundle.main`'s scan of that directory (a few milliseconds at every start in a build directory).
    static var executableDirectory: String? {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let path = String(decoding: buffer[0..<n], as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }

    /// The installed profiles (the Debian package's `/usr/share/plantar/profiles`, `make install`'s
    /// `/usr/local/share/plantar/profiles`, or `share/plantar/profiles` beside the binary's `bin/`), then
    /// `/etc/plantar/profiles` and `$XDG_CONFIG_HOME/plantar/profiles` (or `~/.config/plantar/profiles`).
    public static func userDirectories() -> [String] {
        let config = Console.variable("XDG_CONFIG_HOME") ?? ((Console.variable("HOME") ?? "/root") + "/.config")
        let shares = InstalledFiles.shareDirectories.map { $0 + "/profiles" }
        return shares + ["/etc/plantar/profiles", config + "/plantar/profiles"]
    }
}

/// Where an installed Plantar keeps its read-only files (profiles, the demo recording).
public enum InstalledFiles {
    /// `/usr/share/plantar` (the Debian package), `/usr/local/share/plantar` (`make install`), and the `share/plantar`
    /// beside the running binary's `bin/` when it is installed under another prefix; each once.
    public static var shareDirectories: [String] {
        var dirs = ["/usr/share/plantar", "/usr/local/share/plantar"]
        if let bin = ProfileStore.executableDirectory, bin.hasSuffix("/bin") {
            let beside = String(bin.dropLast(4)) + "/share/plantar"
            if !dirs.contains(beside) { dirs.append(beside) }
        }
        return dirs
    }
}
