import Foundation
import PlantarInput

/// Something on the Bluetooth side that stops the board from working, and what the person can do about it.
public struct BluetoothProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var fix: String
    /// A problem with how the command was called (several boards and no `--address`): exit 64, not 3.
    public var isUsage = false

    public init(_ message: String, fix: String, isUsage: Bool = false) {
        self.message = message
        self.fix = fix
        self.isUsage = isUsage
    }

    public var description: String { message + "\n  fix: " + fix }
}

/// Where the kernel's Bluetooth facts live in sysfs; tests point these elsewhere.
public enum BluetoothSystem {
    public static var rfkillDirectory: String {
        ProcessInfo.processInfo.environment["PLANTAR_SYSFS_RFKILL"] ?? "/sys/class/rfkill"
    }
    public static var moduleDirectory: String {
        ProcessInfo.processInfo.environment["PLANTAR_SYSFS_MODULE"] ?? "/sys/module"
    }

    /// Whether rfkill blocks Bluetooth: soft (software switch) and hard (a switch or key); nil when no Bluetooth
    /// rfkill switch exists.
    public static func rfkill() -> (soft: Bool, hard: Bool)? {
        let dir = rfkillDirectory
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        var found = false
        var soft = false
        var hard = false
        for e in entries.sorted() {
            func read(_ f: String) -> String {
                ((try? String(contentsOfFile: "\(dir)/\(e)/\(f)", encoding: .utf8)) ?? "")
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
            guard read("type") == "bluetooth" else { continue }
            found = true
            soft = soft || read("soft") == "1"
            hard = hard || read("hard") == "1"
        }
        return found ? (soft, hard) : nil
    }

    public static func moduleLoaded(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: moduleDirectory + "/" + name)
    }

    /// The rfkill problem, if Bluetooth is blocked.
    public static func rfkillProblem() -> BluetoothProblem? {
        guard let r = rfkill() else { return nil }
        if r.hard {
            return BluetoothProblem(
                "Bluetooth is switched off by a hardware switch (rfkill hard block)",
                fix: "turn on the wireless switch or press the laptop's wireless/Bluetooth key, then try again")
        }
        if r.soft {
            return BluetoothProblem(
                "Bluetooth is blocked by rfkill (soft block)", fix: "sudo rfkill unblock bluetooth, then try again")
        }
        return nil
    }
}

/// What a successful `pair` made: the bonded board and its input device.
public struct PairedBoard: Sendable {
    public var device: BluetoothDevice
    public var node: DiscoveredDevice
}

/// Pairing a Wii Balance Board through BlueZ, one step at a time, each step said in one line.
///
/// | step                | fails with                                                               |
/// |---------------------|--------------------------------------------------------------------------|
/// | system bus, BlueZ   | no system D-Bus; bluetoothd not running                                  |
/// | version             | BlueZ 5.73–5.79 (PIN "0000")                                             |
/// | adapter             | no adapter; rfkill; adapter off and cannot be powered                    |
/// | discovery           | no board found in the window; several boards and no `--address`          |
/// | pair                | PIN refused; board stopped answering                                     |
/// | trust, HID profile  | BlueZ's error                                                            |
/// | input device        | none appeared; only "Nintendo Wii Remote" (extension not detected)       |
public final class BoardPairing {
    public struct Options: Sendable {
        /// Seconds to look for the board after the prompt.
        public var timeout: Double = 30
        public var address: String?
        /// Seconds to wait for hid-wiimote's input device once the HID profile is connected.
        public var inputWait: Double = 10
        public var poll: Double = 0.2
        public init() {}
    }

    public static let boardInputName = "Nintendo Wii Remote Balance Board"
    public static let remoteInputName = "Nintendo Wii Remote"

    let say: (String) -> Void
    let interrupted: () -> Bool
    let profiles: [DeviceProfile]
    public private(set) var blueZ: BlueZ?

