import ArgumentParser
import Foundation
import PlantarSession

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the built-in routine on the bundled recording, with the live readout.")

    @Flag(help: "Replay as fast as possible instead of in real time.")
    var fast = false

    @Flag(help: "Print SPEC §5's JSON report at the end.")
    var json = false

    func run() throws {
        do {
            guard let path = DemoRecording.path else {
                throw PlantarError.noDevice("the bundled demo recording is missing (Fixtures/routine-full-70kg.evemu)")
            }
            var replay = PlantarSession.Replay(path: path, routine: .builtIn, single: false)
            replay.realtime = !fast
            let report = try replay.run(observer: { event in PlainLog.print(event) })
            print(json ? report.json().serialized(pretty: true) : report.table())
        } catch {
            fail(error)
        }
    }
}

import PlantarInput

enum DemoRecording {
    static let name = "routine-full-70kg.evemu"

    /// The recording beside the binary's package (a checkout or `make install`'s share directory).
    static var path: String? {
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["PLANTAR_DEMO_RECORDING"] { candidates.append(env) }
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        var dir = exe
        for _ in 0..<5 {
            candidates.append(dir.appendingPathComponent("Fixtures/\(name)").path)
            dir = dir.deletingLastPathComponent()
        }
        candidates.append("/usr/local/share/plantar/\(name)")
        candidates.append(FileManager.default.currentDirectoryPath + "/Fixtures/\(name)")
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }
}

enum PlainLog {
    static func print(_ e: SessionEvent) {
        Swift.print(line(e) ?? "", terminator: line(e) == nil ? "" : "\n")
    }

    static func line(_ e: SessionEvent) -> String? {
        func t(_ micros: Int64) -> String { String(format: "%7.2f", Double(micros) / 1_000_000) }
        switch e {
        case .exerciseStarted(let i, let at): return "\(t(at))  exercise \(i + 1) started"
        case .baselineEstablished(_, let b):
            return "\(t(b.endMicros))  baseline \(String(format: "%.1f", b.loadKilograms)) kg"
        case .holdStarted(_, let at, _): return "\(t(at))  rep started"
        case .repEnded(_, let r):
            return "\(t(r.endMicros))  rep \(r.counted ? "counted" : "too short") (\(String(format: "%.1f", r.durationSeconds)) s)"
        case .circleCounted(_, let r): return "\(t(r.endMicros))  circle \(r.direction?.rawValue ?? "")"
        case .exerciseEnded(let r): return "\(t(r.endMicros ?? 0))  \(r.kind.rawValue) \(r.status.rawValue)"
        default: return nil
        }
    }
}
