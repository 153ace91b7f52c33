import PlantarSignal

public enum ExerciseStatus: String, Sendable, Codable {
    case passed, failed, incomplete, skipped
}

/// Why an exercise ended.
public enum EndReason: String, Sendable, Codable {
    case targetMet = "target-met"
    case button
    case next
    case timeLimit = "time-limit"
    case endOfSource = "end-of-recording"
    case quit
    case deviceLost = "device-lost"
    case notReached = "not-reached"
}

/// One exercise as it ended.
public struct ExerciseResult: Sendable {
    public var index: Int
    public var exercise: RoutineExercise
    public var status: ExerciseStatus
    public var reason: EndReason
    public var reps: [Rep]
    public var baseline: Baseline?
    public var startMicros: Int64?
    public var endMicros: Int64?
    public var clockwise: Int
    public var counterclockwise: Int

    public init(
        index: Int, exercise: RoutineExercise, status: ExerciseStatus, reason: EndReason, reps: [Rep],
        baseline: Baseline?, startMicros: Int64?, endMicros: Int64?, clockwise: Int, counterclockwise: Int
    ) {
        self.index = index
        self.exercise = exercise
        self.status = status
        self.reason = reason
        self.reps = reps
        self.baseline = baseline
        self.startMicros = startMicros
        self.endMicros = endMicros
        self.clockwise = clockwise
        self.counterclockwise = counterclockwise
    }

    public var countedReps: Int { reps.filter(\.counted).count }
    public var kind: ExerciseKind { exercise.kind }
}

/// What the runner tells the readout, the plain log and the journal.
public enum SessionEvent: Sendable {
    case exerciseStarted(index: Int, atMicros: Int64)
    case baselineEstablished(index: Int, Baseline)
    case holdStarted(index: Int, atMicros: Int64, side: Side?)
    case holdTargetReached(index: Int, atMicros: Int64)
    case repEnded(index: Int, Rep)
    case circleCounted(index: Int, Rep)
    case steppedOff(index: Int, atMicros: Int64)
    case steppedOn(index: Int, atMicros: Int64)
    /// The detector did not use the sample at `atMicros` (see `DetectorEvent.sampleSkipped`).
    case sampleSkipped(index: Int, atMicros: Int64, reason: SkipReason)
    /// The detector saw no usable sample for longer than its `maxGapSeconds` (see `DetectorEvent.gap`).
    case gap(index: Int, fromMicros: Int64, toMicros: Int64)
    case exerciseEnded(ExerciseResult)
    case restStarted(nextIndex: Int, untilMicros: Int64)
    /// A sensor reads nothing while its neighbours carry load (a dead cell): samples are skipped until it reads.
    case sensorFault(index: Int, sensor: Int, atMicros: Int64)
    case sensorRecovered(index: Int, sensor: Int, atMicros: Int64)
    case paused(atMicros: Int64)
    case resumed(atMicros: Int64)
    case sessionEnded
}

public enum SessionCommand: Sendable {
    case next
    case redo
    case togglePause
    case quit
}

/// The routine as a state machine over exercises, driven only by frame times: live devices, real-time replay
/// and as-fast-as-possible replay go through the same transitions, so a replay reproduces a live session.
///
/// | phase      | input                                          | next                      | result of the exercise |
/// |------------|------------------------------------------------|---------------------------|------------------------|
/// | exercising | sample                                         | exercising                | (detector runs)        |
/// | exercising | target met and no hold in progress             | resting (rest_seconds)    | passed                 |
/// | exercising | time since start ≥ time limit                  | resting                   | incomplete (passed if met) |
/// | exercising | button press (up → down) or `next`             | exercising the next one   | skipped if no rep, else failed |
/// | exercising | `redo`                                         | exercising, fresh start   | (discarded)            |
/// | resting    | rest over, or button press, or `next`          | exercising the next one   | —                      |
/// | any        | `togglePause`                                  | paused / back             | (an open hold ends)    |
/// | any        | end of source / `quit` / device lost           | finished                  | incomplete (routine), failed (single), later ones skipped |
///
/// With `single` (replay `--exercise`) the whole source is one exercise: buttons, time limit and target do not end it.
public final class SessionRunner {
    public enum Phase: Sendable, Equatable {
        case exercising
        case resting(untilMicros: Int64)
        case finished
    }