    public init(profiles: [DeviceProfile], say: @escaping (String) -> Void, interrupted: @escaping () -> Bool) {
        self.profiles = profiles
        self.say = say
        self.interrupted = interrupted
    }

    // MARK: Checks

    /// Connects to BlueZ and reads its state: bluetoothd must run.
    public func connect() throws -> (BlueZ, BlueZState) {
        let blueZ: BlueZ
        do {
            blueZ = try BlueZ()
        } catch let e as DBusError {
            throw BluetoothProblem(
                "bluetoothd cannot be reached: \(e.message)",
                fix: "start D-Bus and BlueZ: sudo systemctl start dbus bluetooth (Debian: sudo apt install bluez)")
        }
        do {
            let state = try blueZ.state()
            self.blueZ = blueZ
            return (blueZ, state)
        } catch let e as DBusError where e.isServiceUnknown {
            throw BluetoothProblem(
                "bluetoothd is not running",
                fix: "sudo systemctl enable --now bluetooth (Debian: sudo apt install bluez first)")
        } catch let e as DBusError {
            throw BluetoothProblem(
                "bluetoothd did not answer: \(e)", fix: "sudo systemctl restart bluetooth, then try again")
        }
    }

    /// The adapter to use, powered on (rfkill and missing adapters are problems).
    public func readyAdapter(_ blueZ: BlueZ, _ state: BlueZState) throws -> BluetoothAdapter {
        if let problem = BluetoothSystem.rfkillProblem() { throw problem }
        guard let adapter = state.adapters.first(where: \.powered) ?? state.adapters.first else {
            throw BluetoothProblem(
                "no Bluetooth adapter",
                fix: "plug in a Bluetooth adapter (any USB one works); if one is built in, see "
                    + "`sudo dmesg | grep -i bluetooth` for missing firmware")
        }
        if adapter.powered {
            say("adapter \(adapter.name) (\(adapter.address)): on")
            return adapter
        }
        do {
            try blueZ.power(adapter: adapter.path)
        } catch let e as DBusError {
            throw BluetoothProblem(
                "adapter \(adapter.name) is off and could not be switched on: \(e)",
                fix: e.name == "org.bluez.Error.Blocked"
                    ? "sudo rfkill unblock bluetooth, then try again"
                    : "switch it on (bluetoothctl power on) and check `sudo rfkill list`")
        }
        guard let now = try blueZ.state().adapters.first(where: { $0.path == adapter.path }), now.powered else {
            throw BluetoothProblem(
                "adapter \(adapter.name) is off and did not switch on",
                fix: "switch it on (bluetoothctl power on) and check `sudo rfkill list`")
        }
        say("adapter \(adapter.name) (\(adapter.address)): was off, switched on")
        return now
    }

    // MARK: Pair

