/// One signal over time, decimated as it streams in: the first, last, lowest and highest value of each time bucket.
///
/// Buckets start `initialBucketMicros` wide. When a sample falls beyond the last of `capacity` buckets, neighbouring
/// buckets are merged pairwise and the width doubles, so memory stays O(capacity) however long the recording is, and
/// every bucket is at most a `capacity / 2`-th of the time seen so far. Drawing re-buckets into pixel columns
/// (`columns(from:to:count:)`): with `capacity` at least twice the plot's width, each column's extremes are exact.
public struct MinMaxTrace: Sendable {
    public struct Bucket: Sendable, Equatable {
        public var firstMicros: Int64
        public var lastMicros: Int64
        public var first: Double
        public var last: Double
        public var min: Double
        public var max: Double
        public var count: Int

        init(micros: Int64, value: Double) {
            firstMicros = micros
            lastMicros = micros
            first = value
            last = value
            min = value
            max = value
            count = 1
        }

        /// `other` comes after `self` in time.
        mutating func merge(_ other: Bucket) {
            lastMicros = other.lastMicros
            last = other.last
            min = Swift.min(min, other.min)
            max = Swift.max(max, other.max)
            count += other.count
        }

        mutating func add(micros: Int64, value: Double) {
            lastMicros = micros
            last = value
            min = Swift.min(min, value)
            max = Swift.max(max, value)
            count += 1
        }
    }

    public let capacity: Int
    public private(set) var bucketMicros: Int64
    public private(set) var originMicros: Int64?
    public private(set) var buckets: [Bucket?] = []
    /// Samples taken in, all told.
    public private(set) var sampleCount = 0

    public init(capacity: Int = 4096, initialBucketMicros: Int64 = 5_000) {
        self.capacity = Swift.max(2, capacity + capacity % 2)
        bucketMicros = Swift.max(1, initialBucketMicros)
    }

    /// Takes one sample; non-finite values and times before the first sample are ignored.
    public mutating func add(micros: Int64, value: Double) {
        guard value.isFinite else { return }
        let origin = originMicros ?? micros
        originMicros = origin
        guard micros >= origin else { return }
        var index = Int((micros - origin) / bucketMicros)
        while index >= capacity {
            halve()
            index = Int((micros - origin) / bucketMicros)
        }
        if index >= buckets.count {
            buckets.append(contentsOf: repeatElement(nil, count: index + 1 - buckets.count))
        }
        if buckets[index] == nil {
            buckets[index] = Bucket(micros: micros, value: value)
        } else {
            buckets[index]!.add(micros: micros, value: value)
        }
        sampleCount += 1
    }

    private mutating func halve() {
        var merged: [Bucket?] = []
        merged.reserveCapacity(capacity)
        var i = 0
        while i < buckets.count {
            var b = buckets[i]
            if i + 1 < buckets.count, let next = buckets[i + 1] {
                if b == nil { b = next } else { b!.merge(next) }
            }
            merged.append(b)
            i += 2
        }
        buckets = merged
        bucketMicros *= 2
    }

    /// The buckets whose first sample lies in [from, to), merged into `count` equal columns (nil: no sample).
    public func columns(from: Int64, to: Int64, count: Int) -> [Bucket?] {
        guard count > 0, to > from else { return [] }
        var out = [Bucket?](repeating: nil, count: count)
        let span = Double(to - from)
        for case let b? in buckets where b.firstMicros >= from && b.firstMicros < to {
            let c = Swift.min(count - 1, Int(Double(b.firstMicros - from) / span * Double(count)))
            if out[c] == nil { out[c] = b } else { out[c]!.merge(b) }
        }
        return out
    }

    /// The lowest and highest values in [from, to), leaving out buckets that overlap `excluding` (e.g. moments off the
    /// board) and the outer `trimFraction` of buckets at either end of the value range.
    public func range(
        from: Int64, to: Int64, trimFraction: Double = 0, excluding: [ClosedRange<Int64>] = []
    ) -> ClosedRange<Double>? {
        let inside = buckets.compactMap { $0 }.filter { b in
            b.firstMicros >= from && b.firstMicros < to
                && !excluding.contains { $0.overlaps(b.firstMicros...b.lastMicros) }
        }
        guard !inside.isEmpty else { return nil }
        let lows = inside.map(\.min).sorted()
        let highs = inside.map(\.max).sorted()
        let k = Swift.min(inside.count - 1, Int(Double(inside.count) * trimFraction))
        let lo = lows[k]
        let hi = highs[inside.count - 1 - k]
        return Swift.min(lo, hi)...Swift.max(lo, hi)
    }
}
