import Foundation
import PlantarSupport
import Synchronization

@testable import plantar

/// Runs plantar's commands: inside this test process (`run`, the same `Plantar.run(arguments:)` the program's main
/// calls, with its output and environment captured), or as the built executable, as a person would (`spawn`: for
/// what needs a process of its own, such as signals, the terminal, root or a crash).
enum CLI {
    /// The package's root directory.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `plantar` sits beside the test bundle in the build directory.
    static var executable: String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("plantar").path
    }

    /// A data directory private to this test process, made on first use and removed when the process exits.
    static let privateDataDirectory: String = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plantar-cli-tests-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        ScratchCleanup.removeAtExit(dir)
        return dir
    }()

    struct Result: Equatable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs one command line inside this process: its standard output and error are captured, and it reads
    /// `environment` on top of the process's (with the test process's private data directory unless one is named).
    /// `direct: false` reads even a plain `replay` command line with ArgumentParser, as any other.
    static func run(_ args: [String], environment: [String: String] = [:], direct: Bool = true) throws -> Result {
        var env = ProcessInfo.processInfo.environment
        env["PLANTAR_DATA_DIR"] = privateDataDirectory
        for (k, v) in environment { env[k] = v }
        let capture = Console.Capture(environment: env)
        let status = Console.$capture.withValue(capture) { Plantar.run(arguments: args, direct: direct) }
        return Result(status: status, stdout: capture.standardOutput, stderr: capture.standardError)
    }

    /// Runs the built executable in a process of its own.
    static func spawn(_ args: [String], environment: [String: String] = [:], stdin: String? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        p.currentDirectoryURL = root
        var env = ProcessInfo.processInfo.environment
        // The history goes to a directory of the test run's own unless a test names one: no test writes to the
        // user's history.
        env["PLANTAR_DATA_DIR"] = privateDataDirectory
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        if let stdin {
            let inp = Pipe()
            p.standardInput = inp
            inp.fileHandleForWriting.write(Data(stdin.utf8))
            try? inp.fileHandleForWriting.close()
        } else {
            p.standardInput = FileHandle.nullDevice
        }
        try p.run()
        // Read both pipes concurrently so a large output cannot block the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(
            status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static func json(_ text: String) throws -> [String: Any] {
        guard let obj = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw CocoaError(.propertyListReadCorrupt)
        }
        return obj
    }

    static var fixtures: [String] {
        let dir = root.appendingPathComponent("Fixtures").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".evemu") }
            .sorted()
    }

    static func fixture(_ name: String) -> String { root.appendingPathComponent("Fixtures/" + name).path }
}

/// Temporary directories that live as long as the test process (static scratch space): removed when it exits, so a
/// test run leaves nothing in the temporary directory.
enum ScratchCleanup {
    private static let paths = Mutex<[String]>([])

    static func removeAtExit(_ path: String) {
        let first = paths.withLock { list in
            list.append(path)
            return list.count == 1
        }
        if first {
            atexit {
                for p in ScratchCleanup.paths.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: p) }
            }
        }
    }
}
