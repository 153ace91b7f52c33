import Foundation
import PlantarInput
import PlantarSupport

/// Any bytes as an evemu recording: the reader either reads it or throws a bad-input error with a line —
/// never crashes, hangs or grows without bound.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size)
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

enum FuzzFile {
    nonisolated(unsafe) static var path = NSTemporaryDirectory() + "plantar-fuzz-\(getpid()).input"

    static func write(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        _ = Glibc.write(fd, data, size)
        close(fd)
        return path
    }
}
