import Foundation
import PlantarInput

/// The Bluetooth side as `plantar doctor` reports it, with the same advice `plantar pair` gives: bluetoothd, rfkill,
/// adapter, BlueZ version, and each balance board BlueZ knows (bonded, trusted, connected, battery). Without Bluetooth
/// at all it is one line: a USB pad needs none.
public enum BluetoothStatus {
    public static func checks() -> [DoctorCheck] {
        let blueZ: BlueZ
        do {
            blueZ = try BlueZ()
        } catch {
            return [
                DoctorCheck(
                    .fix, "Bluetooth: no system D-Bus, so no BlueZ (only the balance board needs them)",
                    fix: "sudo apt install bluez && sudo systemctl enable --now bluetooth; a USB pad needs nothing")
            ]
        }
        let state: BlueZState
        do {
            state = try blueZ.state()
        } catch let e as DBusError where e.isServiceUnknown {
            return [
                DoctorCheck(
                    .fix, "Bluetooth: bluetoothd is not running (only the balance board needs it)",
                    fix: "sudo systemctl enable --now bluetooth (Debian: sudo apt install bluez first)")
            ]
        } catch {
            return [
                DoctorCheck(
                    .fix, "Bluetooth: bluetoothd did not answer: \(error)", fix: "sudo systemctl restart bluetooth")
            ]
        }
        var out: [DoctorCheck] = []
        let version = state.version
        if let version, version.breaksBalanceBoardPairing {
            out.append(
                DoctorCheck(
                    .fix,
                    "bluetoothd running, BlueZ \(version): it cannot pair a balance board (answers its PIN "
                        + "request with \"0000\")",
                    fix: "use BlueZ 5.80 or later (or 5.72 or earlier); a board paired before keeps working"))
        } else {
            out.append(DoctorCheck(.ok, "bluetoothd running" + (version.map { " (BlueZ \($0))" } ?? "")))
        }
        if let problem = BluetoothSystem.rfkillProblem() {
            out.append(DoctorCheck(.fix, problem.message, fix: problem.fix))
        }
        guard !state.adapters.isEmpty else {
            out.append(
                DoctorCheck(
                    .fix, "no Bluetooth adapter",
                    fix: "plug in a Bluetooth adapter (any USB one works); a built-in one may miss its firmware "
                        + "(sudo dmesg | grep -i bluetooth)"))
            return out
        }
        for a in state.adapters {
            out.append(
                a.powered
                    ? DoctorCheck(.ok, "adapter \(a.name) (\(a.address)) on")
                    : DoctorCheck(
                        .fix, "adapter \(a.name) (\(a.address)) off",
                        fix: "`plantar pair` switches it on (or: bluetoothctl power on)"))
        }
        let boards = state.boards.filter { $0.paired || $0.bonded || $0.connected }
        if boards.isEmpty {
            out.append(
                DoctorCheck(
                    .fix, "no balance board paired",
                    fix: "plantar pair (it asks you to press the red SYNC button under the battery cover)"))
        }
        for b in boards {
            var facts = [b.bonded ? "bonded" : "not bonded", b.trusted ? "trusted" : "not trusted"]
            facts.append(b.connected ? "connected" : "not connected")
            if let p = b.batteryPercentage { facts.append("battery \(p)%") }
            let what = "balance board \(b.address): " + facts.joined(separator: ", ")
            if !b.bonded || !b.trusted {
                out.append(
                    DoctorCheck(
                        .fix, what,
                        fix: "plantar pair (press SYNC when asked): only a trusted bond lets the front power button "
                            + "reconnect the board"))
            } else {
                out.append(DoctorCheck(.ok, what))
                if !b.connected {
                    out.append(
                        DoctorCheck(
                            .note, "press the board's front power button to connect it (`plantar run` waits for it)"))
                }
            }
        }
        return out
    }
}