    public func pair(_ options: Options) throws -> PairedBoard {
        let (blueZ, state) = try connect()
        let version = state.version
        say("bluetoothd: running" + (version.map { " (BlueZ \($0))" } ?? ""))
        if let version, version.breaksBalanceBoardPairing {
            throw BluetoothProblem(
                "BlueZ \(version) cannot pair a balance board: it answers the board's PIN request with \"0000\"",
                fix: "use BlueZ 5.80 or later (or 5.72 or earlier); Debian 12's 5.66 works")
        }
        let adapter = try readyAdapter(blueZ, state)
        let wanted = options.address?.uppercased()

        say("press the red SYNC button under the board's battery cover now (the blue light blinks)")
        try blueZ.startDiscovery(adapter: adapter.path)
        defer { blueZ.stopDiscovery(adapter: adapter.path) }
        let board = try discover(blueZ, adapter: adapter, wanted: wanted, timeout: options.timeout, poll: options.poll)
        say("found the board \(board.address)")

        var device = board
        if board.paired {
            // A bond the board no longer knows (it was paired elsewhere since, or SYNC was pressed): make it anew.
            say("removing the old bond with \(board.address), so that SYNC makes a new one")
            try? blueZ.removeDevice(adapter: adapter.path, device: board.path)
            device = try discover(
                blueZ, adapter: adapter, wanted: board.address, timeout: min(options.timeout, 10), poll: options.poll)
        }

        say("pairing (BlueZ supplies the board's PIN)")
        do {
            try blueZ.pair(device: device.path)
        } catch let e as DBusError where e.name == "org.bluez.Error.AlreadyExists" {
        } catch let e as DBusError {
            throw pairingProblem(e, version: version)
        }
        blueZ.stopDiscovery(adapter: adapter.path)
        do {
            try blueZ.trust(device: device.path)
        } catch let e as DBusError {
            throw BluetoothProblem(
                "paired, but BlueZ did not mark the board trusted: \(e)",
                fix: "press SYNC and run `plantar pair` again")
        }
        say("paired and trusted: the board will reconnect from its front power button")

        say("connecting the HID profile")
        do {
            try blueZ.connectProfile(device: device.path)
        } catch let e as DBusError where e.name == "org.bluez.Error.AlreadyConnected" {
        } catch let e as DBusError {
            throw BluetoothProblem(
                "paired, but the HID connection failed: \(e)",
                fix: "press SYNC and run `plantar pair` again at once (the board listens for about 20 s); "
                    + "if it still fails, check that /etc/bluetooth/input.conf does not disable HID")
        }
        let node = try waitForInput(blueZ, device: device, seconds: options.inputWait, poll: options.poll)
        let now = (try? blueZ.state())?.devices.first { $0.path == device.path } ?? device
        return PairedBoard(device: now, node: node)
    }

    private func discover(
        _ blueZ: BlueZ, adapter: BluetoothAdapter, wanted: String?, timeout: Double, poll: Double
    ) throws -> BluetoothDevice {
        let deadline = monotonicSeconds() + timeout
        var firstSeen: Double?
        while true {
            if interrupted() { throw BluetoothProblem("interrupted", fix: "run `plantar pair` again") }
            let seen = try blueZ.state().devices.filter {
                $0.adapter == adapter.path && $0.rssi != nil && ($0.isBalanceBoard || $0.address == wanted)
            }
            if let wanted {
                if let d = seen.first(where: { $0.address.uppercased() == wanted }) { return d }
            } else if !seen.isEmpty {
                // Several boards in SYNC at once: give the others a moment to show up, then ask which.
                let now = monotonicSeconds()
                if firstSeen == nil { firstSeen = now }
                if seen.count == 1, now - firstSeen! < 1 {
                    usleep(UInt32(poll * 1_000_000))
                    continue
                }
                if seen.count == 1 { return seen[0] }
                for d in seen { say("  board \(d.address)" + (d.paired ? " (paired before)" : "")) }
                throw BluetoothProblem(
                    "\(seen.count) balance boards are in pairing mode",
                    fix: "pick one: plantar pair --address \(seen[0].address)", isUsage: true)
            }
            if monotonicSeconds() >= deadline {
                throw BluetoothProblem(
                    wanted.map { "no board found with address \($0) in \(seconds(timeout)) s" }
                        ?? "no board found in \(seconds(timeout)) s",
                    fix: "put fresh batteries in, press the red SYNC button under the battery cover (not the front "
                        + "button) and run `plantar pair` again at once; keep the board within a few metres")
            }
            usleep(UInt32(poll * 1_000_000))
        }
    }

    private func pairingProblem(_ e: DBusError, version: BlueZVersion?) -> BluetoothProblem {
        let authentication = [
            "org.bluez.Error.AuthenticationFailed", "org.bluez.Error.AuthenticationRejected",
            "org.bluez.Error.AuthenticationCanceled", "org.bluez.Error.AuthenticationTimeout",
        ]
        if authentication.contains(e.name) {
            return BluetoothProblem(
                "the board refused the PIN (\(e.name.replacingOccurrences(of: "org.bluez.Error.", with: "")))",
                fix: "BlueZ must supply the PIN itself, which 5.73–5.79 do not"
                    + (version.map { " (this is \($0))" } ?? "")
                    + "; press SYNC and run `plantar pair` again, and if it fails again run "
                    + "`plantar pair --forget` first")
        }
        return BluetoothProblem(
            "pairing failed: \(e)",
            fix: "press SYNC and run `plantar pair` again at once (the board listens for about 20 s)")
    }

