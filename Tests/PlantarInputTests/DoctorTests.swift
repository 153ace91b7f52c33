import Foundation
import PlantarInput
import Testing

@Suite struct DoctorTests {
    /// A made-up machine: evdev and hid-wiimote loaded, the udev rule installed, a board battery at 15 %.
    @Test func aLowBoardBatteryAndTheInstalledRuleAreReported() throws {
        let root = TempDir()
        let fm = FileManager.default
        for dir in [
            "/proc/bus/input", "/sys/module/hid_wiimote", "/etc/udev/rules.d",
            "/sys/class/power_supply/wiimote_battery_00:11",
        ] {
            try fm.createDirectory(atPath: root.path + dir, withIntermediateDirectories: true)
        }
        _ = root.write("proc/bus/input/handlers", "N: Number=1 Name=evdev Minor=64\n")
        _ = root.write("etc/udev/rules.d/70-plantar.rules", "# rule\n")
        _ = root.write("sys/class/power_supply/wiimote_battery_00:11/capacity", "15\n")

        let checks = Doctor.checks(loadedProfiles: .success([.wiiBalanceBoard]), root: root.path)

        #expect(checks.first == DoctorCheck(.ok, "1 device profiles loaded"))
        #expect(checks.contains(DoctorCheck(.ok, "evdev (the kernel's input event interface)")))
        #expect(checks.contains(DoctorCheck(.ok, "hid-wiimote driver (the balance board's driver) loaded")))
        #expect(checks.contains(DoctorCheck(.ok, "udev rule /etc/udev/rules.d/70-plantar.rules")))
        #expect(
            checks.last
                == DoctorCheck(
                    .fix, "balance board battery 15% (wiimote_battery_00:11)",
                    fix: "replace the four AA batteries: readings drift when they run low"))
    }

    @Test func aBrokenProfileIsAFixWithItsError() {
        struct Broken: Error, CustomStringConvertible { var description: String { "p.toml:3: bad" } }
        let checks = Doctor.checks(loadedProfiles: .failure(Broken()), root: "/nonexistent")
        #expect(
            checks.first
                == DoctorCheck(.fix, "device profiles: p.toml:3: bad", fix: "correct or remove that profile file"))
        #expect(
            checks.contains(
                DoctorCheck(
                    .fix, "hid-wiimote driver (the balance board's driver) not loaded",
                    fix: "sudo modprobe hid-wiimote (not needed for a USB pad)")))
    }
}
