import Foundation
import PlantarSignal
import PlantarSupport
import Testing

@testable import PlantarInput

/// Region devices: profiles name the regions of the feet (toes, forefoot, heel, left, right), built-in layouts hold
/// the geometry once, and frames of a pad or a multi-touch surface carry their region loads.
@Suite struct RegionProfileTests {
    let bundled: [DeviceProfile]

    init() throws {
        bundled = try DeviceProfile.loadAll(userDirectories: [])
    }

    func profile(_ name: String) throws -> DeviceProfile {
        try #require(bundled.first { $0.name == name })
    }

    @Test func theSixteenCellPadProfileIsTheBuiltInPadLayoutWithItsRegions() throws {
        let p = try profile("USB 16-cell pressure pad")
        #expect(p.layout == SensorLayout.pad16)
        #expect(p.layout.positions[0] == Point(x: -180, y: 135))
        #expect(p.layout.positions[15] == Point(x: 180, y: -135))
        // Row 1 is the toes, row 2 the forefoot, row 4 the heel; columns 1-2 the left foot.
        #expect(p.layout.masks[Region.toes.rawValue] == 0x000f)
        #expect(p.layout.masks[Region.forefoot.rawValue] == 0x00f0)
        #expect(p.layout.masks[Region.heel.rawValue] == 0xf000)
        #expect(p.layout.masks[Region.left.rawValue] == 0x3333)
        #expect(p.layout.masks[Region.right.rawValue] == 0xcccc)
    }

    @Test func boardsAndFourCellPadsNameNoRegions() throws {
        for name in [
            "Wii Balance Board", "BalanceBoardLSL USB board (Leonardo id)", "BalanceBoardLSL USB board (Pro Micro)",
            "USB 4-cell pressure pad", "USB vendor pressure pad",
        ] {
            #expect(try !profile(name).layout.hasRegions, "\(name)")
        }
        // The USB boards name their corners in their own axis order; the geometry is the board's.
        let lsl = try profile("BalanceBoardLSL USB board (Pro Micro)")
        #expect(lsl.layout == SensorLayout.balanceBoard)
    }

    @Test func theMultitouchProfileNamesAllFiveRegionsAsAreas() throws {
        let p = try profile("Multi-touch pressure surface")
        #expect(p.layout.regions[.toes] == RegionArea(yMin: 70))
        #expect(p.layout.regions[.forefoot] == RegionArea(yMin: 10, yMax: 70))
        #expect(p.layout.regions[.heel] == RegionArea(yMax: -60))
        #expect(p.layout.regions[.left] == RegionArea(xMax: 0))
        #expect(p.layout.regions[.right] == RegionArea(xMin: 0))
    }

