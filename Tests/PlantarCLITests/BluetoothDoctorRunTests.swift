import Foundation
import Testing

/// `plantar doctor`'s Bluetooth part and `plantar run`'s handling of a paired board, against the mock BlueZ.
@Suite(.serialized, .enabled(if: MockBlueZ.available, Comment(rawValue: MockBlueZ.missing)))
struct BluetoothDoctorRunTests {
    static let board = "00:1E:35:3B:7E:6D"

    /// doctor's lines from the Bluetooth part: from the bluetoothd line up to the udev rule.
    func bluetoothLines(_ out: String) -> [String] {
        let lines = out.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.contains("bluetoothd") || $0.contains("Bluetooth") }),
            let end = lines.firstIndex(where: { $0.contains("udev rule") })
        else { return [] }
        return Array(lines[start..<end])
    }

    @Test func doctorOnAMachineWithoutBluetoothSaysSoInOneCheck() throws {
        let r = try CLI.spawn(["doctor"], environment: ["DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent/bus"])
        #expect(
            bluetoothLines(r.stdout) == [
                "FIX   Bluetooth: no system D-Bus, so no BlueZ (only the balance board needs them)",
                "      fix: sudo apt install bluez && sudo systemctl enable --now bluetooth; a USB pad needs nothing",
            ])
    }

    @Test func doctorWithoutBluetoothd() throws {
        let bus = try MockBlueZ(nil)
        let r = try bus.plantar(["doctor"])
        #expect(
            bluetoothLines(r.stdout) == [
                "FIX   Bluetooth: bluetoothd is not running (only the balance board needs it)",
                "      fix: sudo systemctl enable --now bluetooth (Debian: sudo apt install bluez first)",
            ])
    }

    @Test func doctorWithNoBoardPairedAdvisesPair() throws {
        let bluez = try MockBlueZ([:])
        let r = try bluez.plantar(["doctor"])
        #expect(
            bluetoothLines(r.stdout) == [
                "ok    bluetoothd running (BlueZ 5.66)",
                "ok    adapter hci0 (00:01:02:03:04:05) on",
                "FIX   no balance board paired",
                "      fix: plantar pair (it asks you to press the red SYNC button under the battery cover)",
            ])
        #expect(r.stdout.contains("balance board: `plantar pair` (it asks you to press the red SYNC button"))
    }

    @Test func doctorReportsABondedBoardAndTheBrokenBlueZVersions() throws {
        let bluez = try MockBlueZ([
            "version": "5.77", "boards": [["address": Self.board, "paired": true, "trusted": true, "sync": false]],
        ])
        let r = try bluez.plantar(["doctor"])
        #expect(
            bluetoothLines(r.stdout) == [
                "FIX   bluetoothd running, BlueZ 5.77: it cannot pair a balance board (answers its PIN request with "
                    + "\"0000\")",
                "      fix: use BlueZ 5.80 or later (or 5.72 or earlier); a board paired before keeps working",
                "ok    adapter hci0 (00:01:02:03:04:05) on",
                "ok    balance board \(Self.board): bonded, trusted, not connected",
                "      press the board's front power button to connect it (`plantar run` waits for it)",
            ])
    }

    @Test func doctorFlagsABoardThatIsPairedButNotTrusted() throws {
        let bluez = try MockBlueZ(["boards": [["address": Self.board, "paired": true, "sync": false]]])
        let r = try bluez.plantar(["doctor"])
        #expect(r.stdout.contains("FIX   balance board \(Self.board): bonded, not trusted, not connected\n"))
    }

    @Test func runWithAPairedBoardThatIsOffAsksForItsPowerButtonAndWaits() throws {
        let bluez = try MockBlueZ([
            "boards": [["address": Self.board, "paired": true, "trusted": true, "sync": false]],
            "connect_error": "org.bluez.Error.Failed",
        ])
        let r = try bluez.plantar(
            ["run", "--no-save", "--reconnect-wait", "1"], environment: ["PLANTAR_ALLOW_ROOT": "1"])
        #expect(r.status == 3)
        #expect(
            r.stdout == "connecting the balance board \(Self.board) through BlueZ\n"
                + "press the power button on the board (waiting up to 1 s for it)\n")
        #expect(
            r.stderr.contains(
                "the balance board \(Self.board) did not connect in 1 s: press its front power button, or pair it "
                    + "again with `plantar pair`"))
    }

    @Test func runConnectsAPairedBoardThatIsOnButNotConnected() throws {
        let bluez = try MockBlueZ([
            "boards": [["address": Self.board, "paired": true, "trusted": true, "sync": false]]
        ])
        let r = try bluez.plantar(
            ["run", "--no-save", "--reconnect-wait", "2"], environment: ["PLANTAR_ALLOW_ROOT": "1"])
        #expect(
            r.stdout.hasPrefix(
                "connecting the balance board \(Self.board) through BlueZ\n"
                    + "the balance board \(Self.board) is connected\n"))
        #expect(
            bluez.calls.first
                == "ConnectProfile /org/bluez/hci0/dev_00_1E_35_3B_7E_6D 00001124-0000-1000-8000-00805f9b34fb "
                + "trusted=True")
    }
}
