import ArgumentParser
import Foundation
import PlantarInput
import PlantarSignal
import PlantarSimulator
import PlantarSupport

struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract:
            "Write a realistic balance-board (or 16-cell pad) recording of someone doing an exercise, and its expected "
            + "result.")

    @Option(help: "The exercise; leave out for the whole built-in routine.")
    var exercise: ExerciseKind?

    @Option(
        help: ArgumentHelp(
            "What else happens: standard, distractors (fidgets, stepping off), short (target missed), quiet (standing "
                + "still), fidget (slow shifts under the thresholds), reposition (stepping off and back on elsewhere).")
    )
    var variant: String = "standard"

    @Option(
        help: ArgumentHelp(
            "The device: board (a Wii Balance Board: four corners, the centre of pressure only) or pad16 (a 16-cell "
                + "pressure pad that sees the toes, heels and each foot; no Bluetooth gaps or faults)."))
    var device: String = "board"

    @Option(help: "Body mass in kg (20-200).")
    var mass: Double = 70

    @Option(help: "Mean sample rate in Hz (5-1000).")
    var rate: Double = 100

    @Option(help: "Mean seconds between Bluetooth gaps (0: none).")
    var gapEvery: Double = 40

    @Option(help: "The longest Bluetooth gap in seconds (0.8-10).")
    var gapMax: Double = 0.8

    @Option(help: "The longest interval between frames, as a multiple of the mean (1.1-3).")
    var jitterMax: Double = 1.4

    @Option(help: "Sensor noise per corner (pad: per cell) in kg, one standard deviation (0-1).")
    var noise: Double = 0.04

    @Option(
        help: ArgumentHelp(
            "A fault to script: gap@START+SECONDS, dropped@…, jump@… (clock jump), stuck:N@…, dead:N@…, saturated:N@… "
                + "(N: corner 0 top-right, 1 bottom-right, 2 top-left, 3 bottom-left). Repeatable."))
    var fault: [String] = []

    @Option(help: "Seed: the same seed gives the same recording.")
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: "Where to write the recording (gzip-compressed when it ends in .gz).")
    var out: String

    @Option(help: "Where to write the expected result (default: OUT with .expected.json).")
    var expected: String?

    func validate() throws {
        guard (20...200).contains(mass) else { throw ValidationError("--mass must be between 20 and 200 kg.") }
        guard (5...1000).contains(rate) else { throw ValidationError("--rate must be between 5 and 1000 Hz.") }
        guard gapEvery.isFinite, gapEvery >= 0 else { throw ValidationError("--gap-every must be 0 or more seconds.") }
        guard (0.8...10).contains(gapMax) else { throw ValidationError("--gap-max must be between 0.8 and 10 s.") }
        guard (1.1...3).contains(jitterMax) else { throw ValidationError("--jitter-max must be between 1.1 and 3.") }
        guard (0...1).contains(noise) else { throw ValidationError("--noise must be between 0 and 1 kg.") }
        for f in fault where BoardRecorder.Fault(f) == nil {
            throw ValidationError("--fault '\(f)' is not of the form KIND[:CORNER]@START+SECONDS.")
        }
        guard device == "board" || device == "pad16" else {
            throw ValidationError("--device must be board or pad16.")
        }
        guard device == "board" || fault.isEmpty else { throw ValidationError("--fault is for the board only.") }
        guard Variant(rawValue: variant) != nil else {
            throw ValidationError(
                "--variant must be one of \(Variant.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
    }

    func run() throws {
        var rng = SeededRandom(seed: seed)
        let person = Person(
            massKilograms: mass, swayMillimetres: rng.uniform(2...4),
            stance: Point(x: rng.uniform(-12...12), y: rng.uniform(-25...5)))
        let (script, quiet): (Script, [Double])
        if let exercise {
            (script, quiet) = ScenarioBuilder.single(
                exercise, person: person, variant: Variant(rawValue: variant)!, seed: seed,
                seesRegions: device == "pad16")
        } else {
            (script, quiet) = ScenarioBuilder.routine(person: person, seed: seed)
        }
        var options = BoardRecorder.Options()
        options.rateHertz = rate
        options.gapEverySeconds = gapEvery
        options.gapSeconds = 0.5...gapMax
        options.jitter = 0.6...jitterMax
        options.noiseKilograms = noise
        options.seed = seed
        options.faults = fault.compactMap(BoardRecorder.Fault.init)
        if !options.faults.isEmpty {
            // Faults are the point: keep random gaps and drops out of the way.
            options.gapEverySeconds = 0
            options.dropChance = 0
        }
        // Beside a device or FIFO there is no place for the expected result: it is named, or nothing is written.
        let outKind = OutputFile.kind(of: out)
        if expected == nil, outKind != .new, outKind != .regular {
            throw PlantarError.usage("\(out) is not a regular file: name the expected result's file with --expected")
        }
        let what = exercise?.rawValue ?? "the built-in routine"
        let pad = device == "pad16"
        let writer = try EvemuWriter(
            path: out, device: pad ? PadRecorder.device : .wiiBalanceBoard,
            comment:
                "Simulated by plantar \(Plantar.version): \(what), \(variant), \(Int(mass)) kg, ~\(Int(rate)) Hz, seed \(seed)"
                + (noise == 0.04 ? "" : ", noise \(noise) kg") + (pad ? ", 16-cell pad" : "")
        )
        if pad {
            var padOptions = PadRecorder.Options()
            padOptions.rateHertz = rate
            padOptions.noiseKilograms = noise
            padOptions.seed = seed
            var recorder = PadRecorder(person: person, options: padOptions)
            try recorder.record(script, to: writer)
        } else {
            var recorder = BoardRecorder(person: person, options: options)
            try recorder.record(script, quietTimes: quiet, to: writer)
        }
        let stem = [".evemu.gz", ".evemu"].first { out.hasSuffix($0) }.map { String(out.dropLast($0.count)) } ?? out
        let expectedPath = expected ?? stem + ".expected.json"
        try writer.finish()
        try OutputFile.write(ExpectedFile.json(script.expected, person: person, options: options), to: expectedPath)
        Console.line("wrote \(out) (\(String(format: "%.1f", script.now)) s) and \(expectedPath)")
    }
}
