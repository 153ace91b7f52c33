/// The benchmarks' names, shared by the benchmark target and the report that reads their results.
public enum BenchmarkNames {
    public static func parsePlantar(_ r: String) -> String { "\(r) parse plantar" }
    public static func parseLibevemu(_ r: String) -> String { "\(r) parse libevemu" }
    public static func analyse(_ r: String) -> String { "\(r) analyse plantar" }
    public static func detectors(_ r: String) -> String { "\(r) detectors" }
    public static let replay = "board-1h replay"
    public static let referenceRun = "board-1h evemu-parse"
    public static let version = "plantar --version"
    public static let referenceVersion = "evemu-parse --version"
    public static let peakResidentMetric = "child peak RSS (KB)"

    /// The detector benchmark measures the frames after this many (baselines established, state warm).
    public static func warmupFrames(of frames: Int) -> Int { frames / 20 }
    /// Room reserved for reps in each analysis while measuring steady state.
    public static let reservedReps = 8192
}
