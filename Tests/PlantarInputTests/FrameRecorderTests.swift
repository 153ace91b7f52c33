import Foundation
import PlantarSignal
import Testing

@testable import PlantarInput

/// A libusb pad's session recorded frame by frame, and read back by a replay as the same frames.
@Suite struct FrameRecorderTests {
    let vendorPad: DeviceProfile
    let profiles: [DeviceProfile]

    init() throws {
        profiles = try DeviceProfile.loadAll(userDirectories: [])
        vendorPad = try #require(profiles.first { $0.name == "USB vendor pressure pad" })
    }

    /// Report id 1, button byte, then toe-left, toe-right, heel-left, heel-right in grams, little-endian.
    func report(button: UInt8 = 0, _ grams: [UInt16]) -> [UInt8] {
        [1, button] + grams.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }
    }

    @Test func aUSBPadsFramesReplayAsTheSameLoadsButtonAndTimes() throws {
        let dir = TempDir()
        let path = dir.path + "/session-1.evemu"
        var decoder = USBReportDecoder(profile: vendorPad)
        let reports: [(Int64, [UInt8])] = [
            (0, report([17_500, 18_000, 20_250, 0xffff])),
            (1_000, report([17_501, 18_000, 20_250, 0xffff])),
            (2_000, report(button: 1, [17_501, 18_000, 20_250, 0xffff])),
            (3_000, report([0, 333, 20_250, 1])),
        ]
        var live: [Frame] = []
        let recorder = try FrameRecorder(
            path: path, profile: vendorPad, name: "Pad maker USB pad", vendor: 0x1209, product: 0x0003,
            comment: "Recorded by plantar run (test) from /dev/bus/usb/001/002")
        for (t, bytes) in reports {
            let frame = try decoder.decode(bytes, atMicros: t)
            live.append(frame)
            recorder.record(frame)
        }
        try recorder.finish()
        #expect(recorder.frames == 4)

        let replay = try RecordingSource(path: path, profiles: profiles)
        #expect(replay.profile.name == "USB vendor pressure pad")
        #expect(replay.profile.layout == vendorPad.layout)
        var replayed: [Frame] = []
        while let frame = try replay.nextFrame() { replayed.append(frame) }
        #expect(replayed.map(\.timeMicros) == [0, 1_000, 2_000, 3_000])
        #expect(replayed.map(\.loadsKilograms) == live.map(\.loadsKilograms))
        #expect(replayed.map(\.buttonDown) == [false, false, true, false])
        // Only what changed is written: 4 + 1 + 0 + 3 values, the button twice at its changes and once at the start.
        let types = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .filter { $0.hasPrefix("E:") }.map { $0.split(separator: " ")[2] }
        #expect(types.filter { $0 == "0003" }.count == 8)
        #expect(types.filter { $0 == "0001" }.count == 3)
        #expect(types.filter { $0 == "0000" }.count == 4)
    }

    @Test func aRawValueIsTheLoadInTheUnitsThePadReported() {
        #expect(FrameRecorder.raw(17.501, kilogramsPerUnit: 0.001) == 17_501)
        #expect(FrameRecorder.raw(65.535, kilogramsPerUnit: 0.001) == 65_535)
        #expect(FrameRecorder.raw(0, kilogramsPerUnit: 0.001) == 0)
        #expect(FrameRecorder.raw(1e12, kilogramsPerUnit: 0.001) == Int32.max)
        #expect(FrameRecorder.raw(5, kilogramsPerUnit: 0) == 0)
    }

    @Test func aProfileWithMoreSensorsThanEvemuHasAxesIsRefused() throws {
        var big = vendorPad
        big.sensors = (0..<48).map { _ in vendorPad.sensors[0] }
        let dir = TempDir()
        #expect(throws: (any Error).self) {
            _ = try FrameRecorder(
                path: dir.path + "/x.evemu", profile: big, name: "x", vendor: 1, product: 2, comment: "")
        }
    }
}
