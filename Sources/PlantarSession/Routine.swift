import Foundation
import PlantarInput
import PlantarSignal
import PlantarSupport

/// One exercise of a routine: what to do, the target, and how it is verified.
public struct RoutineExercise: Sendable, Equatable {
    public var settings: ExerciseSettings
    /// An exercise still going after this long ends as `incomplete`.
    public var timeLimitSeconds: Double
    public var instruction: String
    /// Where progression may move this exercise's target (the routine file's own limits); nil: the article's.
    public var progressionRange: ProgressionRange?

    public init(settings: ExerciseSettings, timeLimitSeconds: Double = 180, instruction: String? = nil) {
        self.settings = settings
        self.timeLimitSeconds = timeLimitSeconds
        self.instruction = instruction ?? Routine.defaultInstruction(settings.kind)
    }

    public var kind: ExerciseKind { settings.kind }
}

/// A list of exercises with their targets (a TOML file, or the built-in routine).
///
/// ```toml
/// name = "Morning feet"
/// rest_seconds = 5            # pause after an exercise's target is met before the next starts
/// progression = true         # targets follow the history within their range (false: as written)
/// voice = true                # spoken cues, as with --voice
///
/// [[exercise]]
/// id = "toe-presses"          # ankle-circles, foot-flexes, pencil-pickups, toe-presses, toe-walks
/// reps = 10                   # ankle-circles: circles in each direction
/// hold_seconds = 3
/// time_limit_seconds = 180
/// instruction = "Grip the floor with your toes."
/// enter = 15                  # detector overrides, in the exercise's unit (mm, or kg for foot-flexes)
/// exit = 10
/// grace_seconds = 0.25
/// max_gap_seconds = 2
/// progression_min = 10       # this routine's own range for progression, in reps (seconds of hold for
/// progression_max = 20       # foot-flexes and toe-walks); left out: the article's
/// progression_step = 2
/// ```
public struct Routine: Sendable, Equatable {
    public var name: String
    public var restSeconds: Double
    public var exercises: [RoutineExercise]
    public var sourcePath: String?
    /// Targets follow the history (three sessions met: a step up; two missed: a step back). `progression = false`.
    public var progression = true
    /// Spoken cues in run and demo, as with `--voice`: `voice = true`.
    public var voice: Bool?

    public init(name: String, restSeconds: Double = 5, exercises: [RoutineExercise], sourcePath: String? = nil) {
        self.name = name
        self.restSeconds = restSeconds
        self.exercises = exercises
        self.sourcePath = sourcePath
    }

    /// The five exercises of the article, in its order, with the documented defaults.
    public static let builtIn = Routine(
        name: "Five foot exercises",
        restSeconds: 5,
        exercises: ExerciseKind.allCases.map {
            RoutineExercise(settings: $0.defaultSettings)
        })

    /// A routine of one exercise with its defaults: `replay --exercise ID`.
    public static func single(_ kind: ExerciseKind) -> Routine {
        Routine(name: kind.displayName, restSeconds: 0, exercises: [RoutineExercise(settings: kind.defaultSettings)])
    }

    public static func defaultInstruction(_ kind: ExerciseKind) -> String {
        switch kind {
        case .ankleCircles:
            return "Stand tall and slowly circle your weight around your ankles: 5 circles one way, then 5 the other."
        case .footFlexes:
            return
                "Sit with legs straight and heels on the board, band over your feet; flex your feet back and hold 5-10 s."
        case .pencilPickups:
            return
                "Stand on one foot and pick up the pencil with the toes of the other; hold it up for 10 s, then drop it."
        case .toePresses:
            return "Stand with knees slightly bent and grip the floor with your toes; hold for 3 s, then relax."
        case .toeWalks:
            return "Rise onto your tiptoes and walk in place for 10-20 s, or until you have to stop."
        }
    }

    // MARK: Files

