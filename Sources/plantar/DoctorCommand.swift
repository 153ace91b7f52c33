import ArgumentParser
import Foundation
import PlantarBluetooth
import PlantarInput

struct Doctor: ParsableCommand, VerboseCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract:
            "Check what a live session needs (drivers, device, permissions, udev rule, battery) and say how to fix it.")

    static let ruleFile = "70-plantar.rules"
    static let ruleDirectories = [
        "/etc/udev/rules.d", "/run/udev/rules.d", "/usr/lib/udev/rules.d", "/lib/udev/rules.d",
    ]

    private func check(_ ok: Bool, _ what: String, fix: String? = nil) {
        print((ok ? "ok    " : "FIX   ") + what)
        if !ok, let fix { print("      fix: " + fix) }
    }

    private func note(_ what: String) { print("      " + what) }

    @OptionGroup var logging: LogOptions

    func run() throws {
        let fm = FileManager.default
        var profiles: [DeviceProfile] = [.wiiBalanceBoard]
        do {
            profiles = try loadProfiles()
            check(true, "\(profiles.count) device profiles loaded")
        } catch {
            check(false, "device profiles: \(error)", fix: "correct or remove that profile file")
        }

        let handlers = (try? String(contentsOfFile: "/proc/bus/input/handlers", encoding: .utf8)) ?? ""
        check(
            handlers.contains("evdev") || fm.fileExists(atPath: "/sys/module/evdev"),
            "evdev (the kernel's input event interface)", fix: "sudo modprobe evdev")
        let wiimote = fm.fileExists(atPath: "/sys/module/hid_wiimote")
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

        // Bluetooth (the balance board): the same checks and advice as `plantar pair`.
        for c in BluetoothStatus.checks() {
            switch c.level {
            case .ok: check(true, c.what)
            case .fix: check(false, c.what, fix: c.fix)
            case .note: note(c.what)
            }
        }

        let installed = Self.ruleDirectories.map { $0 + "/" + Self.ruleFile }.first { fm.fileExists(atPath: $0) }
        check(
            installed != nil, "udev rule " + (installed ?? "\(Self.ruleFile) not installed"),
            fix: "sudo make install (or copy udev/\(Self.ruleFile) to /etc/udev/rules.d/), then "
                + "sudo udevadm control --reload && sudo udevadm trigger")

        let supplies = ((try? fm.contentsOfDirectory(atPath: "/sys/class/power_supply")) ?? []).filter {
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
            let text = try? String(contentsOfFile: "/sys/class/power_supply/\(s)/capacity", encoding: .utf8)
            let capacity = text.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if let capacity {
                check(
                    capacity >= 20, "balance board battery \(capacity)% (\(s))",
                    fix: "replace the four AA batteries: readings drift when they run low")
            } else {
                check(false, "balance board battery unreadable (\(s))", fix: "reconnect the board")
            }
        }
    }
}
