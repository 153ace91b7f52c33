import PlantarSupport

/// Records a live evdev session as evemu while it runs, so it can be replayed, plotted and reported later: the node's
/// current values open the file (they join the first frame, exactly as they seed the live assembler), then every
/// event the source reads, with its time relative to the first. gzip-compressed when the path ends in `.gz` (the
/// history's recordings): 0.13 MB a minute for a balance board at 100 Hz, 1.2 MB as plain text. Written as it comes
/// (the writer's buffer is flushed every 64 KiB, at a gzip flush point), so a crash loses little.
public final class SessionRecorder {
    public let path: String
    private let writer: EvemuWriter
    /// The first write that failed; the session goes on, and `finish()` reports it.
    public private(set) var firstError: Error?
    private var finished = false
    public private(set) var events = 0

    /// Creates `path` and starts recording everything `source` reads from now on.
    public init(path: String, source: EvdevFrameSource, comment: String) throws {
        guard let device = source.device else {
            throw PlantarError.device(path: source.path, message: "the device went away before recording began")
        }
        self.path = path
        writer = try EvemuWriter(path: path, device: device.description, comment: comment)
        for e in device.currentState(atMicros: 0) { try writer.write(e) }
        source.onEvent = { [weak self] e in self?.record(e) }
    }

    private func record(_ e: InputEvent) {
        guard firstError == nil, !finished else { return }
        do {
            try writer.write(e)
            events += 1
        } catch {
            firstError = error
        }
    }

    /// Ends the recording (a compressed one gets its gzip trailer) and flushes it to the disk; throws the first write
    /// that failed, if any. What comes after is not recorded.
    public func finish() throws {
        guard !finished else { return }
        finished = true
        if let firstError { throw firstError }
        try writer.finish(sync: true)
    }
}
