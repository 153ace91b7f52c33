import Foundation

/// Where the program's text goes and what environment it reads: standard output, standard error and the process's
/// environment, or, for a command run inside a test process, a `Capture` of its own (a task-local value, so tests
/// running side by side each see only their own command's output and environment).
public enum Console {
    /// One command's standard output and standard error, and the environment it runs with.
    public final class Capture: @unchecked Sendable {
        public let environment: [String: String]
        private let lock = NSLock()
        private var out: [UInt8] = []
        private var err: [UInt8] = []

        public init(environment: [String: String]) { self.environment = environment }

        /// Ctrl-C for this command alone (`Interrupt.requested`).
        public var interrupted: Bool {
            get { lock.withLock { _interrupted } }
            set { lock.withLock { _interrupted = newValue } }
        }
        private var _interrupted = false

        public var standardOutput: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
        public var standardError: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

        func append(_ text: String, error: Bool) {
            lock.withLock {
                if error { err += text.utf8 } else { out += text.utf8 }
            }
        }
    }

    /// The capture of the command running in this task, if any.
    @TaskLocal public static var capture: Capture?

    /// Writes text as it is to standard output.
    public static func write(_ text: String) {
        if let capture {
            capture.append(text, error: false)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// Writes a line to standard output (as `print` does, through the same buffer).
    public static func line(_ text: String) {
        if let capture {
            capture.append(text + "\n", error: false)
        } else {
            print(text)
        }
    }

    /// Writes a line to standard error.
    public static func errorLine(_ text: String) {
        if let capture {
            capture.append(text + "\n", error: true)
        } else {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    /// The environment the program reads: the process's, or the capture's.
    public static var environment: [String: String] {
        capture?.environment ?? ProcessInfo.processInfo.environment
    }

    /// One variable of that environment, as `environment[name]` has it, without building the whole dictionary (which
    /// `ProcessInfo` does at each call): the last entry of that name, decoded as `ProcessInfo` decodes it (invalid
    /// UTF-8 repaired). `name` is an ASCII name such as `HOME`.
    public static func variable(_ name: String) -> String? {
        if let capture { return capture.environment[name] }
        var key = name
        return key.withUTF8 { utf8 -> String? in
            guard let base = utf8.baseAddress, utf8.count > 0 else { return nil }
            let key = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
            var found: String?
            var entry = environ
            while let p = entry.pointee {
                // `NAME=value`: the name's bytes, then the first `=`.
                if strncmp(p, key, utf8.count) == 0, p[utf8.count] == 0x3D {
                    found = String(cString: p + utf8.count + 1)
                }
                entry += 1
            }
            return found
        }
    }

    /// Whether a file descriptor is a terminal (never, for a captured command: its output is text in memory).
    public static func isTerminal(_ fd: Int32) -> Bool {
        capture == nil && isatty(fd) != 0
    }
}