    public let routine: Routine
    public let single: Bool
    // The state `handle` touches for every frame is exempt from runtime exclusivity checks, which cost more than the
    // rest of `handle` (a `swift_beginAccess`/`swift_endAccess` pair per access). That is sound because nothing
    // accesses the runner while `handle` modifies it: observers run inside `handle` but only read, and never
    // `analysis` (a readout reads it between frames).
    @exclusivity(unchecked) public private(set) var phase: Phase = .exercising
    @exclusivity(unchecked) public private(set) var index = 0
    @exclusivity(unchecked) public private(set) var analysis: ExerciseAnalysis
    public private(set) var results: [ExerciseResult] = []
    @exclusivity(unchecked) public private(set) var frames = 0
    @exclusivity(unchecked) public private(set) var firstMicros: Int64?
    @exclusivity(unchecked) public private(set) var lastMicros: Int64 = 0
    @exclusivity(unchecked) public private(set) var exerciseStartMicros: Int64?
    @exclusivity(unchecked) public private(set) var paused = false
    @exclusivity(unchecked) private var buttonWasDown = false
    @exclusivity(unchecked) private var faultySensor: Int8 = -1
    /// The sensors' names from the device profile, for messages ("bottom-left").
    public var sensorNames: [String] = []
    /// Sensor faults seen, for the report.
    public private(set) var sensorFaults: [(sensor: Int, atMicros: Int64)] = []
    @exclusivity(unchecked) private var pendingCommand: SessionCommand?
    public var observer: (SessionEvent) -> Void

    public init(routine: Routine, single: Bool = false, observer: @escaping (SessionEvent) -> Void = { _ in }) {
        precondition(!routine.exercises.isEmpty, "a routine has at least one exercise")
        self.routine = routine
        self.single = single
        self.observer = observer
        analysis = ExerciseAnalysis(settings: routine.exercises[0].settings)
    }

    public func sensorName(_ i: Int) -> String { i >= 0 && i < sensorNames.count ? sensorNames[i] : "sensor \(i + 1)" }

    public var currentExercise: RoutineExercise { routine.exercises[min(index, routine.exercises.count - 1)] }
    public var isFinished: Bool { phase == .finished }
    public var durationSeconds: Double { Double(lastMicros - (firstMicros ?? lastMicros)) / 1_000_000 }

    /// A key or menu command, applied at once at the time of the last sample.
    public func command(_ c: SessionCommand) {
        if firstMicros == nil {
            pendingCommand = c
        } else {
            apply(c, atMicros: lastMicros)
        }
    }

    public func handle(_ s: Sample) {
        let now = s.timeMicros
        frames += 1
        if firstMicros == nil { firstMicros = now }
        lastMicros = now
        let pressed = s.buttonDown && !buttonWasDown
        buttonWasDown = s.buttonDown
        if s.faultySensor != faultySensor {
            if s.faultySensor >= 0 {
                sensorFaults.append((Int(s.faultySensor), now))
                observer(.sensorFault(index: index, sensor: Int(s.faultySensor), atMicros: now))
            } else {
                observer(.sensorRecovered(index: index, sensor: Int(faultySensor), atMicros: now))
            }
            faultySensor = s.faultySensor
        }
        if let c = pendingCommand {
            pendingCommand = nil
            apply(c, atMicros: now)
        }
        if phase == .finished || paused { return }
        if exerciseStartMicros == nil { begin(atMicros: now) }
        if case .resting(let until) = phase {
            guard pressed || now >= until else { return }
            advance(atMicros: now)
            if phase == .finished { return }
        } else if pressed, !single {
            end(.button, atMicros: now)
            advance(atMicros: now)
            if phase == .finished { return }
            // The press belongs to the exercise it ended; the new one starts with the next sample.
            return
        }
        let i = index
        analysis.handle(s) { self.forward($0, index: i) }
        guard !single else { return }
        if analysis.targetMet, !analysis.isHolding {
            end(.targetMet, atMicros: now)
            rest(atMicros: now)
        } else if let start = exerciseStartMicros,
            Double(now - start) >= currentExercise.timeLimitSeconds * 1_000_000
        {
            end(.timeLimit, atMicros: now)
            rest(atMicros: now)
        }
    }

    /// Ends the session: the exercise in progress ends at the last sample, the rest are skipped.
    public func finish(reason: EndReason = .endOfSource) {
        guard phase != .finished else { return }
        var firstNotStarted = index + 1
        if phase == .exercising {
            if exerciseStartMicros != nil {
                end(reason, atMicros: lastMicros)
            } else {
                firstNotStarted = index
            }
        }
        skipRemaining(from: firstNotStarted)
        phase = .finished
        observer(.sessionEnded)
    }

