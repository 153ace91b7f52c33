import ArgumentParser
import Foundation
import PlantarBluetooth
import PlantarInput
import PlantarSupport

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
            case .ok: Console.line("ok    " + c.what)
            case .fix: Console.line("FIX   " + c.what)
            case .note: Console.line("      " + c.what)
            }
            if let fix = c.fix { Console.line("      fix: " + fix) }
        }
    }
}
