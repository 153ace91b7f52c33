import Foundation
import PlantarSignal
import Testing

@testable import PlantarInput

/// The vendor pad's interrupt-IN reports decoded by its profile, without hardware.
@Suite struct USBReportDecoderTests {
    let vendorPad: DeviceProfile

    init() throws {
        let profiles = try DeviceProfile.loadAll(userDirectories: [])
        vendorPad = try #require(profiles.first { $0.name == "USB vendor pressure pad" })
    }

    /// Report id 1, button byte, then toe-left, toe-right, heel-left, heel-right in grams, little-endian.
    func report(button: UInt8 = 0, _ grams: [UInt16]) -> [UInt8] {
        [1, button] + grams.flatMap { [UInt8($0 & 0xff), UInt8($0 >> 8)] }
    }

    @Test func vendorProfileDescribesTheReport() throws {
        #expect(vendorPad.kind == .usbReport)
        #expect(vendorPad.match.vendor == 0x1209)
        #expect(vendorPad.match.product == 0x0003)
        let usb = try #require(vendorPad.usb)
        #expect(usb.interface == 0)
        #expect(usb.endpoint == 0x81)
        #expect(usb.reportID == 1)
        #expect(vendorPad.sensors.map(\.offset) == [2, 4, 6, 8])
        #expect(USBReportDecoder(profile: vendorPad).neededLength == 10)
    }

    @Test func fourCellsInGramsBecomeKilograms() throws {
        var decoder = USBReportDecoder(profile: vendorPad)
        let frame = try decoder.decode(report([17_500, 18_000, 20_250, 0xffff]), atMicros: 1_250_000)
        #expect(frame.timeMicros == 1_250_000)
        #expect(frame.loadsKilograms == [17.5, 18.0, 20.25, 65.535])
        #expect(frame.buttonDown == false)
    }

    @Test func theButtonBitIsRead() throws {
        var decoder = USBReportDecoder(profile: vendorPad)
        #expect(try decoder.decode(report(button: 0x01, [0, 0, 0, 0]), atMicros: 0).buttonDown)
        #expect(try !decoder.decode(report(button: 0xfe, [0, 0, 0, 0]), atMicros: 0).buttonDown)
    }

    @Test func decodedFrameGivesLoadAndCentreOfPressure() throws {
        var decoder = USBReportDecoder(profile: vendorPad)
        // All weight on the toes, twice as much on the right: COP right of centre and 100 mm towards the toes.
        let frame = try decoder.decode(report([10_000, 20_000, 0, 0]), atMicros: 0)
        let sample = vendorPad.layout.sample(of: frame)
        #expect(abs(sample.loadKilograms - 30) < 1e-9)
        #expect(abs(sample.cop.x - 50) < 1e-9)
        #expect(abs(sample.cop.y - 100) < 1e-9)
    }

    @Test func anotherReportIDIsRejected() {
        var decoder = USBReportDecoder(profile: vendorPad)
        var bytes = report([1, 2, 3, 4])
        bytes[0] = 2
        #expect(throws: USBReportDecoder.DecodeError.wrongReportID(got: 2, expected: 1)) {
            try decoder.decode(bytes, atMicros: 0)
        }
    }

    @Test func aShortReportIsRejected() {
        var decoder = USBReportDecoder(profile: vendorPad)
        #expect(throws: USBReportDecoder.DecodeError.tooShort(length: 6, needed: 10)) {
            try decoder.decode([1, 0, 1, 2, 3, 4], atMicros: 0)
        }
    }

    @Test func bigEndianSignedAndWideCellsFollowTheProfile() throws {
        let dir = ProfileTestDirectory()
        let path = dir.write(
            "odd.toml",
            """
            name = "Odd pad"
            kind = "usb-report"
            [match]
            vendor = 0x1209
            product = 0x0004
            [[sensor]]
            offset = 0
            width = 2
            endian = "big"
            x = -100.0
            y = 0.0
            kg_per_unit = 0.01
            [[sensor]]
            offset = 2
            width = 1
            signed = true
            x = 100.0
            y = 0.0
            kg_per_unit = 1.0
            [[sensor]]
            offset = 3
            width = 3
            x = 0.0
            y = 100.0
            kg_per_unit = 0.001
            [[sensor]]
            offset = 6
            width = 4
            signed = true
            endian = "big"
            x = 0.0
            y = -100.0
            kg_per_unit = 0.001
            """)
        let profile = try DeviceProfile.load(path: path)
        #expect(profile.usb?.reportID == nil)
        var decoder = USBReportDecoder(profile: profile)
        // 0x0102 = 258 big-endian; 0x05 signed = 5; 0x0186a0 little-endian = 100000; 0x00002710 = 10000.
        var frame = try decoder.decode([0x01, 0x02, 0x05, 0xa0, 0x86, 0x01, 0x00, 0x00, 0x27, 0x10], atMicros: 7)
        #expect(frame.loadsKilograms == [2.58, 5, 100, 10])
        // Negative readings (a sensor's offset drifting below zero) are clamped to no load.
        frame = try decoder.decode([0x00, 0x00, 0xfb, 0, 0, 0, 0xff, 0xff, 0xff, 0xf0], atMicros: 8)
        #expect(frame.loadsKilograms == [0, 0, 0, 0])
    }
}
