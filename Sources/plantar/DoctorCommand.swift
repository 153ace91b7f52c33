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
        let bluetooth = BluetoothStatus.checks().map { c -> DoctorCheck in
            switch c.level {
            case .ok: DoctorCheck(.ok, c.what)
            case .fix: DoctorCheck(.fix, c.what, fix: c.fix)
            case .note: DoctorCheck(.note, c.what)
            }
        }
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
