// Only the C library's calloc and free: the signal module does no I/O and reads no clock.
import Glibc

/// A function of the interval between two samples, in whole microseconds, remembered for intervals below
/// `IntervalMemo.count`: the filters' steps 1 − exp(−Δt / τ) cost a call to `exp` per sample, and a device's
/// intervals come from a small set (its report period and jitter, in whole microseconds; on the balance board's one-hour
/// benchmark recording, 93 % of the frames have an interval seen before), so a look-up replaces most of the calls.
///
/// The value remembered is the one the function returned, bit for bit, so nothing computed from it changes. 0 marks
/// an interval not yet seen: a function that returns 0 (or −0) for some interval is simply called again each time.
/// The table is allocated on the first interval to remember (with `calloc`, so that only the pages of intervals that
/// occur are ever touched: 128 KiB at most) and shared by copies until one of them remembers something, as an array
/// is: a copy that is not the only owner starts a table of its own (the values are only a cache) rather than writing
/// into a shared one.
///
/// The function must depend on the interval alone (and on constants of its owner, fixed at initialisation).
struct IntervalMemo: Sendable {
    /// Intervals 0 ..< count µs are remembered (about 16 ms: a 100 Hz board's intervals and their jitter).
    static let count = 1 << 14

    private var table: Table?

    init() {}

    /// The remembered values, zero where none is known yet.
    final class Table: @unchecked Sendable {
        // Written only while its owner holds the only reference (see `remember`), as an array's storage is.
        let values: UnsafeMutablePointer<Double>

        init?() {
            guard let raw = calloc(IntervalMemo.count, MemoryLayout<Double>.stride) else { return nil }
            values = raw.assumingMemoryBound(to: Double.self)
        }

        deinit { free(values) }
    }

    /// `f(micros)`, from the table when `micros` has been seen before.
    @inline(__always)
    mutating func value(atMicros micros: Int64, _ f: (Int64) -> Double) -> Double {
        if let t = table, UInt64(bitPattern: micros) < UInt64(Self.count) {
            let known = t.values[Int(micros)]
            if known != 0 { return known }
        }
        let v = f(micros)
        remember(v, atMicros: micros)
        return v
    }

    @inline(never)
    private mutating func remember(_ v: Double, atMicros micros: Int64) {
        guard UInt64(bitPattern: micros) < UInt64(Self.count) else { return }
        if !isKnownUniquelyReferenced(&table) {
            table = Table()
        }
        table?.values[Int(micros)] = v
    }
}