    @Test func aProfileThatNamesALayoutTakesPositionsByName() throws {
        let dir = ProfileTestDirectory()
        // Listed in another order than the layout's: each sensor's position follows its name.
        let path = dir.write(
            "swapped.toml",
            """
            name = "Swapped board"
            layout = "wii-balance-board"
            [match]
            vendor = 0x1234
            [[sensor]]
            name = "bottom-left"
            axis = "ABS_X"
            [[sensor]]
            name = "top-left"
            axis = "ABS_Y"
            [[sensor]]
            name = "bottom-right"
            axis = "ABS_Z"
            [[sensor]]
            name = "top-right"
            axis = "ABS_RX"
            """)
        let p = try DeviceProfile.load(path: path)
        #expect(p.layout.names == ["bottom-left", "top-left", "bottom-right", "top-right"])
        #expect(
            p.layout.positions == [
                Point(x: -216.5, y: -119), Point(x: -216.5, y: 119), Point(x: 216.5, y: -119), Point(x: 216.5, y: 119),
            ])
    }

    @Test func layoutAndRegionMistakesNameTheirLine() {
        let dir = ProfileTestDirectory()
        let head = "name = \"Pad\"\nlayout = \"16-cell-pad\"\n[match]\nvendor = 0x1209\n"
        let unknown = dir.write("unknown.toml", "name = \"Pad\"\nlayout = \"mat\"\n[match]\nvendor = 0x1209\n")
        #expect(
            throws: PlantarError.badInput(
                path: unknown, line: 2, message: "'layout' is not a built-in layout (16-cell-pad, wii-balance-board)")
        ) { try DeviceProfile.load(path: unknown) }
        let xy = dir.write("xy.toml", head + "[[sensor]]\nname = \"row1-col1\"\naxis = \"ABS_X\"\nx = 1.0\ny = 2.0\n")
        #expect(
            throws: PlantarError.badInput(
                path: xy, line: 5, message: "sensor[0] takes its position from the layout: leave out x and y")
        ) { try DeviceProfile.load(path: xy) }
        let stranger = dir.write("stranger.toml", head + "[[sensor]]\nname = \"row9-col1\"\naxis = \"ABS_X\"\n")
        let e1 = #expect(throws: PlantarError.self) { try DeviceProfile.load(path: stranger) }
        #expect(e1?.description.hasPrefix("\(stranger):6: 'sensor[0].name' is not a sensor of the layout") == true)
        let few = dir.write("few.toml", head + "[[sensor]]\nname = \"row1-col1\"\naxis = \"ABS_X\"\n")
        #expect(
            throws: PlantarError.badInput(
                path: few, line: 1, message: "names 1 of the layout's 16 sensors: list each once")
        ) { try DeviceProfile.load(path: few) }
        let empty = dir.write(
            "empty.toml",
            "name = \"Mat\"\nkind = \"evdev-multitouch\"\n[match]\nname = \"M\"\n[regions]\ntoes = { y_min = 9.0, y_max = 9.0 }\n"
        )
        #expect(
            throws: PlantarError.badInput(
                path: empty, line: 6, message: "'regions.toes' is empty: each minimum must be below its maximum")
        ) { try DeviceProfile.load(path: empty) }
        let strange = dir.write(
            "strange.toml", "name = \"Mat\"\nkind = \"evdev-multitouch\"\n[match]\nname = \"M\"\n[regions]\narch = {}\n"
        )
        let e2 = #expect(throws: PlantarError.self) { try DeviceProfile.load(path: strange) }
        #expect(e2?.description.hasPrefix("\(strange):6: unknown key 'arch' at regions.arch") == true)
    }

    @Test func aPadFrameCarriesItsRegionLoads() throws {
        var a = FrameAssembler(profile: try profile("USB 16-cell pressure pad"))
        var stage = a.signalStage()
        var samples: [Sample] = []
        // 2 kg on each toe cell (row 1: ABS_X, ABS_Y, ABS_Z, ABS_RX), 5 kg on each heel cell (row 4: ABS_HAT0Y,
        // ABS_HAT1X, ABS_HAT1Y, ABS_HAT2X), 1 kg on the arch cell of column 1 (row 3: ABS_WHEEL).
        let cells: [(UInt16, Int32)] = [
            (0x00, 2000), (0x01, 2000), (0x02, 2000), (0x03, 2000), (0x11, 5000), (0x12, 5000), (0x13, 5000),
            (0x14, 5000), (0x08, 1000),
        ]
        for (code, value) in cells {
            a.handle(InputEvent(timeMicros: 0, type: EventCode.evAbs, code: code, value: value)) { _ in }
        }
        a.handle(InputEvent(timeMicros: 0, type: EventCode.evSyn, code: EventCode.synReport, value: 0)) { f in
            samples.append(stage.sample(of: f))
        }
        let s = try #require(samples.first)
        #expect(s.rawLoadKilograms == 29)
        #expect(s.regions.present == 0b11111)
        #expect(s.regions.toes == 8)
        #expect(s.regions.forefoot == 0)
        #expect(s.regions.heel == 20)
        // Columns 1-2: two toe cells, two heel cells and the arch cell.
        #expect(s.regions.left == 2 + 2 + 5 + 5 + 1)
        #expect(s.regions.right == 2 + 2 + 5 + 5)
    }

    @Test func multitouchContactsCountInTheRegionTheyTouch() throws {
        var p = try profile("Multi-touch pressure surface")
        p.pressureKilogramsPerUnit = 0.1
        var device = DeviceDescription(name: "Plantar Pressure Mat", bus: 3, vendor: 1, product: 1)
        // Centre at (200, 200), 1 unit = 1 mm; screen y grows towards the heel.
        device.absInfo[EventCode.absMTPositionX] = AbsInfo(minimum: 0, maximum: 400, resolution: 1)
        device.absInfo[EventCode.absMTPositionY] = AbsInfo(minimum: 0, maximum: 400, resolution: 1)
        var a = FrameAssembler(profile: p, device: device)
        var stage = a.signalStage()
        var samples: [Sample] = []
        func send(_ events: [(UInt16, UInt16, Int32)], at micros: Int64) {
            for e in events {
                a.handle(InputEvent(timeMicros: micros, type: e.0, code: e.1, value: e.2)) { f in
                    samples.append(stage.sample(of: f))
                }
            }
        }
        // Slot 0: 30 kg under the left heel (x −100, y −120); slot 1: 10 kg under the right toes (x 80, y 100).
        send(
            [
                (3, 0x2f, 0), (3, 0x39, 1), (3, 0x35, 100), (3, 0x36, 320), (3, 0x3a, 300),
                (3, 0x2f, 1), (3, 0x39, 2), (3, 0x35, 280), (3, 0x36, 100), (3, 0x3a, 100), (0, 0, 0),
            ], at: 0)
        // The toe contact slides back onto the forefoot (y 40).
        send([(3, 0x36, 160), (0, 0, 0)], at: 10_000)
        #expect(samples.count == 2)
        let first = samples[0].regions
        #expect([first.toes, first.forefoot, first.heel, first.left, first.right] == [10, 0, 30, 30, 10])
        let moved = SensorLayout(
            positions: [Point(x: -100, y: -120), Point(x: 80, y: 40)], regions: p.layout.regions
        ).regionLoads(of: [30, 10], count: 2)
        #expect(moved.toes == 0 && moved.forefoot == 10 && moved.heel == 30)
        // The stage filters region loads like the load: the raw frame moved 10 kg from toes to forefoot.
        let second = samples[1]
        #expect(second.rawLoadKilograms == 40)
        let alpha = 1 - exp(-10_000.0 / 50_000)
        #expect(abs(second.regions.forefoot - 10 * alpha) < 1e-9)
        #expect(abs(second.regions.toes - 10 * (1 - alpha)) < 1e-9)
        #expect(second.regions.heel == 30)
    }
}
