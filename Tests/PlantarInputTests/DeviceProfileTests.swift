import Foundation
import PlantarSignal
import PlantarSupport
import Testing

@testable import PlantarInput

/// Profile files, matching with reasons, and a user directory that overrides the bundled profiles.
@Suite struct DeviceProfileTests {
    let bundled: [DeviceProfile]

    init() throws {
        bundled = try DeviceProfile.loadAll(userDirectories: [])
    }

    func device(_ name: String, bus: UInt16, vendor: UInt16, product: UInt16) -> DeviceDescription {
        DeviceDescription(name: name, bus: bus, vendor: vendor, product: product)
    }

    @Test func everyBundledProfileLoads() {
        let names = Set(bundled.map(\.name))
        #expect(names.isSuperset(of: ["Wii Balance Board", "USB 4-cell pressure pad", "USB vendor pressure pad"]))
        #expect(names.contains("Multi-touch pressure surface"))
    }

    @Test func balanceBoardMatchesTheBoardProfileWithItsFourCorners() throws {
        let board = device("Nintendo Wii Remote Balance Board", bus: 0x0005, vendor: 0x057e, product: 0x0306)
        let p = try DeviceProfile.best(for: board, among: bundled).get()
        #expect(p.name == "Wii Balance Board")
        #expect(p.sensors.map(\.axis) == [0x10, 0x11, 0x12, 0x13])
        // The file names the built-in geometry: the same layout as the profile built into the program.
        #expect(p.layout == SensorLayout.balanceBoard)
        #expect(p.sensors == DeviceProfile.wiiBalanceBoard.sensors)
        #expect(!p.layout.hasRegions)
        #expect(p.button == EventCode.btnA)
        #expect(p.sensors.allSatisfy { $0.kilogramsPerUnit == 0.01 })
    }

    @Test func usbPadMatchesTheFourCellProfile() throws {
        let pad = device("Plantar USB Pressure Pad", bus: 0x0003, vendor: 0x1209, product: 0x0002)
        let p = try DeviceProfile.best(for: pad, among: bundled).get()
        #expect(p.name == "USB 4-cell pressure pad")
        #expect(p.kind == .evdevAxes)
        #expect(p.sensors.map(\.axis) == [0x00, 0x01, 0x03, 0x04])
        #expect(p.sensors.map(\.name) == ["toe-left", "toe-right", "heel-left", "heel-right"])
        #expect(p.button == EventCode.keyNames["BTN_TRIGGER"])
    }

