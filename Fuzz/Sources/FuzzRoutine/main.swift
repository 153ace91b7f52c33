import Foundation
import FuzzSupport
import PlantarInput
import PlantarSession
import PlantarSupport

/// Any bytes as a routine file: loaded (and then written back and re-read to the same routine), or rejected with a
/// bad-input error naming the file — never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.write(data, size, name: "routine.toml")
    do {
        let r = try Routine.load(path: path)
        try r.toml().write(toFile: path, atomically: false, encoding: .utf8)
        let again = try Routine.load(path: path)
        guard again.exercises.map(\.settings) == r.exercises.map(\.settings) else {
            fatalError("a routine does not survive its own file: \(r.toml())")
        }
    } catch let e as PlantarError {
        guard case .badInput(let p, _, _) = e, p == path, !e.description.contains("\n") else {
            fatalError("unexpected error shape: \(e)")
        }
    } catch {
        fatalError("unexpected error type: \(error)")
    }
    return 0
}
