import ArgumentParser
import Foundation
import PlantarBluetooth
import PlantarInput

struct Doctor: ParsableCommand, VerboseCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract:
            "Check what a live session needs (drivers, device, permissions, udev rule, battery) and say how to fix it.")

    @OptionGroup var logging: LogOptions

    func run() throws {
        let profiles = Result { try loadProfiles() }
        // Bluetooth (the balance board): the same checks and advice as `plantar pair`.
        let bluetooth = BluetoothStatus.checks()
        for c in PlantarInput.Doctor.checks(loadedProfiles: profiles, bluetooth: bluetooth) {
            switch c.outcome {
            case .ok: print("ok    " + c.what)
            case .fix: print("FIX   " + c.what)
            case .note: print("      " + c.what)
            }
            if let fix = c.fix { print("      fix: " + fix) }
        }
    }
}