    @Test func unknownDeviceGetsOneReasonPerEvdevProfile() throws {
        let keyboard = device("AT Translated Set 2 keyboard", bus: 0x0011, vendor: 0x0001, product: 0x0001)
        guard case .failure(let mismatch) = DeviceProfile.best(for: keyboard, among: bundled) else {
            Issue.record("a keyboard matched a profile")
            return
        }
        let evdevProfiles = bundled.filter { $0.kind != .usbReport }
        #expect(mismatch.reasons.count == evdevProfiles.count)
        #expect(
            mismatch.reasons.contains(
                "Wii Balance Board: name is \"AT Translated Set 2 keyboard\", not \"Nintendo Wii Remote Balance Board\""
            ))
    }

    @Test func mismatchNamesTheFirstFieldThatDiffers() {
        let p = DeviceProfile.wiiBalanceBoard
        let name = "Nintendo Wii Remote Balance Board"
        #expect(p.mismatch(name: name, bus: 0x0003, vendor: 0x057e, product: 0x0306) == "bus is 0x0003, not 0x0005")
        #expect(
            p.mismatch(name: name, bus: 0x0005, vendor: 0x1234, product: 0x0306) == "vendor is 0x1234, not 0x057e")
        #expect(
            p.mismatch(name: name, bus: 0x0005, vendor: 0x057e, product: 0x0001) == "product is 0x0001, not 0x0306")
        #expect(p.mismatch(name: name, bus: 0x0005, vendor: 0x057e, product: 0x0306) == nil)
    }

    @Test func usbReportProfilesAreNeverPickedForEvdevNodes() {
        // The vendor pad's profile pins only vendor and product: an evdev node with those ids still does not use it.
        let node = device("Plantar Vendor Pressure Pad", bus: 0x0003, vendor: 0x1209, product: 0x0003)
        guard case .failure(let mismatch) = DeviceProfile.best(for: node, among: bundled) else {
            Issue.record("a usb-report profile was chosen for an evdev node")
            return
        }
        #expect(!mismatch.reasons.contains { $0.hasPrefix("USB vendor pressure pad") })
    }

    @Test func theMoreSpecificProfileWins() throws {
        let dir = ProfileTestDirectory()
        let loose = dir.write(
            "a-loose.toml",
            """
            name = "Any 1209 pad"
            [match]
            vendor = 0x1209
            [[sensor]]
            axis = "ABS_X"
            x = 0.0
            y = 0.0
            """)
        _ = loose
        let profiles = try DeviceProfile.loadAll(userDirectories: [dir.path])
        let pad = device("Plantar USB Pressure Pad", bus: 0x0003, vendor: 0x1209, product: 0x0002)
        #expect(try DeviceProfile.best(for: pad, among: profiles).get().name == "USB 4-cell pressure pad")
        let other = device("Some Other Pad", bus: 0x0003, vendor: 0x1209, product: 0x0777)
        #expect(try DeviceProfile.best(for: other, among: profiles).get().name == "Any 1209 pad")
    }

    @Test func aUserProfileOfTheSameNameOverridesTheBundledOne() throws {
        let dir = ProfileTestDirectory()
        _ = dir.write(
            "my-board.toml",
            """
            # My board reads 2 % heavy: a smaller scale.
            name = "Wii Balance Board"
            button = "BTN_A"
            [match]
            name = "Nintendo Wii Remote Balance Board"
            [[sensor]]
            name = "top-right"
            axis = "ABS_HAT0X"
            x = 216.5
            y = 119.0
            kg_per_unit = 0.0098
            """)
        let profiles = try DeviceProfile.loadAll(userDirectories: [dir.path])
        #expect(profiles.filter { $0.name == "Wii Balance Board" }.count == 1)
        let board = device("Nintendo Wii Remote Balance Board", bus: 0x0005, vendor: 0x057e, product: 0x0306)
        let p = try DeviceProfile.best(for: board, among: profiles).get()
        #expect(p.sourcePath == dir.path + "/my-board.toml")
        #expect(p.sensors.count == 1)
        #expect(p.sensors[0].kilogramsPerUnit == 0.0098)
        #expect(p.match.bus == nil)
    }

    @Test func aBrokenUserProfileNamesItsFileAndLine() {
        let dir = ProfileTestDirectory()
        let path = dir.write(
            "broken.toml",
            """
            name = "Broken"
            [match]
            name = "X"
            [[sensor]]
            axis = "ABS_NOPE"
            x = 0.0
            y = 0.0
            """)
        #expect(throws: PlantarError.self) { try DeviceProfile.loadAll(userDirectories: [dir.path]) }
        do {
            _ = try DeviceProfile.load(path: path)
        } catch let error as PlantarError {
            guard case .badInput(let p, let line, let message) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(p == path)
            #expect(line == 5)
            #expect(message.contains("axis"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aProfileNeedsAMatchAndSensors() {
        let dir = ProfileTestDirectory()
        let noMatch = dir.write("no-match.toml", "name = \"N\"\n[[sensor]]\naxis = \"ABS_X\"\nx = 0.0\ny = 0.0\n")
        #expect(
            throws: PlantarError.badInput(path: noMatch, line: 1, message: "[match] needs at least a name or a vendor")
        ) {
            try DeviceProfile.load(path: noMatch)
        }
        let noSensor = dir.write("no-sensor.toml", "name = \"N\"\n[match]\nvendor = 0x1209\n")
        #expect(
            throws: PlantarError.badInput(path: noSensor, line: 1, message: "a profile needs at least one [[sensor]]")
        ) {
            try DeviceProfile.load(path: noSensor)
        }
    }
}

