import Foundation
import PlantarInput
import PlantarSignal

/// Runs a routine (or one exercise) over a recording through the same runner a live session uses.
public struct Replay {
    public var path: String
    public var routine: Routine
    public var single: Bool
    /// Sleep until each frame's time, as the recording was made.
    public var realtime = false
    public var speed = 1.0

    public init(path: String, routine: Routine, single: Bool) {
        self.path = path
        self.routine = routine
        self.single = single
    }

    /// - Parameters:
    ///   - observer: session events as they happen.
    ///   - perFrame: called after each frame (readouts, key polling); return false to stop early.
    public func run(
        observer: @escaping (SessionEvent) -> Void = { _ in },
        perFrame: (SessionRunner, Frame, Sample) -> Bool = { _, _, _ in true }
    ) throws -> SessionReport {
        let source = try RecordingSource(path: path)
        let runner = SessionRunner(routine: routine, single: single, observer: observer)
        let clock = ContinuousClock()
        let start = clock.now
        var stopped = false
        while let (frame, sample) = try source.nextFrame() {
            if realtime {
                let due = start + .microseconds(Int64(Double(frame.timeMicros) / speed))
                sleep(until: due, clock: clock)
            }
            runner.handle(sample)
            if !perFrame(runner, frame, sample) {
                stopped = true
                break
            }
            // Once the routine is over, the rest of the recording is only counted (not waited for).
            if runner.isFinished, realtime { break }
        }
        runner.finish(reason: stopped ? .quit : .endOfSource)
        var report = SessionReport(runner: runner, sourcePath: path, deviceName: source.device.name)
        report.interrupted = stopped
        return report
    }

    private func sleep(until due: ContinuousClock.Instant, clock: ContinuousClock) {
        let left = due - clock.now
        let seconds = Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18
        if seconds > 0 { Thread.sleep(forTimeInterval: seconds) }
    }
}