    /// Reads a routine file; every error names the file, the line and the key.
    public static func load(path: String) throws -> Routine {
        let root = try TOMLReader(file: path, allowed: ["name", "rest_seconds", "exercise", "progression", "voice"])
        let name = try root.string("name") ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let rest = try root.double("rest_seconds", in: 0...600) ?? 5
        var exercises: [RoutineExercise] = []
        for r in try root.tables("exercise", allowed: exerciseKeys) {
            exercises.append(try exercise(from: r))
        }
        guard !exercises.isEmpty else { throw root.failHere("a routine needs at least one [[exercise]]") }
        var routine = Routine(name: name, restSeconds: rest, exercises: exercises, sourcePath: path)
        routine.progression = try root.bool("progression") ?? true
        routine.voice = try root.bool("voice")
        return routine
    }

    /// The keys of an `[[exercise]]` table.
    public static let exerciseKeys: Set<String> = [
        "id", "reps", "hold_seconds", "time_limit_seconds", "instruction", "enter", "exit", "grace_seconds",
        "max_gap_seconds", "step_off_fraction", "baseline_seconds", "progression_min", "progression_max",
        "progression_step", "baseline_tolerance_kg", "baseline_tolerance_fraction", "baseline_cop_tolerance_mm",
        "use_regions", "toe_share_rise_enter", "toe_share_rise_exit", "heel_share_enter", "heel_share_exit",
    ]

    /// The keys of the region rules: what a device that sees the toes, heels and feet must show
    /// (`HoldDetector.RegionRule`).
    static let regionKeys = [
        "use_regions", "toe_share_rise_enter", "toe_share_rise_exit", "heel_share_enter", "heel_share_exit",
    ]

