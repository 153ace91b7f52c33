import Foundation
import PlantarSupport

/// An evdev node as sysfs and the file system describe it, and which profile (if any) reads it.
public struct DiscoveredDevice: Sendable {
    /// `/dev/input/eventN`.
    public var path: String
    public var name: String
    public var bus: UInt16
    public var vendor: UInt16
    public var product: UInt16
    /// The kernel driver behind the node (`wiimote`, `hid-generic`, …), nil for virtual devices such as uinput.
    public var driver: String?
    public var readable: Bool
    public var profile: DeviceProfile?
    /// Why no profile fits, one reason per profile (empty when one fits).
    public var reasons: [String]
    /// The absolute axes the node has (from sysfs `capabilities/abs`).
    public var absoluteAxes: Set<UInt16> = []

    /// A node no profile fits that has four absolute axes: `plantar run --device` reads it as a generic pad.
    public var genericAxes: [UInt16]? {
        profile == nil && !absoluteAxes.contains(EventCode.absMTPositionX)
            ? DeviceProfile.genericAxes(absoluteAxes) : nil
    }

    public var identity: String { "bus 0x\(hex4(bus)) \(hex4(vendor)):\(hex4(product))" }
}

/// Finds evdev nodes through `/sys/class/input` (no need to open them) and matches them against the profiles.
public enum DeviceDiscovery {
    /// Where to look; tests and the VM can point these elsewhere.
    public static var sysClassInput: String {
        Console.environment["PLANTAR_SYSFS_INPUT"] ?? "/sys/class/input"
    }
    public static let devInput = "/dev/input"

    /// Every `event*` node, in numeric order.
    public static func evdevDevices(profiles: [DeviceProfile]) -> [DiscoveredDevice] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: sysClassInput)) ?? []
        let events = entries.filter { $0.hasPrefix("event") }.sorted {
            (Int($0.dropFirst(5)) ?? 0) < (Int($1.dropFirst(5)) ?? 0)
        }
        return events.map { describe(node: $0, profiles: profiles) }
    }

    /// The first node a profile fits, preferring readable ones.
    public static func firstUsable(profiles: [DeviceProfile]) -> DiscoveredDevice? {
        let fitting = evdevDevices(profiles: profiles).filter { $0.profile != nil }
        return fitting.first(where: \.readable) ?? fitting.first
    }

    /// A node found by its `/dev/input/eventN` path.
    public static func device(at path: String, profiles: [DeviceProfile]) -> DiscoveredDevice? {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let node = (resolved as NSString).lastPathComponent
        guard node.hasPrefix("event"), FileManager.default.fileExists(atPath: sysClassInput + "/" + node) else {
            return nil
        }
        var d = describe(node: node, profiles: profiles)
        d.path = path
        return d
    }

    static func describe(node: String, profiles: [DeviceProfile]) -> DiscoveredDevice {
        let base = sysClassInput + "/" + node + "/device"
        func read(_ file: String) -> String? {
            (try? String(contentsOfFile: base + "/" + file, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func hex(_ file: String) -> UInt16 { read(file).flatMap { UInt16($0, radix: 16) } ?? 0 }
        let path = devInput + "/" + node
        var d = DiscoveredDevice(
            path: path, name: read("name") ?? "", bus: hex("id/bustype"), vendor: hex("id/vendor"),
            product: hex("id/product"), driver: nil, readable: access(path, R_OK) == 0, profile: nil, reasons: [])
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: base + "/device/driver") {
            d.driver = (target as NSString).lastPathComponent
        }
        // capabilities/abs: hex words, most significant first, each a long (64 bits here).
        let words = (read("capabilities/abs") ?? "").split(separator: " ").reversed().map { UInt64($0, radix: 16) ?? 0 }
        for (w, word) in words.enumerated() where word != 0 {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { d.absoluteAxes.insert(UInt16(w * 64 + bit)) }
        }
        var description = DeviceDescription(name: d.name, bus: d.bus, vendor: d.vendor, product: d.product)
        description.version = hex("id/version")
        switch DeviceProfile.best(for: description, among: profiles) {
        case .success(let p): d.profile = p
        case .failure(let m): d.reasons = m.reasons
        }
        return d
    }
}
