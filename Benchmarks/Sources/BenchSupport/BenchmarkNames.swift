/// The benchmarks' names, shared by the benchmark target and the report that reads their results.
public enum BenchmarkNames {
    public static func parsePlantar(_ r: String) -> String { "\(r) parse plantar" }
    public static func parseLibevemu(_ r: String) -> String { "\(r) parse libevemu" }
    public static func analyse(_ r: String) -> String { "\(r) analyse plantar" }
    public static func detectors(_ r: String) -> String { "\(r) detectors" }
    /// `plantar replay FILE --exercise toe-presses --json` and `evemu-parse FILE`, one after the other in each round.
    public static func replay(_ r: String) -> String { "\(r) replay process" }
    /// `plantar --version` and `evemu-parse --version`, one after the other in each round.
    public static let startUp = "start-up"

    /// The metrics of the two-program benchmarks (custom metrics; no dots, they end up in file names).
    public enum Metric {
        public static let plantarWall = "plantar wall (us)"
        public static let referenceWall = "evemu-parse wall (us)"
        /// plantar's wall time over evemu-parse's in the same round, in ten-thousandths.
        public static let ratio = "wall ratio (1e-4)"
        public static let plantarRSS = "plantar peak RSS (KB)"
        public static let referenceRSS = "evemu-parse peak RSS (KB)"
        public static let all = [plantarWall, referenceWall, ratio, plantarRSS, referenceRSS]
    }

    /// The detector benchmark measures the frames after this many (baselines established, state warm).
    public static func warmupFrames(of frames: Int) -> Int { frames / 20 }
    /// Room reserved for reps in each analysis while measuring steady state.
    public static let reservedReps = 8192
}
