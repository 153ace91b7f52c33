import Testing

@testable import PlantarInput
@testable import PlantarSignal

/// The BalanceBoardLSL-style USB board (a Wii board with an Arduino joystick inside) and the generic four-corner pad.
@Suite struct USBBoardProfileTests {
    /// One joystick report as evdev gives it: X bottom-left, Y top-left, Z top-right, RX bottom-right, RY the ramp.
    func frame(_ profile: DeviceProfile, x: Int32, y: Int32, z: Int32, rx: Int32, ry: Int32 = 17) -> [Double] {
        var a = FrameAssembler(profile: profile)
        var loads: [Double] = []
        for (code, value) in [(UInt16(0), x), (1, y), (2, z), (3, rx), (4, ry)] {
            a.handle(InputEvent(timeMicros: 0, type: EventCode.evAbs, code: code, value: value)) { _ in }
        }
        a.handle(InputEvent(timeMicros: 0, type: EventCode.evSyn, code: EventCode.synReport, value: 0)) { f in
            loads = f.loadsKilograms
        }
        return loads
    }

    @Test func theProMicroBoardMatchesByItsUSBIdAndReadsEachCornerFromItsTarePoint() throws {
        let profiles = try DeviceProfile.loadAll(userDirectories: [])
        let board = DeviceDescription(name: "SparkFun Pro Micro", bus: 0x0003, vendor: 0x1b4f, product: 0x9206)
        let profile = try DeviceProfile.best(for: board, among: profiles).get()
        #expect(profile.name == "BalanceBoardLSL USB board (Pro Micro)")
        #expect(profile.sensors.map(\.name) == ["top-right", "bottom-right", "top-left", "bottom-left"])
        // 16000 units above the tare point is 10 kg; the tare point itself is 0 kg; below it clamps at 0.
        let loads = frame(profile, x: -31232 + 16000, y: -31232, z: -31232 + 32000, rx: -32767)
        #expect(loads == [20, 0, 0, 10])
    }

    @Test func theLeonardoIdVariantReadsTheSameAxes() throws {
        let profiles = try DeviceProfile.loadAll(userDirectories: [])
        let board = DeviceDescription(
            name: "Arduino LLC Arduino Leonardo", bus: 0x0003, vendor: 0x2341, product: 0x8036)
        let profile = try DeviceProfile.best(for: board, among: profiles).get()
        #expect(profile.name == "BalanceBoardLSL USB board (Leonardo id)")
        #expect(profile.sensors.map(\.axis) == [2, 3, 1, 0])
        #expect(profile.sensors.map(\.zero) == [-31232, -31232, -31232, -31232])
    }

    /// The same firmware reports -32767..32767 built with Joystick library 2.0.x and 0..65535 with 2.1.x: its tare
    /// point is 1535 above the axis minimum in both, which the profile binds to the range the device reports.
    @Test func theTarePointFollowsTheAxisRangeOfEitherJoystickLibraryVersion() throws {
        let profiles = try DeviceProfile.loadAll(userDirectories: [])
        for (minimum, maximum, tare) in [(Int32(-32767), Int32(32767), -31232.0), (0, 65535, 1535)] {
            var board = DeviceDescription(
                name: "SparkFun SparkFun Pro Micro", bus: 0x0003, vendor: 0x1b4f, product: 0x9206)
            for code: UInt16 in 0...4 {
                board.enable(type: EventCode.evAbs, code: code)
                board.absInfo[code] = AbsInfo(minimum: minimum, maximum: maximum)
            }
            let profile = try DeviceProfile.best(for: board, among: profiles).get()
            #expect(profile.sensors.map(\.zero) == [tare, tare, tare, tare])
            let t = Int32(tare)
            #expect(frame(profile, x: t + 16000, y: t, z: t + 32000, rx: minimum) == [20, 0, 0, 10])
        }
    }

    @Test func aFourAxisPadNoProfileNamesIsReadAsAGenericFourCornerPad() throws {
        var pad = DeviceDescription(name: "Some FSR Mat", bus: 0x0003, vendor: 0x1234, product: 0x5678)
        for code: UInt16 in [0, 1, 3, 4] {
            pad.enable(type: EventCode.evAbs, code: code)
            pad.absInfo[code] = AbsInfo(minimum: 0, maximum: 1000)
        }
        let generic = try #require(DeviceProfile.genericFourCorner(for: pad))
        #expect(generic.name == "generic four-corner pad")
        #expect(generic.sensors.map(\.axis) == [0, 1, 3, 4])
        #expect(generic.sensors.map(\.name) == ["front-left", "front-right", "back-left", "back-right"])
        #expect(generic.sensors.map(\.kilogramsPerUnit) == [0.05, 0.05, 0.05, 0.05])
        #expect(generic.matches(pad))
    }

    @Test func threeAxesOrAMultiTouchSurfaceAreNotAGenericPad() {
        var stick = DeviceDescription(name: "Stick", bus: 0x0003, vendor: 1, product: 2)
        for code: UInt16 in [0, 1, 2] { stick.enable(type: EventCode.evAbs, code: code) }
        #expect(DeviceProfile.genericFourCorner(for: stick) == nil)
        stick.enable(type: EventCode.evAbs, code: 3)
        stick.enable(type: EventCode.evAbs, code: EventCode.absMTPositionX)
        #expect(DeviceProfile.genericFourCorner(for: stick) == nil)
    }

    @Test func genericAxesAreTheFirstFourOfXYZRXRYRZ() {
        #expect(DeviceProfile.genericAxes([5, 4, 3, 2, 1, 0, 0x10]) == [0, 1, 2, 3])
        #expect(DeviceProfile.genericAxes([0, 1, 0x10, 0x11]) == nil)
    }
}