    private static func exercise(from r: TOMLReader) throws -> RoutineExercise {
        guard let id = try r.string("id") else { throw r.failHere("needs an id") }
        guard let kind = ExerciseKind(rawValue: id) else {
            throw r.fail("id", "is not an exercise (\(ExerciseKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var settings = kind.defaultSettings
        if let reps = try r.int("reps", in: 1...1000) { settings.targetReps = reps }
        if let hold = try r.double("hold_seconds", in: 0...600) {
            guard kind != .ankleCircles else { throw r.fail("hold_seconds", "does not apply to ankle-circles") }
            settings.setHoldSeconds(hold)
        }
        if let b = try r.double("baseline_seconds", in: 0.1...60) { settings.baseline.windowSeconds = b }
        if let t = try r.double("baseline_tolerance_kg", in: 0...50) { settings.baseline.toleranceKilograms = t }
        if let f = try r.double("baseline_tolerance_fraction", in: 0...1) { settings.baseline.toleranceFraction = f }
        if let c = try r.double("baseline_cop_tolerance_mm", in: 0...500) {
            settings.baseline.copToleranceMillimetres = c
        }
        let enter = try r.double("enter", in: 0...1000)
        let exit = try r.double("exit", in: 0...1000)
        let grace = try r.double("grace_seconds", in: 0...10)
        let gap = try r.double("max_gap_seconds", in: 0.01...3600)
        let stepOff = try r.double("step_off_fraction", in: 0...1)
        switch settings.detector {
        case .hold(var p):
            if let enter { p.enterThreshold = enter }
            if let exit { p.exitThreshold = exit }
            if let grace { p.graceSeconds = grace }
            if let gap { p.maxGapSeconds = gap }
            if let stepOff { p.stepOffFraction = stepOff }
            guard p.exitThreshold <= p.enterThreshold else {
                throw r.fail(
                    exit == nil ? "enter" : "exit",
                    "makes exit (\(p.exitThreshold)) larger than enter (\(p.enterThreshold))")
            }
            p.regionRule = try regionRule(from: r, kind: kind, default: p.regionRule)
            settings.detector = .hold(p)
        case .circles(var p):
            if grace != nil { throw r.fail("grace_seconds", "does not apply to ankle-circles") }
            if let key = regionKeys.first(where: { r.table[$0] != nil }) {
                throw r.fail(key, "does not apply to ankle-circles")
            }
            if let enter { p.enterRadiusMillimetres = enter }
            if let exit { p.exitRadiusMillimetres = exit }
            if let gap { p.maxGapSeconds = gap }
            if let stepOff { p.stepOffFraction = stepOff }
            guard p.exitRadiusMillimetres <= p.enterRadiusMillimetres else {
                throw r.fail(exit == nil ? "enter" : "exit", "makes the exit radius larger than the enter radius")
            }
            settings.detector = .circles(p)
        }
        var exercise = RoutineExercise(
            settings: settings, timeLimitSeconds: try r.double("time_limit_seconds", in: 1...86_400) ?? 180,
            instruction: try r.string("instruction"))
        exercise.progressionRange = try progressionRange(from: r, kind: kind, settings: settings)
        return exercise
    }

    /// `use_regions` (false: the centre of pressure alone, as on the balance board), `toe_share_rise_enter` /
    /// `toe_share_rise_exit` (toe presses: how far the toes' share of the load rises over the baseline's, 0–1) and
    /// `heel_share_enter` / `heel_share_exit` (toe walks: the heels' largest share of the load, 0–1).
    private static func regionRule(from r: TOMLReader, kind: ExerciseKind, default rule: RegionRule) throws
        -> RegionRule
    {
        var rule = rule
        let toeEnter = try r.double("toe_share_rise_enter", in: 0...1)
        let toeExit = try r.double("toe_share_rise_exit", in: 0...1)
        if toeEnter != nil || toeExit != nil {
            let key = toeEnter != nil ? "toe_share_rise_enter" : "toe_share_rise_exit"
            guard case .toeGrip(let enter, let exit) = rule else { throw r.fail(key, "applies to toe-presses only") }
            rule = .toeGrip(enterRise: toeEnter ?? enter, exitRise: toeExit ?? exit)
            if case .toeGrip(let enter, let exit) = rule, exit > enter {
                throw r.fail(key, "makes the exit rise (\(exit)) larger than the enter rise (\(enter))")
            }
        }
        let heelEnter = try r.double("heel_share_enter", in: 0...1)
        let heelExit = try r.double("heel_share_exit", in: 0...1)
        if heelEnter != nil || heelExit != nil {
            let key = heelEnter != nil ? "heel_share_enter" : "heel_share_exit"
            guard case .heelsOff(let enter, let exit) = rule else { throw r.fail(key, "applies to toe-walks only") }
            rule = .heelsOff(enterShare: heelEnter ?? enter, exitShare: heelExit ?? exit)
            if case .heelsOff(let enter, let exit) = rule, enter > exit {
                throw r.fail(key, "makes the enter share (\(enter)) larger than the exit share (\(exit))")
            }
        }
        if try r.bool("use_regions") == false { rule = .none }
        return rule
    }

    /// `progression_min`, `progression_max`, `progression_step`: the routine's own limits for progression, in the
    /// exercise's parameter (seconds of hold for flexes and toe walks, reps otherwise). What is left out comes from
    /// the article's range, or from the exercise's own target.
    private static func progressionRange(
        from r: TOMLReader, kind: ExerciseKind, settings: ExerciseSettings
    ) throws -> ProgressionRange? {
        let low = try r.double("progression_min", in: 0...3600)
        let high = try r.double("progression_max", in: 0...3600)
        let step = try r.double("progression_step", in: 0.1...3600)
        guard low != nil || high != nil || step != nil else { return nil }
        let builtIn = ProgressionRange.builtIn(kind)
        let parameter = builtIn?.parameter ?? .reps
        let value = parameter == .holdSeconds ? settings.holdSeconds : Double(settings.targetReps)
        let range = ProgressionRange(
            parameter: parameter, minimum: low ?? builtIn?.minimum ?? value, maximum: high ?? builtIn?.maximum ?? value,
            step: step ?? builtIn?.step ?? 1)
        guard range.minimum <= range.maximum else {
            throw r.fail(
                high == nil ? "progression_min" : "progression_max",
                "makes the progression's minimum (\(range.describe(range.minimum))) larger than its maximum "
                    + "(\(range.describe(range.maximum)))")
        }
        return range
    }

    /// The routine as a TOML file that `load` reads back.
    public func toml() -> String {
        // A comment holds no control characters: the name's are left out of it (its value keeps them, escaped).
        let comment = String(
            String.UnicodeScalarView(name.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7f }))
        var out = "# \(comment)\nname = \(quoted(name))\nrest_seconds = \(format(restSeconds))\n"
        if !progression { out += "progression = false\n" }
        if let voice { out += "voice = \(voice)\n" }
        for e in exercises {
            out += "\n[[exercise]]\nid = \"\(e.kind.rawValue)\"\n"
            out += "instruction = \(quoted(e.instruction))\n"
            out += "reps = \(e.settings.targetReps)\n"
            switch e.settings.detector {
            case .hold(let p):
                out += "hold_seconds = \(format(p.holdSeconds))\n"
                out += "enter = \(format(p.enterThreshold))\nexit = \(format(p.exitThreshold))\n"
                out += "grace_seconds = \(format(p.graceSeconds))\n"
                out += regionLines(p.regionRule, kind: e.kind)
            case .circles(let p):
                out += "enter = \(format(p.enterRadiusMillimetres))\nexit = \(format(p.exitRadiusMillimetres))\n"
            }
            out += "time_limit_seconds = \(format(e.timeLimitSeconds))\n"
            if let p = e.progressionRange {
                out += "progression_min = \(format(p.minimum))\nprogression_max = \(format(p.maximum))\n"
                out += "progression_step = \(format(p.step))\n"
            }
        }
        return out
    }

    /// The region keys of a rule that is not the exercise's default.
    private func regionLines(_ rule: RegionRule, kind: ExerciseKind) -> String {
        guard case .hold(let d) = kind.defaultSettings.detector, rule != d.regionRule else { return "" }
        switch rule {
        case .none: return "use_regions = false\n"
        case .standingFoot: return ""
        case .toeGrip(let enter, let exit):
            return "toe_share_rise_enter = \(format(enter))\ntoe_share_rise_exit = \(format(exit))\n"
        case .heelsOff(let enter, let exit):
            return "heel_share_enter = \(format(enter))\nheel_share_exit = \(format(exit))\n"
        }
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped.
    private func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where u.value < 0x20 || u.value == 0x7f:
                let hex = String(u.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    private func format(_ d: Double) -> String {
        d == d.rounded() && abs(d) < 1e9 ? String(Int(d)) : String(d)
    }
}

/// Where users keep their routines, and lookup by name.
public enum RoutineStore {
    public static var directory: String {
        let env = Console.environment
        let config = env["XDG_CONFIG_HOME"] ?? ((env["HOME"] ?? "/root") + "/.config")
        return config + "/plantar/routines"
    }

    /// A path, or the name of a file in the routines directory (with or without `.toml`).
    public static func resolve(_ nameOrPath: String) throws -> Routine {
        if nameOrPath == "builtin" || nameOrPath == "default" { return .builtIn }
        if FileManager.default.fileExists(atPath: nameOrPath) { return try Routine.load(path: nameOrPath) }
        for candidate in [directory + "/" + nameOrPath, directory + "/" + nameOrPath + ".toml"]
        where FileManager.default.fileExists(atPath: candidate) {
            return try Routine.load(path: candidate)
        }
        throw PlantarError.badInput(
            path: nameOrPath, line: 0, message: "no such routine file (nor \(directory)/\(nameOrPath).toml)")
    }

    /// What `--exercise ID` or `--routine NAME|FILE` ask for; the built-in routine when neither is given.
    public static func chosen(exercise: ExerciseKind?, routine: String?) throws -> Routine {
        if let exercise { return .single(exercise) }
        if let routine { return try resolve(routine) }
        return .builtIn
    }

    public static func list() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".toml") }
            .sorted()
    }
}
