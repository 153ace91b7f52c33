/// Checks, before anything is timed, that Plantar and libevemu read the same events from each recording.
public enum Verification {
    public static func check(_ recordings: [Recording], log: (String) -> Void) throws {
        for r in recordings {
            let c = try Pipeline.parseWithLibevemu(path: r.path)
            guard c.events == r.facts.events, c.checksum == r.facts.checksum else {
                throw BenchError(
                    "\(r.name): libevemu read \(c.events) events (checksum \(c.checksum)), Plantar "
                        + "\(r.facts.events) (checksum \(r.facts.checksum))")
            }
            log("\(r.name): Plantar and libevemu agree on \(c.events) events (checksum \(c.checksum))")
        }
    }
}
