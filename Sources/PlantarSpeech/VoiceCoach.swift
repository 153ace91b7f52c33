import PlantarSession

/// The spoken side of a session: fed from the frame loop (events and ticks), it plans cues and hands them to the
/// speech queue without waiting for speech. Keeps the cue list for `--voice-out`.
public final class VoiceCoach {
    private var planner: CuePlanner
    private let queue: SpeechQueue?
    private let keepList: Bool
    private var pending: [Cue] = []
    /// Every cue so far, in order (when asked to keep them).
    public private(set) var cues: [Cue] = []

    /// - Parameters:
    ///   - queue: where cues go to be spoken; nil to only keep the list.
    ///   - keepList: keep every cue (for writing the cue list afterwards).
    public init(routine: Routine, queue: SpeechQueue?, keepList: Bool = false) {
        planner = CuePlanner(routine: routine)
        self.queue = queue
        self.keepList = keepList
        pending.reserveCapacity(8)
    }

    /// The routine as it will run (after progression changed its targets), before the session starts.
    public func use(_ routine: Routine) { planner.routine = routine }

    /// A session event from the runner.
    public func observe(_ e: SessionEvent) {
        planner.observe(e, into: &pending)
        for c in pending { emit(c) }
        pending.removeAll(keepingCapacity: true)
    }

    /// After each frame: countdown numbers that came due. Allocation-free when none is due.
    public func tick(atMicros now: Int64) {
        while let c = planner.tick(atMicros: now) { emit(c) }
    }

    /// Lets the queue finish what it holds (at most `seconds`).
    public func finish(waitingAtMost seconds: Double = 5) {
        queue?.close(waitingAtMost: seconds)
    }

    private func emit(_ c: Cue) {
        if keepList { cues.append(c) }
        queue?.enqueue(c)
    }
}