    /// Waits for hid-wiimote's input device for this board.
    func waitForInput(_ blueZ: BlueZ, device: BluetoothDevice, seconds: Double, poll: Double) throws
        -> DiscoveredDevice
    {
        say("waiting for the input device \"\(Self.boardInputName)\"")
        let deadline = monotonicSeconds() + seconds
        var remotes: [DiscoveredDevice] = []
        while true {
            let nodes = DeviceDiscovery.evdevDevices(profiles: profiles)
            if let node = nodes.first(where: { $0.name == Self.boardInputName }) {
                guard let profile = node.profile else {
                    throw BluetoothProblem(
                        "\(node.path) \"\(node.name)\" (\(node.identity)) fits no device profile: "
                            + node.reasons.joined(separator: "; "),
                        fix: "reinstall Plantar's profiles (wii-balance-board.toml)")
                }
                say("input device \(node.path) \"\(node.name)\": profile \(profile.name)")
                return node
            }
            remotes = nodes.filter { $0.name.hasPrefix(Self.remoteInputName) }
            if monotonicSeconds() >= deadline || interrupted() { break }
            usleep(UInt32(poll * 1_000_000))
        }
        if !remotes.isEmpty {
            throw BluetoothProblem(
                "the board connected, but hid-wiimote made only \"Nintendo Wii Remote\" devices ("
                    + remotes.map(\.path).joined(separator: ", ")
                    + "): it did not detect the balance board extension (a known driver failure)",
                fix: "turn the board off (front button), then press SYNC and run `plantar pair` again; "
                    + "if it repeats, reload the driver: sudo modprobe -r hid_wiimote && sudo modprobe hid_wiimote")
        }
        if let d = (try? blueZ.state())?.devices.first(where: { $0.path == device.path }), !d.connected {
            throw BluetoothProblem(
                "the board disconnected again before its input device appeared",
                fix: "press SYNC and run `plantar pair` again; check the batteries")
        }
        if !BluetoothSystem.moduleLoaded("hid_wiimote") {
            throw BluetoothProblem(
                "the board is connected but no input device appeared: the hid-wiimote driver is not loaded",
                fix: "sudo modprobe hid-wiimote, then run `plantar pair` again")
        }
        throw BluetoothProblem(
            "the board is connected but no input device appeared in \(PlantarBluetooth.seconds(seconds)) s",
            fix: "see `sudo dmesg | tail` (hidp and hid-wiimote must load); press SYNC and run `plantar pair` again")
    }

    // MARK: Forget

    /// Removes the bond with the board at `address`, or with every bonded board.
    public func forget(address: String?) throws -> [BluetoothDevice] {
        let (blueZ, state) = try connect()
        let wanted = address?.uppercased()
        let targets = state.devices.filter { d in
            wanted.map { d.address.uppercased() == $0 } ?? (d.isBalanceBoard && d.paired)
        }
        if let wanted, targets.isEmpty {
            throw BluetoothProblem(
                "BlueZ knows no device \(wanted)", fix: "`plantar doctor` lists the boards BlueZ knows")
        }
        for d in targets {
            do {
                try blueZ.removeDevice(adapter: d.adapter, device: d.path)
            } catch let e as DBusError {
                throw BluetoothProblem("could not remove \(d.address): \(e)", fix: "sudo systemctl restart bluetooth")
            }
            say("forgot the board \(d.address)")
        }
        return targets
    }
}

/// 30, 0.5: seconds as a person writes them.
func seconds(_ s: Double) -> String { String(format: "%g", s) }

func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
