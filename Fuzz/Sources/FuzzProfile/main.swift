import Foundation
import FuzzSupport
import PlantarInput
import PlantarSupport

/// Any bytes as a device profile file: loaded, or rejected with a bad-input error naming the file — never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, name: "profile.toml")
    do {
        let p = try DeviceProfile.load(path: path)
        // A loaded profile must be usable: frames assemble without trapping.
        var a = FrameAssembler(profile: p)
        for code: UInt16 in 0...0x3f {
            a.handle(InputEvent(timeMicros: 0, type: 3, code: code, value: Int32(code) * 100)) { _ in }
        }
        a.handle(InputEvent(timeMicros: 0, type: 0, code: 0, value: 0)) { _ in }
        var d = USBReportDecoder(profile: p)
        _ = try? d.decode([UInt8](repeating: 0xff, count: 1100), atMicros: 0)
    } catch let e as PlantarError {
        guard case .badInput(let p, _, _) = e, p == path, !e.description.contains("\n") else {
            fatalError("unexpected error shape: \(e)")
        }
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}
