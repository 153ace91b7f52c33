import Foundation

/// Runs programs to their end: wall time, output, and (through `peak-rss`) peak resident memory.
public enum ChildProcess {
    /// The environment of the measured programs: the benchmark's own, without what the benchmark runner sets for
    /// itself. `swift package benchmark` starts the benchmarks with its malloc interposer preloaded (`LD_PRELOAD`, a
    /// Swift library that loads the toolchain's Swift runtime from `LD_LIBRARY_PATH`): a program started with them
    /// would load and run that too, which a user's run of it does not (measured: about 2 ms more at every start and
    /// 1.7 MB more memory for `evemu-parse --version`).
    static let environment: [String] = {
        let dropped: Set<String> = ["LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "LD_DEBUG", "LD_PROFILE"]
        return ProcessInfo.processInfo.environment
            .filter { !dropped.contains($0.key) }
            .map { "\($0.key)=\($0.value)" }
            .sorted()
    }()

    /// The `plantar` executable to measure: `$PLANTAR_BIN`, else the release build beside the benchmarks.
    public static var plantarExecutable: String? {
        if let bin = ProcessInfo.processInfo.environment["PLANTAR_BIN"], !bin.isEmpty {
            return FileManager.default.isExecutableFile(atPath: bin) ? bin : nil
        }
        return nil
    }

    /// One of the benchmark package's own C programs (`evemu-parse`, `peak-rss`): in `$BENCH_TOOLS_DIR`, else beside
    /// the running executable.
    public static func tool(_ name: String) -> String? {
        let env = ProcessInfo.processInfo.environment["BENCH_TOOLS_DIR"].flatMap { $0.isEmpty ? nil : $0 }
        let dir = env ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
        let path = dir + "/" + name
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// What `peak-rss` saw of one run of a program.
    public struct Measured: Sendable {
        /// The program's own peak resident set, in KB.
        public var peakKilobytes: Int
        /// From the fork to the end of the wait, in microseconds.
        public var wallMicros: Int
    }

    /// Runs `argv` under `peak-rss`: the peak resident set of the program alone and its wall time. Throws when the
    /// program does not exit with 0.
    public static func measure(_ argv: [String], helper: String) throws -> Measured {
        let output = try capture([helper] + argv)
        let fields = output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard fields.count == 3 else { throw BenchError("peak-rss printed \"\(output)\"") }
        guard fields[1] == 0 else { throw BenchError("\(argv.joined(separator: " ")) exited with \(fields[1])") }
        return Measured(peakKilobytes: fields[0], wallMicros: fields[2])
    }

    /// Runs `argv` in `environment` and returns what it printed on standard output.
    static func capture(_ argv: [String]) throws -> String {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw BenchError("pipe: \(String(cString: strerror(errno)))") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        posix_spawn_file_actions_addclose(&actions, fds[0])
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup($0) } + [nil]
        defer {
            for p in cArgs + cEnv { free(p) }
        }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
        close(fds[1])
        guard rc == 0 else {
            close(fds[0])
            throw BenchError("cannot start \(argv[0]): \(String(cString: strerror(rc)))")
        }
        let output = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }
}
