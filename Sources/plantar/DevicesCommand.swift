import ArgumentParser
import Foundation
import PlantarInput
import PlantarSupport

struct Devices: ParsableCommand, VerboseCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "List input devices (evdev and USB), the profile that reads each, and whether you may read it.")

    @OptionGroup var logging: LogOptions

    func run() throws {
        let profiles = try loadProfiles()
        let nodes = DeviceDiscovery.evdevDevices(profiles: profiles)
        Console.line("evdev (\(DeviceDiscovery.sysClassInput)):")
        if nodes.isEmpty {
            Console.line("  no input devices; is the evdev module loaded? (sudo modprobe evdev)")
        }
        for d in nodes {
            Console.line("  \(d.path)  \"\(d.name)\"  \(d.identity)" + (d.driver.map { "  driver \($0)" } ?? ""))
            describe(profile: d.profile, reasons: d.reasons, readable: d.readable, path: d.path)
            if let axes = d.genericAxes {
                let names = axes.map { a in EventCode.absNames.first { $0.value == a }?.key ?? "ABS_\(a)" }
                Console.line(
                    "    usable as a generic four-corner pad (\(names.joined(separator: ", ")) as front-left, "
                        + "front-right, back-left, back-right): plantar run --device \(d.path); a profile file sets "
                        + "its real corners and scale (see docs/devices.md)")
            }
        }
        Console.line("usb:")
        let usb = (try? USBBus())?.devices(profiles: profiles) ?? []
        if usb.isEmpty { Console.line("  no USB devices besides hubs") }
        for u in usb {
            Console.line(
                "  \(u.path)  \"\(u.displayName)\"  \(u.identity)"
                    + (u.interfaceDriver.map { "  driver \($0)" } ?? ""))
            if u.profile == nil, let node = nodes.first(where: { $0.vendor == u.vendor && $0.product == u.product }) {
                Console.line("    read through evdev at \(node.path)")
                continue
            }
            describe(profile: u.profile, reasons: u.reasons, readable: u.accessible, path: u.path)
        }
        let usable = nodes.contains { $0.profile != nil } || usb.contains { $0.profile != nil }
        if !usable {
            Console.line("no supported device: pair the balance board (see `plantar doctor`) or plug in a pad")
        }
    }

    private func describe(profile: DeviceProfile?, reasons: [String], readable: Bool, path: String) {
        if let p = profile {
            let file = p.sourcePath.isEmpty ? "built in" : p.sourcePath
            Console.line("    profile: \(p.name) (\(file))")
            Console.line(
                readable
                    ? "    access: ok"
                    : "    access: denied; fix: install the udev rule (sudo make install), re-plug")
        } else {
            Console.line(
                "    no profile: " + (reasons.isEmpty ? "no profiles loaded" : reasons.joined(separator: "; ")))
        }
    }
}
