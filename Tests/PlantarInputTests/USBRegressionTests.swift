import Foundation
import PlantarInput
import Testing

@Suite struct USBRegressionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Reports the fuzzer kept: decoded into finite, non-negative loads or rejected as too short or foreign.
    @Test func keptUSBReportsDecodeOrAreRejected() throws {
        let dir = Self.root.appendingPathComponent("Fuzz/regressions/usb-report").path
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(!files.isEmpty)
        let profiles = try DeviceProfile.loadAll(userDirectories: []).filter { $0.kind == .usbReport }
        #expect(!profiles.isEmpty)
        for f in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: dir + "/" + f)))
            for p in profiles {
                var d = USBReportDecoder(profile: p)
                do {
                    let frame = try d.decode(bytes, atMicros: 0)
                    #expect(frame.loadsKilograms.allSatisfy { $0.isFinite && $0 >= 0 })
                } catch let e as USBReportDecoder.DecodeError {
                    switch e {
                    case .tooShort(let length, let needed): #expect(length < needed)
                    case .wrongReportID(let got, let expected): #expect(got != expected)
                    }
                }
            }
        }
    }
}
