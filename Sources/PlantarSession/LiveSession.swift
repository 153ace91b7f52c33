import Foundation
import Logging
import PlantarInput
import PlantarSignal

/// What happens to the device during a live session, for the readout and the log.
public enum DeviceEvent: Sendable, Equatable {
    /// The device went away at `atMicros`; the session is paused while it is looked for.
    case lost(atMicros: Int64, waitingSeconds: Double)
    /// It is back (possibly at another node) and the session goes on.
    case back(path: String, atMicros: Int64)
    /// It did not come back in time: the session ends with a partial report.
    case gaveUp(atMicros: Int64)
    /// Reading failed for another reason than an unplug; the device is then treated as gone.
    case failed(String)
}

/// Runs a routine over a live device through the same `SessionRunner` a replay uses (`Replay` is the recorded twin).
///
/// | source says | the session                                                                               |
/// |-------------|-------------------------------------------------------------------------------------------|
/// | a frame     | runner.handle, then `perFrame` (false stops: `.quit`)                                      |
/// | idle        | checks `shouldStop` (Ctrl-C: `.quit`)                                                      |
/// | gone, or a read error | pauses the runner (an open hold ends there), looks for the device every `retryMillis` |
/// | back        | resumes the runner and reads on                                                           |
/// | not back in `reconnectSeconds` | finishes with `.deviceLost`: every completed rep stays in the report   |
/// | routine over | stops reading                                                                            |
public struct LiveSession {
    public var routine: Routine
    public var single = false
    /// How long to wait for an unplugged device before ending the session.
    public var reconnectSeconds = 30.0
    public var pollMillis: Int32 = 100
    public var retryMillis: UInt32 = 200
    /// Asked between reads; true ends the session as `.quit` (Ctrl-C, a key).
    public var shouldStop: () -> Bool = { false }

    public init(routine: Routine, single: Bool = false) {
        self.routine = routine
        self.single = single
    }

    /// - Parameters:
    ///   - observer: session events as they happen.
    ///   - deviceEvents: the device going away and coming back.
    ///   - perFrame: called after each frame (readouts, key polling); return false to stop.
    public func run(
        source: LiveFrameSource,
        observer: @escaping (SessionEvent) -> Void = { _ in },
        deviceEvents: (DeviceEvent) -> Void = { _ in },
        perFrame: (SessionRunner, Frame, Sample) -> Bool = { _, _, _ in true }
    ) throws -> SessionReport {
        let trace = SessionTrace(routine: routine)
        let runner = SessionRunner(routine: routine, single: single, observer: Replay.traced(observer, by: trace))
        sessionLog.debug("live session on \(source.path) (\(source.deviceName)), profile \(source.profile.name)")
        runner.sensorNames = source.profile.layout.names
        // Frames carry loads only: this is where they become samples.
        var stage = source.signalStage()
        var endReason = EndReason.quit
        var stopped = false
        reading: while !runner.isFinished {
            if shouldStop() {
                stopped = true
                break
            }
            let read: LiveRead
            do {
                read = try source.next(timeoutMillis: pollMillis)
            } catch {
                // A broken device must not cost the reps already counted: handle it as one that went away.
                sessionLog.debug("reading \(source.path) failed: \(error); handled as a device that went away")
                deviceEvents(.failed("\(error)"))
                read = .gone
            }
            switch read {
            case .frame(let frame):
                let sample = stage.sample(of: frame)
                trace?.willHandle(sample, runner: runner)
                runner.handle(sample)
                trace?.didHandle(sample, runner: runner)
                if !perFrame(runner, frame, sample) {
                    stopped = true
                    break reading
                }
            case .idle:
                continue
            case .gone:
                let lostAt = runner.frames > 0 ? runner.lastMicros : source.nowMicros()
                runner.setPaused(true, atMicros: lostAt)
                sessionLog.debug(
                    "\(source.path) went away at \(lostAt) µs: session paused, waiting up to \(reconnectSeconds) s")
                deviceEvents(.lost(atMicros: lostAt, waitingSeconds: reconnectSeconds))
                switch waitForReturn(source) {
                case .back:
                    let now = source.nowMicros()
                    sessionLog.debug("reconnected: \(source.deviceName) is back at \(source.path)")
                    deviceEvents(.back(path: source.path, atMicros: now))
                    runner.setPaused(false, atMicros: now)
                case .stopped:
                    stopped = true
                    break reading
                case .timedOut:
                    sessionLog.debug(
                        "\(source.deviceName) did not come back in \(reconnectSeconds) s: the session ends")
                    deviceEvents(.gaveUp(atMicros: source.nowMicros()))
                    endReason = .deviceLost
                    break reading
                }
            }
        }
        runner.finish(reason: stopped ? .quit : endReason)
        var report = SessionReport(runner: runner, sourcePath: source.path, deviceName: source.deviceName)
        report.interrupted = stopped || endReason == .deviceLost
        return report
    }

    private enum Wait { case back, stopped, timedOut }

    private func waitForReturn(_ source: LiveFrameSource) -> Wait {
        let deadline = monotonicMicros() + Int64(reconnectSeconds * 1_000_000)
        while monotonicMicros() < deadline {
            if shouldStop() { return .stopped }
            if source.reconnect() { return .back }
            usleep(retryMillis * 1000)
        }
        return .timedOut
    }
}
