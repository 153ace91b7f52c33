import PlantarInput
import PlantarSignal
import Testing

@Suite struct FrameAssemblerTests {
    func frames(_ events: [(UInt16, UInt16, Int32)]) -> [Frame] {
        var a = FrameAssembler(profile: .wiiBalanceBoard)
        var out: [Frame] = []
        for (i, e) in events.enumerated() {
            a.handle(InputEvent(timeMicros: Int64(i) * 1000, type: e.0, code: e.1, value: e.2)) { f in out.append(f) }
        }
        return out
    }

    @Test func keepsTheLastValueOfAxesThatDidNotChange() {
        let f = frames([
            (3, 0x10, 1000), (3, 0x11, 2000), (3, 0x12, 3000), (3, 0x13, 4000), (0, 0, 0), (3, 0x12, 3500), (0, 0, 0),
        ])
        #expect(f.count == 2)
        #expect(f[0].loadsKilograms == [10, 20, 30, 40])
        #expect(f[1].loadsKilograms == [10, 20, 35, 40])
    }

    @Test func synDroppedDiscardsThePartialFrameUpToTheNextReport() {
        let f = frames([
            (3, 0x10, 1000), (0, 0, 0),
            (3, 0x10, 5000), (0, 3, 0), (3, 0x11, 7000), (0, 0, 0),
            (3, 0x11, 900), (0, 0, 0),
        ])
        #expect(f.count == 2)
        #expect(f[0].loadsKilograms[0] == 10)
        #expect(f[1].loadsKilograms[0] == 10)
        #expect(f[1].loadsKilograms[1] == 9)
    }

    @Test func theBoardButtonIsPartOfTheFrame() {
        let f = frames([(1, 0x130, 1), (0, 0, 0), (1, 0x130, 0), (0, 0, 0)])
        #expect(f.map(\.buttonDown) == [true, false])
    }

    @Test func otherEventsAreIgnored() {
        let f = frames([(4, 4, 0x90001), (3, 0x00, 77), (0, 0, 0)])
        #expect(f.count == 1)
        #expect(f[0].loadsKilograms == [0, 0, 0, 0])
    }

    @Test func negativeLoadsAreClampedToZero() {
        let f = frames([(3, 0x10, -50), (3, 0x11, 1000), (0, 0, 0)])
        #expect(f[0].loadsKilograms[0] == 0)
    }

    @Test func multitouchPressureIsSummedWithItsPositions() {
        var profile = DeviceProfile.wiiBalanceBoard
        profile.kind = .evdevMultitouch
        profile.sensors = []
        profile.pressureKilogramsPerUnit = 0.1
        var device = DeviceDescription(name: "mat", bus: 3, vendor: 1, product: 1)
        device.absInfo[0x35] = AbsInfo(minimum: 0, maximum: 400, resolution: 1)
        device.absInfo[0x36] = AbsInfo(minimum: 0, maximum: 200, resolution: 1)
        var a = FrameAssembler(profile: profile, device: device)
        var stage = a.signalStage()
        var samples: [Sample] = []
        let ev: [(UInt16, UInt16, Int32)] = [
            (3, 0x2f, 0), (3, 0x39, 1), (3, 0x35, 100), (3, 0x36, 100), (3, 0x3a, 300),
            (3, 0x2f, 1), (3, 0x39, 2), (3, 0x35, 300), (3, 0x36, 100), (3, 0x3a, 100), (0, 0, 0),
            (3, 0x2f, 1), (3, 0x39, -1), (0, 0, 0),
        ]
        for e in ev {
            a.handle(InputEvent(timeMicros: 0, type: e.0, code: e.1, value: e.2)) { f in
                samples.append(stage.sample(of: f))
            }
        }
        #expect(samples.count == 2)
        #expect(abs(samples[0].rawLoadKilograms - 40) < 1e-9)
        // Contacts at x = −100 and +100 mm around the centre, 30 kg and 10 kg.
        #expect(abs(samples[0].rawCop.x - (-50)) < 1e-9)
        #expect(abs(samples[1].rawLoadKilograms - 30) < 1e-9)
        #expect(abs(samples[1].rawCop.x - (-100)) < 1e-9)
    }

    static func multitouchAssembler() -> FrameAssembler {
        var profile = DeviceProfile.wiiBalanceBoard
        profile.kind = .evdevMultitouch
        profile.sensors = []
        profile.pressureKilogramsPerUnit = 0.1
        var device = DeviceDescription(name: "mat", bus: 3, vendor: 1, product: 1)
        device.absInfo[0x35] = AbsInfo(minimum: 0, maximum: 400, resolution: 1)
        device.absInfo[0x36] = AbsInfo(minimum: 0, maximum: 200, resolution: 1)
        return FrameAssembler(profile: profile, device: device)
    }

    /// SYN_DROPPED on a multi-touch surface: the slot values written before it (a new contact, a moved one, a
    /// pressure) belong to the dropped frame and must not reach the next one.
    @Test func synDroppedDiscardsMultitouchSlotValuesToo() {
        var a = Self.multitouchAssembler()
        var stage = a.signalStage()
        var samples: [Sample] = []
        let ev: [(UInt16, UInt16, Int32)] = [
            // Frame 1: one contact, 30 kg at x = −100 mm.
            (3, 0x2f, 0), (3, 0x39, 1), (3, 0x35, 100), (3, 0x36, 100), (3, 0x3a, 300), (0, 0, 0),
            // Dropped: the contact moves and presses harder, a second one appears; then SYN_DROPPED.
            (3, 0x35, 300), (3, 0x3a, 900), (3, 0x2f, 1), (3, 0x39, 2), (3, 0x35, 300), (3, 0x3a, 500), (0, 3, 0),
            (3, 0x3a, 700), (0, 0, 0),
            // Frame 2: nothing new: the state of frame 1.
            (0, 0, 0),
        ]
        for (i, e) in ev.enumerated() {
            a.handle(InputEvent(timeMicros: Int64(i) * 10_000, type: e.0, code: e.1, value: e.2)) { f in
                samples.append(stage.sample(of: f))
            }
        }
        #expect(samples.count == 2)
        #expect(samples.map(\.rawLoadKilograms) == [30, 30])
        #expect(samples.map(\.rawCop.x) == [-100, -100])
    }
}