/// Profile files are TOML 1.0 (TOMLKit): inline tables load, and every error names the file, the key path and the
/// line.
@Suite struct ProfileFileTests {
    @Test func aProfileWithInlineTablesLoads() throws {
        let dir = ProfileTestDirectory()
        let path = dir.write(
            "inline.toml",
            """
            name = "Inline pad"
            match = { vendor = 0x1209, product = 0x0002 }
            sensor = [
                { name = "left", axis = "ABS_X", x = -100.0, y = 0.0 },
                { name = "right", axis = "ABS_Y", x = 100, y = 0, kg_per_unit = 0.02 },
            ]
            """)
        let p = try DeviceProfile.load(path: path)
        #expect(p.match.vendor == 0x1209 && p.match.product == 0x0002)
        #expect(p.sensors.map(\.name) == ["left", "right"])
        #expect(p.sensors.map(\.axis) == [0x00, 0x01])
        #expect(p.sensors.map(\.kilogramsPerUnit) == [0.01, 0.02])
    }

    @Test func aWrongSensorNamesItsKeyPathAndLine() {
        let dir = ProfileTestDirectory()
        let text = """
            name = "Pad"
            [match]
            vendor = 0x1209
            [[sensor]]
            axis = "ABS_X"
            x = 0.0
            y = 0.0
            [[sensor]]
            axis = "ABS_Y"
            x = 0.0
            y = 0.0
            width = 3
            kg_per_unit = "heavy"
            """
        let path = dir.write("wrong.toml", text)
        #expect(
            throws: PlantarError.badInput(
                path: path, line: 13, message: "'sensor[1].kg_per_unit' must be a number, not a string")
        ) { try DeviceProfile.load(path: path) }
        let unknown = dir.write("unknown.toml", "name = \"Pad\"\n[match]\nvendor = 0x1209\nmodel = 3\n")
        let error = #expect(throws: PlantarError.self) { try DeviceProfile.load(path: unknown) }
        #expect(
            error?.description
                == "\(unknown):4: unknown key 'model' at match.model (expected one of: bus, name, product, vendor)")
    }

    @Test func invalidTOMLNumbersAreRefusedWithTheirLine() {
        let dir = ProfileTestDirectory()
        for (bad, what) in [("007", "leading zeroes"), ("1__0", "underscores")] {
            let path = dir.write("n.toml", "name = \"Pad\"\n[match]\nvendor = \(bad)\n")
            let error = #expect(throws: PlantarError.self) { try DeviceProfile.load(path: path) }
            #expect(error?.description.hasPrefix("\(path):3: ") == true, "\(String(describing: error))")
            #expect(error?.description.contains(what) == true, "\(String(describing: error))")
        }
    }
}

/// A temporary directory of profile files, removed when the test ends.
final class ProfileTestDirectory {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "plantar-profiles-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ text: String) -> String {
        let p = path + "/" + name
        _ = FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }
}

/// An installed Plantar's files: the Debian package's /usr/share/plantar and make install's /usr/local/share/plantar.
@Suite struct InstalledFilesTests {
    @Test func theInstalledProfilesAreLookedForUnderBothShareDirectories() {
        let dirs = ProfileStore.userDirectories()
        #expect(Array(dirs.prefix(2)) == ["/usr/share/plantar/profiles", "/usr/local/share/plantar/profiles"])
        #expect(dirs.contains("/etc/plantar/profiles"))
        #expect(InstalledFiles.shareDirectories.prefix(2) == ["/usr/share/plantar", "/usr/local/share/plantar"])
    }
}
