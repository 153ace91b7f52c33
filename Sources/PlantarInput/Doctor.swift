import Foundation

/// One line of `plantar doctor`: what was checked, and how to fix it when it fails.
public struct DoctorCheck: Sendable, Equatable {
    public enum Outcome: Sendable, Equatable {
        case ok, fix, note
    }

    public var outcome: Outcome
    public var what: String
    public var fix: String?

    public init(_ outcome: Outcome, _ what: String, fix: String? = nil) {
        self.outcome = outcome
        self.what = what
        self.fix = fix
    }
}

/// What a live session needs (drivers, a device, permissions, the udev rule, the battery), checked on this machine.
public enum Doctor {
    public static let ruleFile = "70-plantar.rules"
    public static let ruleDirectories = [
        "/etc/udev/rules.d", "/run/udev/rules.d", "/usr/lib/udev/rules.d", "/lib/udev/rules.d",
    ]

    /// Every check, in order. `loadedProfiles` is the result of loading the device profiles; `root` prefixes every
    /// path read (`/proc`, `/sys`, the udev rule directories), so that a test can give a made-up machine.
    /// `bluetooth`: the Bluetooth side's checks (from the layer that talks to BlueZ), placed after the devices'.
    public static func checks(
        loadedProfiles: Result<[DeviceProfile], Error>, bluetooth: [DoctorCheck] = [], root: String = ""
    ) -> [DoctorCheck] {
        var out: [DoctorCheck] = []
        func check(_ ok: Bool, _ what: String, fix: String? = nil) {
            out.append(DoctorCheck(ok ? .ok : .fix, what, fix: ok ? nil : fix))
        }
        func note(_ what: String) { out.append(DoctorCheck(.note, what)) }
        let fm = FileManager.default
        var profiles: [DeviceProfile] = [.wiiBalanceBoard]
        switch loadedProfiles {
        case .success(let loaded):
            profiles = loaded
            check(true, "\(profiles.count) device profiles loaded")
        case .failure(let error):
            check(false, "device profiles: \(error)", fix: "correct or remove that profile file")
        }

        let handlers = (try? String(contentsOfFile: root + "/proc/bus/input/handlers", encoding: .utf8)) ?? ""
        check(
            handlers.contains("evdev") || fm.fileExists(atPath: root + "/sys/module/evdev"),
            "evdev (the kernel's input event interface)", fix: "sudo modprobe evdev")
        let wiimote = fm.fileExists(atPath: root + "/sys/module/hid_wiimote")
        check(
            wiimote, "hid-wiimote driver (the balance board's driver) " + (wiimote ? "loaded" : "not loaded"),
            fix: "sudo modprobe hid-wiimote (not needed for a USB pad)")

        let nodes = DeviceDiscovery.evdevDevices(profiles: profiles)
        let matched = nodes.filter { $0.profile != nil }
        let usb = ((try? USBBus())?.devices(profiles: profiles) ?? []).filter { $0.profile != nil }
        check(
            !matched.isEmpty || !usb.isEmpty,
            matched.isEmpty && usb.isEmpty
                ? "no balance board or pad found (\(nodes.count) other input devices)"
                : "\(matched.count + usb.count) supported device(s) found",
            fix: "balance board: `plantar pair` (it asks you to press the red SYNC button under the battery cover), "
                + "then the front power button connects it; USB pad: plug it in; then `plantar devices` shows why "
                + "other devices do not match")
        for d in matched {
            check(
                d.readable,
                "\(d.path) \"\(d.name)\" (\(d.profile!.name)) " + (d.readable ? "readable" : "not readable"),
                fix: "install the udev rule (sudo make install) and reconnect the device")
        }
        for u in usb {
            check(
                u.accessible,
                "\(u.path) \"\(u.displayName)\" (\(u.profile!.name)) "
                    + (u.accessible ? "accessible through libusb" : "not accessible"),
                fix: "install the udev rule (sudo make install) and re-plug the pad")
        }

        out += bluetooth

        let installed = ruleDirectories.map { $0 + "/" + ruleFile }.first { fm.fileExists(atPath: root + $0) }
        check(
            installed != nil, "udev rule " + (installed ?? "\(ruleFile) not installed"),
            fix: "sudo make install (or copy udev/\(ruleFile) to /etc/udev/rules.d/), then "
                + "sudo udevadm control --reload && sudo udevadm trigger")

        let supplies = ((try? fm.contentsOfDirectory(atPath: root + "/sys/class/power_supply")) ?? []).filter {
            $0.lowercased().contains("wiimote")
        }
        let boardConnected = matched.contains { $0.profile?.name == DeviceProfile.wiiBalanceBoard.name }
        if supplies.isEmpty, boardConnected {
            check(
                false, "the balance board reports no battery in /sys/class/power_supply",
                fix: "reconnect the board (hid-wiimote adds its battery once it has read the board's status)")
        } else if supplies.isEmpty {
            note("battery: no balance board connected, so none reported in /sys/class/power_supply")
        }
        for s in supplies.sorted() {
            let text = try? String(contentsOfFile: root + "/sys/class/power_supply/\(s)/capacity", encoding: .utf8)
            let capacity = text.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if let capacity {
                check(
                    capacity >= 20, "balance board battery \(capacity)% (\(s))",
                    fix: "replace the four AA batteries: readings drift when they run low")
            } else {
                check(false, "balance board battery unreadable (\(s))", fix: "reconnect the board")
            }
        }
        return out
    }
}
