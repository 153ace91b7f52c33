/// Every error Plantar reports to a person: what went wrong and where, on one line.
public enum PlantarError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file that is not what it should be; `line` is 1-based, 0 when the file as a whole is wrong.
    case badInput(path: String, line: Int, message: String)
    /// A device that cannot be opened or read.
    case device(path: String, message: String)
    /// A device that went away (unplugged, out of range).
    case deviceGone(path: String)
    /// No usable device at all.
    case noDevice(String)

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
        }
    }

    /// The process exit code SPEC §5 gives this error.
    public var exitCode: Int32 {
        switch self {
        case .badInput: return 2
        case .device, .deviceGone, .noDevice: return 3
        }
    }
}
