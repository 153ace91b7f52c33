import Foundation

/// A Bluetooth controller as BlueZ describes it (`org.bluez.Adapter1`).
public struct BluetoothAdapter: Sendable, Equatable {
    public var path: String
    public var address: String
    public var powered: Bool
    public var discovering: Bool
    /// `usb:v1D6Bp0246d0542`: bluetoothd's own device id, whose version field is BlueZ's version.
    public var modalias: String

    /// `hci0`.
    public var name: String { (path as NSString).lastPathComponent }
}

/// A remote device BlueZ knows (`org.bluez.Device1`, with `org.bluez.Battery1` when it reports one).
public struct BluetoothDevice: Sendable, Equatable {
    public var path: String
    public var adapter: String
    public var address: String
    public var name: String
    public var alias: String
    public var paired: Bool
    /// BlueZ 5.68+ says whether a link key is stored; older ones only say `Paired`.
    public var bonded: Bool
    public var trusted: Bool
    public var connected: Bool
    public var blocked: Bool
    /// Present only while the device is seen by the current discovery (or was very recently).
    public var rssi: Int?
    public var uuids: [String]
    public var batteryPercentage: Int?

    /// The Wii Balance Board advertises itself under this name.
    public static let balanceBoardName = "Nintendo RVL-WBC-01"

    public var isBalanceBoard: Bool { name == Self.balanceBoardName || alias == Self.balanceBoardName }
}

/// BlueZ's version, as its device id tells it.
public struct BlueZVersion: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int

    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Reads `usb:v1D6Bp0246d0542` (vendor Linux Foundation, product BlueZ, version major << 8 | minor).
    public init?(modalias: String) {
        let lower = modalias.lowercased()
        // usb:vVVVVpPPPPdDDDD: the version is the four hex digits after the 'd' that follows the product.
        guard lower.hasPrefix("usb:v1d6bp024"), lower.count == 19, lower.dropFirst(14).first == "d",
            let v = Int(lower.suffix(4), radix: 16)
        else { return nil }
        major = v >> 8
        minor = v & 0xff
    }

    public var description: String { "\(major).\(minor)" }

    public static func < (a: BlueZVersion, b: BlueZVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }

    /// 5.73 to 5.79 answer the board's PIN request with "0000" (their autopair plugin runs before the wiimote
    /// code), so pairing a balance board fails there.
    public var breaksBalanceBoardPairing: Bool {
        self >= BlueZVersion(major: 5, minor: 73) && self <= BlueZVersion(major: 5, minor: 79)
    }
}

/// What BlueZ knows right now: adapters and devices.
public struct BlueZState: Sendable, Equatable {
    public var adapters: [BluetoothAdapter] = []
    public var devices: [BluetoothDevice] = []

    public var version: BlueZVersion? { adapters.lazy.compactMap { BlueZVersion(modalias: $0.modalias) }.first }

    public var boards: [BluetoothDevice] { devices.filter(\.isBalanceBoard) }
}

/// BlueZ (bluetoothd) over D-Bus: the object tree and the few calls pairing needs.
public final class BlueZ: @unchecked Sendable {
    public static let service = "org.bluez"
    public static let hidProfile = "00001124-0000-1000-8000-00805f9b34fb"

    public let bus: DBusConnection

    public init(bus: DBusConnection) { self.bus = bus }

    public convenience init() throws { self.init(bus: try DBusConnection()) }

    /// Everything BlueZ exports (`ObjectManager.GetManagedObjects`).
    public func state() throws -> BlueZState {
        let reply = try bus.call(Self.service, "/", "org.freedesktop.DBus.ObjectManager", "GetManagedObjects")
        var state = BlueZState()
        guard case .dictionary(let objects)? = reply.first else { return state }
        for object in objects {
            guard let path = object.key.string else { continue }
            let interfaces = object.value.entries
            if let a = interfaces["org.bluez.Adapter1"]?.entries {
                state.adapters.append(
                    BluetoothAdapter(
                        path: path, address: a["Address"]?.string ?? "", powered: a["Powered"]?.bool ?? false,
                        discovering: a["Discovering"]?.bool ?? false, modalias: a["Modalias"]?.string ?? ""))
            }
            if let d = interfaces["org.bluez.Device1"]?.entries {
                let paired = d["Paired"]?.bool ?? false
                state.devices.append(
                    BluetoothDevice(
                        path: path, adapter: d["Adapter"]?.string ?? (path as NSString).deletingLastPathComponent,
                        address: d["Address"]?.string ?? "", name: d["Name"]?.string ?? "",
                        alias: d["Alias"]?.string ?? "", paired: paired, bonded: d["Bonded"]?.bool ?? paired,
                        trusted: d["Trusted"]?.bool ?? false, connected: d["Connected"]?.bool ?? false,
                        blocked: d["Blocked"]?.bool ?? false, rssi: d["RSSI"]?.integer,
                        uuids: d["UUIDs"]?.strings ?? [],
                        batteryPercentage: interfaces["org.bluez.Battery1"]?.entries["Percentage"]?.integer))
            }
        }
        state.adapters.sort { $0.path < $1.path }
        state.devices.sort { $0.path < $1.path }
        return state
    }

    public func setProperty(_ path: String, _ interface: String, _ name: String, _ value: DBusValue) throws {
        try bus.call(
            Self.service, path, "org.freedesktop.DBus.Properties", "Set",
            [.string(interface), .string(name), .variant(value)])
    }

    public func power(adapter: String) throws {
        try setProperty(adapter, "org.bluez.Adapter1", "Powered", .bool(true))
    }

    /// Starts an inquiry for classic (BR/EDR) devices: the board is one.
    public func startDiscovery(adapter: String) throws {
        _ = try? bus.call(
            Self.service, adapter, "org.bluez.Adapter1", "SetDiscoveryFilter",
            [.dictionary([DBusEntry(.string("Transport"), .variant(.string("bredr")))])])
        try bus.call(Self.service, adapter, "org.bluez.Adapter1", "StartDiscovery")
    }

    public func stopDiscovery(adapter: String) {
        _ = try? bus.call(Self.service, adapter, "org.bluez.Adapter1", "StopDiscovery")
    }

    public func removeDevice(adapter: String, device: String) throws {
        try bus.call(Self.service, adapter, "org.bluez.Adapter1", "RemoveDevice", [.objectPath(device)])
    }

    /// Pairs; BlueZ answers the board's PIN request itself (no agent is asked).
    public func pair(device: String, timeoutSeconds: Double = 30) throws {
        try bus.call(Self.service, device, "org.bluez.Device1", "Pair", timeoutSeconds: timeoutSeconds)
    }

    public func trust(device: String) throws {
        try setProperty(device, "org.bluez.Device1", "Trusted", .bool(true))
    }

    public func connectProfile(device: String, uuid: String = hidProfile, timeoutSeconds: Double = 30) throws {
        try bus.call(
            Self.service, device, "org.bluez.Device1", "ConnectProfile", [.string(uuid)],
            timeoutSeconds: timeoutSeconds)
    }

    public func connect(device: String, timeoutSeconds: Double = 30) throws {
        try bus.call(Self.service, device, "org.bluez.Device1", "Connect", timeoutSeconds: timeoutSeconds)
    }

    public func disconnect(device: String) throws {
        try bus.call(Self.service, device, "org.bluez.Device1", "Disconnect")
    }
}
