import Glibc
import PlantarSignal

extension DeviceProfile {
    /// The profiles Plantar ships, built in: each the value `load(path:)` makes of its file in `Profiles/` (with no
    /// `sourcePath`), in the order `loadAll()` reads them (by file name). The files stay what users read, copy and
    /// install; these let a replay with only the shipped profiles about choose one without reading and parsing them.
    /// A test holds each equal to its parsed file, and fails for a file without a built-in twin or the other way
    /// round: a change to a shipped file is made here too.
    public static let shipped: [(file: String, profile: DeviceProfile)] = [
        ("balanceboardlsl-leonardo.toml", balanceBoardLSL("BalanceBoardLSL USB board (Leonardo id)", 0x2341, 0x8036)),
        ("balanceboardlsl-pro-micro.toml", balanceBoardLSL("BalanceBoardLSL USB board (Pro Micro)", 0x1b4f, 0x9206)),
        ("multitouch-pressure.toml", multitouchPressure),
        ("usb-16cell-pad.toml", usb16CellPad),
        ("usb-4cell-pad.toml", usb4CellPad),
        ("usb-vendor-pad.toml", usbVendorPad),
        ("wii-balance-board.toml", wiiBalanceBoard),
    ]

    /// Each shipped file's length in bytes and FNV-1a hash. A share directory whose profile files are all among these,
    /// unchanged, holds only what the built-in profiles are; an edited or added file there is read and parsed as `run`
    /// reads it. A test holds these equal to the files.
    static let shippedFiles: [String: (bytes: Int, hash: UInt64)] = [
        "balanceboardlsl-leonardo.toml": (1589, 0x37d6_0248_631a_855f),
        "balanceboardlsl-pro-micro.toml": (1554, 0x3c89_9dcd_5b65_dc9c),
        "multitouch-pressure.toml": (728, 0xa472_1006_bc65_f82a),
        "usb-16cell-pad.toml": (1929, 0x7cab_d816_0559_72ee),
        "usb-4cell-pad.toml": (732, 0xd677_9431_d57f_f562),
        "usb-vendor-pad.toml": (931, 0x74a3_1c67_cc05_4f4d),
        "wii-balance-board.toml": (726, 0xda95_5645_ce42_d5ec),
    ]

    /// 64-bit FNV-1a of `bytes`.
    static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// Whether the file at `path` is the shipped file `name`, unchanged: its length, then its hash.
    static func isShippedFile(_ name: String, at path: String) -> Bool {
        guard let expected = shippedFiles[name] else { return false }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        // One byte more than expected: a longer file is seen to be longer.
        var buffer = [UInt8](repeating: 0, count: expected.bytes + 1)
        var count = 0
        while count < buffer.count {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + count, $0.count - count) }
            guard n > 0 else { break }
            count += n
        }
        return count == expected.bytes && fnv1a(buffer.prefix(count)) == expected.hash
    }

    /// BalanceBoardLSL firmware on an Arduino: the board's corners on ABS_Z, ABS_RX, ABS_Y, ABS_X, tared at 1535 above
    /// the axis minimum (-31232 on its usual range), 1/1600 kg a unit.
    private static func balanceBoardLSL(_ name: String, _ vendor: UInt16, _ product: UInt16) -> DeviceProfile {
        let axes: [UInt16] = [0x02, 0x03, 0x01, 0x00]
        let sensors = zip(SensorLayout.balanceBoard.names, axes).map { name, axis in
            var s = Sensor(name: name, axis: axis, kilogramsPerUnit: 0.000625)
            s.zero = -31232
            s.zeroAboveMinimum = 1535
            return s
        }
        return DeviceProfile(
            name: name, kind: .evdevAxes, match: Match(bus: 0x0003, vendor: vendor, product: product),
            sensors: sensors, button: nil, usb: nil, layout: .balanceBoard)
    }

    private static var multitouchPressure: DeviceProfile {
        DeviceProfile(
            name: "Multi-touch pressure surface", kind: .evdevMultitouch, match: Match(name: "Plantar Pressure Mat"),
            sensors: [], button: nil, usb: nil,
            layout: SensorLayout(
                positions: [], names: [],
                regions: SensorLayout.footRegions(toesFrom: 70, forefootFrom: 10, heelBelow: -60)))
    }

    /// ABS_X … ABS_BRAKE, then ABS_HAT0X … ABS_HAT2X, row by row; 1 g a unit.
    private static var usb16CellPad: DeviceProfile {
        let axes: [UInt16] = [
            0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x10, 0x11, 0x12, 0x13, 0x14,
        ]
        let sensors = zip(SensorLayout.pad16.names, axes).map { name, axis in
            Sensor(name: name, axis: axis, kilogramsPerUnit: 0.001)
        }
        return DeviceProfile(
            name: "USB 16-cell pressure pad", kind: .evdevAxes,
            match: Match(name: "Plantar 16-cell Pressure Pad", bus: 0x0003, vendor: 0x1209, product: 0x0010),
            sensors: sensors, button: nil, usb: nil, layout: .pad16)
    }

    /// The four cells of the 4-cell pads: toes 100 mm ahead, heels 100 mm behind, 150 mm either side.
    private static let fourCells = SensorLayout(
        positions: [Point(x: -150, y: 100), Point(x: 150, y: 100), Point(x: -150, y: -100), Point(x: 150, y: -100)],
        names: ["toe-left", "toe-right", "heel-left", "heel-right"])

    /// ABS_X, ABS_Y, ABS_RX, ABS_RY; 1 g a unit; BTN_TRIGGER.
    private static var usb4CellPad: DeviceProfile {
        let axes: [UInt16] = [0x00, 0x01, 0x03, 0x04]
        let sensors = zip(fourCells.names, axes).map { name, axis in
            Sensor(name: name, axis: axis, kilogramsPerUnit: 0.001)
        }
        return DeviceProfile(
            name: "USB 4-cell pressure pad", kind: .evdevAxes,
            match: Match(name: "Plantar USB Pressure Pad", bus: 0x0003, vendor: 0x1209, product: 0x0002),
            sensors: sensors, button: 0x120, usb: nil, layout: fourCells)
    }

    /// Report id 1, buttons in byte 1, the cells little-endian 16-bit at bytes 2, 4, 6 and 8; 1 g a unit.
    private static var usbVendorPad: DeviceProfile {
        let sensors = fourCells.names.enumerated().map { i, name in
            var s = Sensor(name: name, kilogramsPerUnit: 0.001)
            s.offset = 2 + 2 * i
            return s
        }
        let usb = USB(interface: 0, endpoint: 0x81, reportID: 1, reportLength: 10, buttonOffset: 1, buttonBit: 0)
        return DeviceProfile(
            name: "USB vendor pressure pad", kind: .usbReport, match: Match(vendor: 0x1209, product: 0x0003),
            sensors: sensors, button: nil, usb: usb, layout: fourCells)
    }
}
