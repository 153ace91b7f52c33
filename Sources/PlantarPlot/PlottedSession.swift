import PlantarSession
import PlantarSignal

/// A session's report together with the signals its plots draw.
public struct PlottedSession {
    public var report: SessionReport
    public var traces: SessionTraces
    /// The routine the session ran (thresholds and targets come from its exercises' settings).
    public var routine: Routine

    public init(report: SessionReport, traces: SessionTraces, routine: Routine) {
        self.report = report
        self.traces = traces
        self.routine = routine
    }

    /// Replays a recording through the same runner as `plantar replay`, collecting the signals as it goes.
    public static func replay(_ replay: Replay, capacity: Int = 4096) throws -> PlottedSession {
        var replay = replay
        replay.realtime = false
        let traces = SessionTraces(capacity: capacity)
        let report = try replay.run(
            observer: { traces.observe($0) },
            perFrame: { runner, _, sample in
                traces.add(sample, runner: runner)
                return true
            })
        return PlottedSession(report: report, traces: traces, routine: replay.routine)
    }
}