    /// Pauses and resumes without a key, e.g. while a device is away. An open hold ends at `micros`.
    public func setPaused(_ value: Bool, atMicros micros: Int64) {
        guard value != paused, phase != .finished else { return }
        paused = value
        if value {
            let i = index
            analysis.finish(atMicros: micros) { self.forward($0, index: i) }
            observer(.paused(atMicros: micros))
        } else {
            observer(.resumed(atMicros: micros))
        }
    }

    // MARK: Transitions

    private func apply(_ c: SessionCommand, atMicros now: Int64) {
        switch c {
        case .togglePause:
            setPaused(!paused, atMicros: now)
        case .quit:
            finish(reason: .quit)
        case .next:
            guard phase != .finished else { return }
            if case .resting = phase {
                advance(atMicros: now)
            } else if exerciseStartMicros != nil {
                end(.next, atMicros: now)
                advance(atMicros: now)
            }
        case .redo:
            guard phase == .exercising else { return }
            analysis = ExerciseAnalysis(settings: currentExercise.settings)
            exerciseStartMicros = now
            observer(.exerciseStarted(index: index, atMicros: now))
        }
    }

    private func begin(atMicros now: Int64) {
        exerciseStartMicros = now
        analysis = ExerciseAnalysis(settings: currentExercise.settings)
        observer(.exerciseStarted(index: index, atMicros: now))
    }

    private func forward(_ e: DetectorEvent, index i: Int) {
        switch e {
        case .baselineEstablished(let b): observer(.baselineEstablished(index: i, b))
        case .holdStarted(let t, let side): observer(.holdStarted(index: i, atMicros: t, side: side))
        case .holdTargetReached(let t): observer(.holdTargetReached(index: i, atMicros: t))
        case .repEnded(let r): observer(.repEnded(index: i, r))
        case .circleCounted(let r): observer(.circleCounted(index: i, r))
        case .steppedOff(let t): observer(.steppedOff(index: i, atMicros: t))
        case .steppedOn(let t): observer(.steppedOn(index: i, atMicros: t))
        case .sampleSkipped(let t, let reason): observer(.sampleSkipped(index: i, atMicros: t, reason: reason))
        case .gap(let from, let to): observer(.gap(index: i, fromMicros: from, toMicros: to))
        }
    }

    private func end(_ reason: EndReason, atMicros now: Int64) {
        let i = index
        analysis.finish(atMicros: now) { self.forward($0, index: i) }
        let status: ExerciseStatus
        if analysis.targetMet {
            status = .passed
        } else {
            switch reason {
            case .timeLimit, .quit, .deviceLost: status = .incomplete
            case .button, .next: status = analysis.reps.isEmpty ? .skipped : .failed
            case .endOfSource: status = single ? .failed : .incomplete
            case .notReached: status = .skipped
            case .targetMet: status = .passed
            }
        }
        let result = ExerciseResult(
            index: i, exercise: currentExercise, status: status, reason: reason, reps: analysis.reps,
            baseline: analysis.baseline, startMicros: exerciseStartMicros, endMicros: now,
            clockwise: analysis.clockwise, counterclockwise: analysis.counterclockwise)
        results.append(result)
        observer(.exerciseEnded(result))
    }

    private func rest(atMicros now: Int64) {
        guard index + 1 < routine.exercises.count else {
            phase = .finished
            observer(.sessionEnded)
            return
        }
        let until = now + Int64(routine.restSeconds * 1_000_000)
        phase = .resting(untilMicros: until)
        observer(.restStarted(nextIndex: index + 1, untilMicros: until))
    }

    private func advance(atMicros now: Int64) {
        index += 1
        guard index < routine.exercises.count else {
            index = routine.exercises.count - 1
            phase = .finished
            observer(.sessionEnded)
            return
        }
        phase = .exercising
        begin(atMicros: now)
    }

    private func skipRemaining(from first: Int) {
        guard first < routine.exercises.count else { return }
        for i in first..<routine.exercises.count {
            let r = ExerciseResult(
                index: i, exercise: routine.exercises[i], status: .skipped, reason: .notReached, reps: [],
                baseline: nil, startMicros: nil, endMicros: nil, clockwise: 0, counterclockwise: 0)
            results.append(r)
            observer(.exerciseEnded(r))
        }
    }
}
