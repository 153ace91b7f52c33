import Foundation
import FuzzSupport
import PlantarInput
import PlantarSupport

/// Any bytes as an evemu recording: the reader either reads it or throws a bad-input error with a line —
/// never crashes, hangs or grows without bound.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, name: "input")
    do {
        let source = try RecordingSource(path: path)
        var frames = 0
        while try source.nextFrame() != nil { frames += 1 }
    } catch let e as PlantarError {
        guard case .badInput(let p, let line, let message) = e, p == path, line >= 0, !message.isEmpty,
            !e.description.contains("\n")
        else { fatalError("unexpected error shape: \(e)") }
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}
