import Foundation
import PlantarInput
import PlantarSignal
import PlantarSupport

/// Runs a routine (or one exercise) over a recording through the same runner a live session uses.
public struct Replay {
    public var path: String
    public var routine: Routine
    public var single: Bool
    /// Wait for each frame's time, as the recording was made (scaled by `speed`).
    public var realtime = false
    /// How much faster than it was made the recording plays in real time; one of `speeds`.
    public var speed = 1.0

    /// The speeds a real-time replay accepts: a thousandth to a thousand times the recording's pace.
    public static let speeds: ClosedRange<Double> = 0.001...1000

    public init(path: String, routine: Routine, single: Bool) {
        self.path = path
        self.routine = routine
        self.single = single
    }

    /// Reads the recording's header: fails early, before anything is shown, on a bad file.
    public func open() throws -> RecordingSource { try RecordingSource(path: path) }

    /// - Parameters:
    ///   - observer: session events as they happen.
    ///   - perFrame: after each frame (readouts); return false to stop (a partial report).
    ///   - wait: in real time, waits up to the given seconds (keys, redraws); return false to stop.
    public func run(
        source: RecordingSource? = nil,
        observer: @escaping (SessionEvent) -> Void = { _ in },
        perFrame: (SessionRunner, Frame, Sample) -> Bool = { _, _, _ in true },
        wait: (SessionRunner, Double) -> Bool = { _, s in
            Thread.sleep(forTimeInterval: s)
            return true
        }
    ) throws -> SessionReport {
        guard !realtime || Self.speeds.contains(speed) else {
            throw PlantarError.usage("--speed must be between 0.001 and 1000 (it is \(speed))")
        }
        let source = try source ?? open()
        let trace = SessionTrace(routine: routine)
        let runner = SessionRunner(routine: routine, single: single, observer: Self.traced(observer, by: trace))
        runner.sensorNames = source.profile.layout.names
        let clock = ContinuousClock()
        var origin = clock.now
        var stopped = false
        // Frames carry loads only: this is where they become samples.
        var stage = source.signalStage()
        let deviceName = source.device.name
        // As fast as it goes, the next frames of a file are read on a thread of their own while this one runs the
        // session. A pipe or a device is read here as its frames come (a batch would wait for frames yet to be written).
        let frames = FrameReadAhead(source, thread: !realtime && source.reader.isRegularFile)
        try frames.forEachFrame { frame in
            let sample = stage.sample(of: frame)
            if realtime, !runner.isFinished {
                while true {
                    let due = origin + .microseconds(Int64(Double(frame.timeMicros) / speed))
                    let left = due - clock.now
                    let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
                    if runner.paused {
                        // The recording waits while the session is paused.
                        let before = clock.now
                        if !wait(runner, 0.05) {
                            stopped = true
                            return false
                        }
                        origin += clock.now - before
                        continue
                    }
                    guard seconds > 0 else { break }
                    if !wait(runner, min(seconds, 0.05)) {
                        stopped = true
                        return false
                    }
                }
            }
            trace?.willHandle(sample, runner: runner)
            runner.handle(sample)
            trace?.didHandle(sample, runner: runner)
            if !perFrame(runner, frame, sample) {
                stopped = true
                return false
            }
            // Once the routine is over, the rest of the recording is only counted, not waited for.
            return !(runner.isFinished && realtime)
        }
        // The reading thread is stopped before the report (the source is the session's again).
        frames.stop()
        runner.finish(reason: stopped ? .quit : .endOfSource)
        var report = SessionReport(runner: runner, sourcePath: path, deviceName: deviceName)
        report.interrupted = stopped
        return report
    }

    /// The observer, with the debug trace told first when there is one.
    static func traced(
        _ observer: @escaping (SessionEvent) -> Void, by trace: SessionTrace?
    ) -> (SessionEvent) -> Void {
        guard let trace else { return observer }
        return { e in
            trace.event(e)
            observer(e)
        }
    }
}
