import PlantarSignal
import Testing

@testable import PlantarInput

/// Which profile a recording is read with.
@Suite struct RecordingSourceTests {
    let board = DeviceDescription(
        name: "Nintendo Wii Remote Balance Board", bus: 0x0005, vendor: 0x057e, product: 0x0306)

    /// A replay of a board recording with only the shipped profiles about takes the built-in board profile without
    /// reading the profile files: right only while the shipped board profile is the built-in one.
    @Test func theShippedProfileForTheBoardIsTheBuiltInOne() throws {
        var shipped = try DeviceProfile.best(for: board, among: DeviceProfile.loadAll(userDirectories: [])).get()
        #expect(shipped.sourcePath.hasSuffix("/wii-balance-board.toml"))
        shipped.sourcePath = ""
        #expect(shipped == DeviceProfile.wiiBalanceBoard)
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
