/// How the program ends: the only exit codes Plantar uses, whatever the command.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// A command that ran (a session that ran, whatever its result).
    case ran = 0
    /// A bad input file (the message names the file and line), or a file that cannot be read or written.
    case badFile = 2
    /// A device that cannot be found, opened or read.
    case device = 3
    /// A command line that does not make sense (ArgumentParser's own code for usage errors, `EX_USAGE`).
    case usage = 64
    /// Ended by Ctrl-C or SIGTERM (128 + SIGINT).
    case interrupted = 130
}

/// Every error Plantar reports to a person: what went wrong and where, on one line, and the exit code it ends with.
public enum PlantarError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file that is not what it should be; `line` is 1-based, 0 when the file as a whole is wrong.
    case badInput(path: String, line: Int, message: String)
    /// A device that cannot be opened or read.
    case device(path: String, message: String)
    /// A device that went away (unplugged, out of range).
    case deviceGone(path: String)
    /// No usable device at all.
    case noDevice(String)
    /// The history (or another file Plantar keeps) cannot be read or written.
    case storage(path: String, message: String)
    /// A command line that cannot be carried out (beyond what the argument parser checks).
    case usage(String)
    /// Ended by Ctrl-C or SIGTERM; whatever had to be said was said.
    case interrupted

    public var description: String {
        switch self {
        case .badInput(let path, let line, let message):
            return line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)"
        case .device(let path, let message):
            return "\(path): \(message)"
        case .deviceGone(let path):
            return "\(path): the device went away"
        case .noDevice(let message):
            return message
        case .storage(let path, let message):
            return "\(path): \(message)"
        case .usage(let message):
            return message
        case .interrupted:
            return "interrupted"
        }
    }

    /// How the program ends with this error.
    public var exitStatus: ExitStatus {
        switch self {
        case .badInput, .storage: return .badFile
        case .device, .deviceGone, .noDevice: return .device
        case .usage: return .usage
        case .interrupted: return .interrupted
        }
    }

    /// The process exit code this error ends the program with.
    public var exitCode: Int32 { exitStatus.rawValue }
}
