import Foundation
import Testing

/// `plantar pair` against a mock BlueZ on a private bus: the D-Bus conversation, and each fault's message and fix.
@Suite(.serialized, .enabled(if: MockBlueZ.available, Comment(rawValue: MockBlueZ.missing)))
struct PairTests {
    static let board = "00:1E:35:3B:7E:6D"
    static let other = "00:1E:35:11:22:33"
    static let boardPath = "/org/bluez/hci0/dev_00_1E_35_3B_7E_6D"

    @Test func aBoardInSyncModeIsPairedTrustedAndConnectedAndItsInputDeviceMatchesTheBoardProfile() throws {
        let bluez = try MockBlueZ(["boards": [["address": Self.board]]])
        let r = try bluez.plantar(["pair", "--timeout", "5"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.split(separator: "\n").map(String.init) == [
                "bluetoothd: running (BlueZ 5.66)",
                "adapter hci0 (00:01:02:03:04:05): on",
                "press the red SYNC button under the board's battery cover now (the blue light blinks)",
                "found the board \(Self.board)",
                "pairing (BlueZ supplies the board's PIN)",
                "paired and trusted: the board will reconnect from its front power button",
                "connecting the HID profile",
                "waiting for the input device \"Nintendo Wii Remote Balance Board\"",
                "input device /dev/input/event20 \"Nintendo Wii Remote Balance Board\": profile Wii Balance Board",
                "paired: the board \(Self.board) is /dev/input/event20; `plantar run` starts a session, and from now "
                    + "on the board's front power button connects it",
            ])
        #expect(
            bluez.calls == [
                "StartDiscovery /org/bluez/hci0", "Pair \(Self.boardPath)",
                "ConnectProfile \(Self.boardPath) 00001124-0000-1000-8000-00805f9b34fb trusted=True",
            ])
    }

