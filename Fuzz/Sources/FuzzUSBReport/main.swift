import Foundation
import PlantarInput

/// Any bytes as a USB report for each bundled USB profile: decoded into finite, non-negative loads or rejected.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    for profile in Profiles.usb {
        var decoder = USBReportDecoder(profile: profile)
        let report = UnsafeRawBufferPointer(start: data, count: size)
        if let frame = try? decoder.decode(report, atMicros: 0) {
            for kg in frame.loadsKilograms where !(kg.isFinite && kg >= 0) { fatalError("bad load \(kg)") }
        }
    }
    return 0
}

enum Profiles {
    nonisolated(unsafe) static let usb: [DeviceProfile] = {
        let all = (try? DeviceProfile.loadAll(userDirectories: [])) ?? []
        var list = all.filter { $0.kind == .usbReport }
        // A big-endian, signed, 3-byte layout too, so every decoding branch is reached.
        if var p = list.first {
            for i in p.sensors.indices {
                p.sensors[i].bigEndian = true
                p.sensors[i].signed = true
                p.sensors[i].width = 1 + i % 4
            }
            list.append(p)
        }
        return list
    }()
}
