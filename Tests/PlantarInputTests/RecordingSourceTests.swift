import Foundation
import PlantarSignal
import Testing

@testable import PlantarInput

/// Which profile a recording is read with.
@Suite struct RecordingSourceTests {
    let board = DeviceDescription(
        name: "Nintendo Wii Remote Balance Board", bus: 0x0005, vendor: 0x057e, product: 0x0306)

    /// The shipped profile files, where they are kept in the sources.
    static let profileDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/PlantarInput/Profiles")
        .path

    /// A replay with only the shipped profiles about chooses among the built-in ones without reading the profile
    /// files: right only while each shipped file has a built-in twin equal to it, and no built-in one is without a
    /// file.
    @Test func everyShippedProfileFileHasABuiltInTwinEqualToIt() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.profileDirectory)
            .filter { $0.hasSuffix(".toml") }.sorted()
        #expect(files.count >= 7)
        #expect(files == DeviceProfile.shipped.map(\.file))
        for (file, builtIn) in DeviceProfile.shipped {
            var parsed = try DeviceProfile.load(path: Self.profileDirectory + "/" + file)
            parsed.sourcePath = ""
            #expect(parsed == builtIn, "\(file)")
        }
        // In the order `loadAll` reads them, which decides between profiles that fit equally well.
        let loaded = try DeviceProfile.loadAll(userDirectories: []).map(\.name)
        #expect(loaded == DeviceProfile.shipped.map(\.profile.name))
    }

    /// The lengths and hashes that tell an unchanged shipped file are those of the files.
    @Test func theShippedFilesAreKnownByLengthAndHash() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.profileDirectory)
            .filter { $0.hasSuffix(".toml") }
        #expect(Set(files) == Set(DeviceProfile.shippedFiles.keys))
        for file in files {
            #expect(DeviceProfile.isShippedFile(file, at: Self.profileDirectory + "/" + file), "\(file)")
        }
    }

    /// The built-in profiles stand for the files only while the share directories hold the shipped files unchanged
    /// and no other directory holds a profile: an edited, added or longer file there is read as `run` reads it.
    @Test func onlyUnchangedShippedFilesLetTheBuiltInProfilesStandForThem() throws {
        let share = TempDir()
        let other = TempDir()
        func only() -> Bool {
            ProfileStore.onlyShippedProfiles(shareDirectories: [share.path], otherDirectories: [other.path])
        }
        let board = try String(contentsOfFile: Self.profileDirectory + "/wii-balance-board.toml", encoding: .utf8)
        for file in DeviceProfile.shippedFiles.keys {
            let text = try String(contentsOfFile: Self.profileDirectory + "/" + file, encoding: .utf8)
            _ = share.write(file, text)
        }
        #expect(only())
        #expect(ProfileStore.onlyShippedProfiles(shareDirectories: [share.path + "/none"], otherDirectories: []))
        _ = share.write("wii-balance-board.toml", board.replacingOccurrences(of: "0.01", with: "0.02"))
        #expect(!only())
        _ = share.write("wii-balance-board.toml", board + "# a comment\n")
        #expect(!only())
        _ = share.write("wii-balance-board.toml", String(board.dropLast()))
        #expect(!only())
        _ = share.write("wii-balance-board.toml", board)
        #expect(only())
        _ = share.write("my-pad.toml", board)
        #expect(!only())
        try FileManager.default.removeItem(atPath: share.path + "/my-pad.toml")
        _ = other.write("board.toml", board)
        #expect(!only())
    }

    /// Devices of every kind get the same profile (bound to the device), the same fallback or the same error from the
    /// built-in profiles as from the parsed files.
    @Test func theBuiltInProfilesChooseAsTheParsedFilesDo() throws {
        let parsed = try DeviceProfile.loadAll(userDirectories: [])
        let builtIn = DeviceProfile.shipped.map(\.profile)
        var devices = builtIn.map { p in
            var d = DeviceDescription(
                name: p.match.name ?? "Some pad", bus: p.match.bus ?? 0x0003, vendor: p.match.vendor ?? 0x1234,
                product: p.match.product ?? 0x5678)
            for s in p.sensors {
                d.enable(type: EventCode.evAbs, code: s.axis)
                d.absInfo[s.axis] = AbsInfo(minimum: -32768, maximum: 32767)
            }
            return d
        }
        var hats = DeviceDescription(name: "Some board", bus: 0x0005, vendor: 0x1111, product: 0x2222)
        for code in UInt16(0x10)...0x13 { hats.enable(type: EventCode.evAbs, code: code) }
        devices.append(hats)
        devices.append(DeviceDescription(name: "Plantar 16-cell Pressure Pad", bus: 0x0003, vendor: 0x1209, product: 1))
        devices.append(DeviceDescription(name: "Unknown", bus: 0x0003, vendor: 0x1209, product: 0x0002))
        var outcomes: [String] = []
        for d in devices {
            func choose(_ candidates: [DeviceProfile]) -> String {
                do {
                    var p = try RecordingSource.profile(for: d, among: candidates, path: "x.evemu")
                    p.sourcePath = ""
                    return "\(p)"
                } catch {
                    return "error: \(error)"
                }
            }
            let outcome = choose(builtIn)
            #expect(outcome == choose(parsed), "\(d.name)")
            outcomes.append(outcome)
        }
        // Each kind of outcome is covered: profiles, the recorded axes of the vendor pad, the board, errors.
        #expect(outcomes.filter { $0.hasPrefix("error: ") }.count == 2)
        #expect(outcomes.contains { $0.contains("USB vendor pressure pad") && $0.contains("evdevAxes") })
        #expect(outcomes.contains { $0.contains("Leonardo") && $0.contains("zero: -31233.0") })
        #expect(outcomes.contains { $0.contains("name: \"Wii Balance Board\"") })
        // A board recording takes the built-in board profile without the others: what they choose for it.
        #expect(try RecordingSource.profile(for: board, among: builtIn, path: "x.evemu") == .wiiBalanceBoard)
    }

    /// Profiles given by the caller are used as given, for a board recording too.
    @Test func aBoardRecordingIsReadWithTheProfilesGiven() throws {
        let dir = TempDir()
        let path = dir.write(
            "board.evemu",
            boardHeader + """
                E: 0.000000 0003 0010 1000
                E: 0.000000 0003 0011 2000
                E: 0.000000 0003 0012 3000
                E: 0.000000 0003 0013 4000
                E: 0.000000 0000 0000 0000

                """)
        var heavier = DeviceProfile.wiiBalanceBoard
        heavier.name = "Heavier board"
        for i in heavier.sensors.indices { heavier.sensors[i].kilogramsPerUnit = 0.02 }
        let given = try RecordingSource(path: path, profiles: [heavier])
        #expect(given.profile.name == "Heavier board")
        #expect(try given.nextFrame()?.loadsKilograms == [20, 40, 60, 80])
        let shipped = try RecordingSource(path: path, profiles: try DeviceProfile.loadAll(userDirectories: []))
        #expect(shipped.profile.name == "Wii Balance Board")
        #expect(try shipped.nextFrame()?.loadsKilograms == [10, 20, 30, 40])
    }
}