    @Test func noBluetoothdSaysSoWithTheFix() throws {
        let bus = try MockBlueZ(nil)
        let r = try bus.plantar(["pair", "--timeout", "1"])
        #expect(r.status == 3)
        #expect(
            r.stderr == "plantar: bluetoothd is not running\n"
                + "  fix: sudo systemctl enable --now bluetooth (Debian: sudo apt install bluez first)\n")
    }

    @Test func noSystemBusAtAllIsABluetoothProblem() throws {
        let r = try CLI.spawn(
            ["pair", "--timeout", "1"], environment: ["DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent/bus"])
        #expect(r.status == 3)
        #expect(r.stderr.hasPrefix("plantar: bluetoothd cannot be reached: cannot connect to the system D-Bus"))
        #expect(r.stderr.contains("  fix: start D-Bus and BlueZ: sudo systemctl start dbus bluetooth"))
    }

    @Test func noAdapter() throws {
        let bluez = try MockBlueZ(["adapters": [] as [Any]])
        let r = try bluez.plantar(["pair", "--timeout", "1"])
        #expect(r.status == 3)
        #expect(r.stderr.hasPrefix("plantar: no Bluetooth adapter\n  fix: plug in a Bluetooth adapter"))
    }

    @Test func anAdapterThatIsOffIsSwitchedOn() throws {
        let bluez = try MockBlueZ([
            "adapters": [["name": "hci0", "powered": false]], "boards": [["address": Self.board]],
        ])
        let r = try bluez.plantar(["pair", "--timeout", "5"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("adapter hci0 (00:01:02:03:04:05): was off, switched on\n"))
    }

    @Test func anAdapterThatCannotBeSwitchedOn() throws {
        let bluez = try MockBlueZ([
            "adapters": [["name": "hci0", "powered": false, "power_error": "org.bluez.Error.Failed"]],
            "boards": [["address": Self.board]],
        ])
        let r = try bluez.plantar(["pair", "--timeout", "1"])
        #expect(r.status == 3)
        #expect(
            r.stderr == "plantar: adapter hci0 is off and could not be switched on: Blocked through rfkill "
                + "(org.bluez.Error.Failed)\n  fix: switch it on (bluetoothctl power on) and check `sudo rfkill list`\n"
        )
        #expect(!bluez.calls.contains { $0.hasPrefix("StartDiscovery") })
    }

    @Test func rfkillSoftAndHardBlocksEachHaveTheirFix() throws {
        let bluez = try MockBlueZ(["boards": [["address": Self.board]]])
        let soft = try bluez.plantar(
            ["pair", "--timeout", "1"], environment: ["PLANTAR_SYSFS_RFKILL": try bluez.rfkill(soft: true, hard: false)]
        )
        #expect(soft.status == 3)
        #expect(
            soft.stderr == "plantar: Bluetooth is blocked by rfkill (soft block)\n"
                + "  fix: sudo rfkill unblock bluetooth, then try again\n")
        let hard = try bluez.plantar(
            ["pair", "--timeout", "1"], environment: ["PLANTAR_SYSFS_RFKILL": try bluez.rfkill(soft: false, hard: true)]
        )
        #expect(hard.status == 3)
        #expect(hard.stderr.hasPrefix("plantar: Bluetooth is switched off by a hardware switch (rfkill hard block)"))
        #expect(bluez.calls.isEmpty)
    }

    @Test func blueZ573To579IsRefusedBeforeAnythingIsTried() throws {
        let bluez = try MockBlueZ(["version": "5.75", "boards": [["address": Self.board]]])
        let r = try bluez.plantar(["pair", "--timeout", "1"])
        #expect(r.status == 3)
        #expect(
            r.stderr == "plantar: BlueZ 5.75 cannot pair a balance board: it answers the board's PIN request with "
                + "\"0000\"\n  fix: use BlueZ 5.80 or later (or 5.72 or earlier); Debian 12's 5.66 works\n")
        #expect(bluez.calls.isEmpty)
        let fixed = try MockBlueZ(["version": "5.80", "boards": [["address": Self.board]]])
        #expect(try fixed.plantar(["pair", "--timeout", "5"]).status == 0)
    }

    @Test func noBoardInTheWindowSaysNoBoardFound() throws {
        let bluez = try MockBlueZ(["boards": [] as [Any]])
        let r = try bluez.plantar(["pair", "--timeout", "1"])
        #expect(r.status == 3)
        #expect(r.stderr.hasPrefix("plantar: no board found in 1 s\n  fix: put fresh batteries in, press the red SYNC"))
    }

    @Test func aKnownBoardThatIsNotInSyncModeIsNotFound() throws {
        let bluez = try MockBlueZ(["boards": [["address": Self.board, "sync": false]]])
        let r = try bluez.plantar(["pair", "--timeout", "1"])
        #expect(r.status == 3)
        #expect(r.stderr.hasPrefix("plantar: no board found in 1 s"))
    }

    @Test func aRefusedPinSaysSoAndNothingIsConnected() throws {
        let bluez = try MockBlueZ([
            "boards": [["address": Self.board]], "pair_error": "org.bluez.Error.AuthenticationFailed",
        ])
        let r = try bluez.plantar(["pair", "--timeout", "5"])
        #expect(r.status == 3)
        #expect(
            r.stderr == "plantar: the board refused the PIN (AuthenticationFailed)\n"
                + "  fix: BlueZ must supply the PIN itself, which 5.73–5.79 do not (this is 5.66); press SYNC and run "
                + "`plantar pair` again, and if it fails again run `plantar pair --forget` first\n")
        #expect(!bluez.calls.contains { $0.hasPrefix("ConnectProfile") })
    }

    @Test func aFailedHIDConnectionIsReported() throws {
        let bluez = try MockBlueZ([
            "boards": [["address": Self.board]], "connect_error": "org.bluez.Error.Failed",
        ])
        let r = try bluez.plantar(["pair", "--timeout", "5"])
        #expect(r.status == 3)
        #expect(
            r.stderr.hasPrefix("plantar: paired, but the HID connection failed: Page Timeout (org.bluez.Error.Failed)"))
    }

    @Test func noInputDeviceWithoutHidWiimoteNamesTheDriver() throws {
        let bluez = try MockBlueZ(["boards": [["address": Self.board]], "input": "none"])
        let r = try bluez.plantar(
            ["pair", "--timeout", "5", "--input-wait", "0.5"],
            environment: ["PLANTAR_SYSFS_MODULE": try bluez.modules([])])
        #expect(r.status == 3)
        #expect(
            r.stderr == "plantar: the board is connected but no input device appeared: the hid-wiimote driver is not "
                + "loaded\n  fix: sudo modprobe hid-wiimote, then run `plantar pair` again\n")
        let loaded = try bluez.plantar(
            ["pair", "--timeout", "5", "--input-wait", "0.5", "--address", Self.board],
            environment: ["PLANTAR_SYSFS_MODULE": try bluez.modules(["hid_wiimote"])])
        #expect(loaded.status == 3)
        #expect(loaded.stderr.hasPrefix("plantar: the board is connected but no input device appeared in 0.5 s"))
    }

    @Test func onlyWiiRemoteDevicesIsTheKnownExtensionDetectionFailure() throws {
        let bluez = try MockBlueZ(["boards": [["address": Self.board]], "input": "remote"])
        let r = try bluez.plantar(["pair", "--timeout", "5", "--input-wait", "0.5"])
        #expect(r.status == 3)
        #expect(
            r.stderr.hasPrefix(
                "plantar: the board connected, but hid-wiimote made only \"Nintendo Wii Remote\" devices "
                    + "(/dev/input/event20, /dev/input/event21, /dev/input/event22): it did not detect the balance "
                    + "board extension (a known driver failure)\n"))
    }

    @Test func severalBoardsAreListedAndAddressPicksOne() throws {
        let bluez = try MockBlueZ(["boards": [["address": Self.board], ["address": Self.other]]])
        let r = try bluez.plantar(["pair", "--timeout", "5"])
        #expect(r.status == 64)
        #expect(r.stdout.contains("  board \(Self.other)\n  board \(Self.board)\n"))
        #expect(r.stderr.contains("2 balance boards are in pairing mode\n  fix: pick one: plantar pair --address "))
        let picked = try bluez.plantar(["pair", "--timeout", "5", "--address", Self.other.lowercased()])
        #expect(picked.status == 0, "\(picked.stderr)")
        #expect(picked.stdout.contains("found the board \(Self.other)\n"))
    }

    @Test func aBoardPairedBeforeGetsANewBond() throws {
        let bluez = try MockBlueZ(["boards": [["address": Self.board, "paired": true, "trusted": true]]])
        let r = try bluez.plantar(["pair", "--timeout", "5"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("removing the old bond with \(Self.board), so that SYNC makes a new one\n"))
        #expect(
            bluez.calls.prefix(3) == [
                "StartDiscovery /org/bluez/hci0", "RemoveDevice \(Self.boardPath)", "Pair \(Self.boardPath)",
            ])
    }

    @Test func forgetRemovesTheBond() throws {
        let bluez = try MockBlueZ(["boards": [["address": Self.board, "paired": true, "sync": false]]])
        let r = try bluez.plantar(["pair", "--forget"])
        #expect(r.status == 0)
        #expect(r.stdout == "forgot the board \(Self.board)\n")
        #expect(bluez.calls == ["RemoveDevice \(Self.boardPath)"])
        let again = try bluez.plantar(["pair", "--forget"])
        #expect(again.stdout == "no balance board is paired: nothing to forget\n")
        let unknown = try bluez.plantar(["pair", "--forget", "--address", Self.other])
        #expect(unknown.status == 3)
    }

    @Test func badArgumentsAreUsageErrors() throws {
        #expect(try CLI.spawn(["pair", "--timeout", "0"]).status == 64)
        #expect(try CLI.spawn(["pair", "--address", "00:1E:35"]).status == 64)
    }
}
