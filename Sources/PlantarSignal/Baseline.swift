/// The user at rest: mean load and centre of pressure, the reference every detector measures from.
public struct Baseline: Sendable, Equatable, Codable {
    public var loadKilograms: Double
    public var cop: Point
    /// When the steady window that produced it began and ended, in microseconds.
    public var startMicros: Int64
    public var endMicros: Int64
    /// The mean load on each region of the feet, on devices that see regions (`present` 0 otherwise).
    public var regions: RegionLoads

    public init(
        loadKilograms: Double, cop: Point, startMicros: Int64, endMicros: Int64, regions: RegionLoads = .none
    ) {
        self.loadKilograms = loadKilograms
        self.cop = cop
        self.startMicros = startMicros
        self.endMicros = endMicros
        self.regions = regions
    }

    /// The share of the load on region `r`, or nil when the device does not see it.
    @inlinable @inline(__always)
    public func share(_ r: Region) -> Double? {
        guard regions.has(r), loadKilograms > 0 else { return nil }
        return regions[r] / loadKilograms
    }
}

/// Finds the first still window: `windowSeconds` of samples in which the body's load is at least
/// `minimumLoadKilograms` and varies by less than max(`toleranceKilograms`, `toleranceFraction` × mean), and its
/// centre of pressure by less than `copToleranceMillimetres`.
///
/// "Varies" is judged on the body, not on sensor noise. Time is cut into `blocks` blocks per window; the body's load
/// (and centre of pressure) in a block is the mean of its raw samples, and a window varies by the spread (max − min)
/// of its block means. Sensor noise still moves a block mean by about σ / √n (n samples per block), so each tolerance
/// is widened by `noiseAllowance` (`copNoiseAllowance`) × σ × √(2 / n). σ is measured in the window from second
/// differences of the raw samples (a drift or a ramp cancels out), with the one or two blocks of largest spread left
/// out so that a movement never passes for noise; the load's σ is at most `maximumNoiseKilograms`, and the centre of
/// pressure's at most `copNoiseReachMillimetres` × the load's σ / load.
///
/// Blocks a Bluetooth gap leaves empty are skipped (the window is `windowSeconds` of what was seen; a gap over
/// `maximumGapSeconds` starts anew), and the window slides by a block: a still user is found at most a block after
/// `windowSeconds` of stillness, at any rate from a few hertz up. When a movement ends a still run before it fills a
/// window, the run (without its last block) is taken if it lasted `shortestWindowSeconds` with the tolerances scaled
/// to its length: a baseline taken later would lie inside that movement.
///
/// | state      | sample                                     | next                                          |
/// |------------|--------------------------------------------|-----------------------------------------------|
/// | collecting | marked (dead cell, implausible load)       | collecting, sample ignored                    |
/// | collecting | inside the current block                   | collecting, added to the block                |
/// | collecting | past the block: window not still, after a still run ≥ shortestWindow | done, baseline = the run's mean raw values |
/// | collecting | past the block: window not still           | collecting, window slides by a block          |
/// | collecting | after a gap > maximumGap                   | collecting, window emptied                    |
/// | collecting | past the block: window still               | done, baseline = the window's mean raw values |
/// | done       | anything                                   | done (the baseline never moves)               |
///
/// A window is not still when: fewer than 4 samples are in it, a block's mean
/// load is below the minimum, or a spread exceeds its widened tolerance. Not handled here: re-positioning (the
/// exercise starts a new estimator after a step-off).
public struct BaselineEstimator: Sendable {
    public struct Parameters: Sendable, Equatable {
        public var windowSeconds: Double = 1.5
        public var minimumLoadKilograms: Double = 2
        public var toleranceKilograms: Double = 1
        public var toleranceFraction: Double = 0.03
        /// How far the body's centre of pressure may wander in a still window (quiet-standing sway is a few mm).
        public var copToleranceMillimetres: Double = 12
        /// Blocks per window: the body's load is judged on block means.
        public var blocks: Int = 6
        /// How many standard deviations of a block mean's noise widen the load's tolerance.
        public var noiseAllowance: Double = 3
        /// The same for the centre of pressure, whose noise grows as the load shrinks (3 kg seated: 30 mm σ).
        public var copNoiseAllowance: Double = 4
        /// Centre-of-pressure noise is at most this × the load's noise / the load (the sensors' reach from the centre:
        /// the balance board's corners are 216.5 mm out).
        public var copNoiseReachMillimetres: Double = 300
        /// Sensor noise is never taken to be more than this (real boards: 0.2–0.5 kg σ of the total).
        public var maximumNoiseKilograms: Double = 0.6
        /// A window may bridge gaps in the samples up to this long (Bluetooth drop-outs); a longer one starts anew.
        public var maximumGapSeconds: Double = 2
        /// A still run at least this long that a movement ends before it fills a window is taken as the baseline:
        /// one taken later would lie inside the movement (0: never).
        public var shortestWindowSeconds: Double = 0.75
        public init() {}
        public static let `default` = Parameters()
    }

    struct Block: Sendable {
        var count = 0
        var load = 0.0
        var x = 0.0
        var y = 0.0
        var diffs = 0
        var loadDiff2 = 0.0
        var xDiff2 = 0.0
        var yDiff2 = 0.0
        /// Sums of the (filtered) region loads, on devices with regions.
        var regions = RegionLoads.none
        var firstMicros: Int64 = 0
        var lastMicros: Int64 = 0
    }

    public private(set) var parameters: Parameters
    public private(set) var baseline: Baseline?
    /// Closed blocks, oldest first once `closed` ≥ blocks; `ring[next]` is the oldest.
    private var ring: [Block]
    private var next = 0
    /// How many of the ring's blocks hold a window's worth (up to `blocks`).
    private var filled = 0
    /// How many of the newest blocks are still together.
    private var run = 0
    private var current = Block()
    private var blockStartMicros: Int64 = .min
    private var blockMicros: Int64
    private var last: Sample?
    private var beforeLast: Sample?

    public init(parameters: Parameters = .default) {
        self.parameters = parameters
        let n = Swift.max(3, parameters.blocks)
        ring = [Block](repeating: Block(), count: n)
        blockMicros = Swift.max(1, Int64((parameters.windowSeconds * 1_000_000 / Double(n)).rounded()))
    }

    /// Starts over with `parameters`, as a new estimator would, in the storage it has (no allocation when the number
    /// of blocks stays the same): re-positioning restarts the search this way.
    public mutating func restart(parameters: Parameters) {
        let n = Swift.max(3, parameters.blocks)
        if n == ring.count {
            for i in ring.indices { ring[i] = Block() }
        } else {
            ring = [Block](repeating: Block(), count: n)
        }
        self.parameters = parameters
        baseline = nil
        next = 0
        filled = 0
        run = 0
        current = Block()
        blockStartMicros = .min
        blockMicros = Swift.max(1, Int64((parameters.windowSeconds * 1_000_000 / Double(n)).rounded()))
        last = nil
        beforeLast = nil
    }

    /// Feeds one sample; returns the baseline when this sample completes it.
    @discardableResult
    public mutating func add(_ s: Sample) -> Baseline? {
        // A dead cell makes load and centre of pressure wrong: such samples neither start nor break a window.
        guard baseline == nil, !s.isMarked, s.rawLoadKilograms.isFinite else { return nil }
        let now = s.timeMicros
        if blockStartMicros == .min { blockStartMicros = now }
        if let p = last, Double(now - p.timeMicros) > parameters.maximumGapSeconds * 1_000_000 {
            // A long gap: what came before it is no part of a window with what follows.
            filled = 0
            run = 0
            current = Block()
            blockStartMicros = now
        }
        if now >= blockStartMicros + blockMicros {
            // Blocks a gap left empty are skipped: the window is 1.5 s of what was seen.
            let closing = current
            current = Block()
            blockStartMicros += (now - blockStartMicros) / blockMicros * blockMicros
            if closing.count > 0, let b = push(closing) {
                baseline = b
                return b
            }
        }
        Self.add(s, after: last, and: beforeLast, to: &current)
        beforeLast = last
        last = s
        return nil
    }

    private static func add(_ s: Sample, after p1: Sample?, and p0: Sample?, to b: inout Block) {
        let load = s.rawLoadKilograms
        if b.count == 0 { b.firstMicros = s.timeMicros }
        b.count += 1
        b.lastMicros = s.timeMicros
        b.load += load
        b.x += s.rawCop.x
        b.y += s.rawCop.y
        if s.regions.present != 0 {
            b.regions.present = s.regions.present
            for r in 0..<RegionLoads.count { b.regions.values[r] += s.regions.values[r] }
        }
        // The noise from second differences (a steady drift or ramp cancels out), only between close samples.
        guard let p1, let p0, s.timeMicros - p1.timeMicros <= 500_000, p1.timeMicros - p0.timeMicros <= 500_000,
            p1.timeMicros > p0.timeMicros
        else { return }
        // With intervals a then b, x₂ − x₁ − (b/a)(x₁ − x₀) is 0 on a straight line and has variance
        // σ²(1 + (1 + r)² + r²) for white noise, r = b / a.
        let r = Swift.min(
            5, Swift.max(0.2, Double(s.timeMicros - p1.timeMicros) / Double(p1.timeMicros - p0.timeMicros)))
        let k = 1 / (1 + (1 + r) * (1 + r) + r * r)
        let dl = load - p1.rawLoadKilograms - r * (p1.rawLoadKilograms - p0.rawLoadKilograms)
        let dx = s.rawCop.x - p1.rawCop.x - r * (p1.rawCop.x - p0.rawCop.x)
        let dy = s.rawCop.y - p1.rawCop.y - r * (p1.rawCop.y - p0.rawCop.y)
        b.diffs += 1
        b.loadDiff2 += k * dl * dl
        b.xDiff2 += k * dx * dx
        b.yDiff2 += k * dy * dy
    }

    /// Adds a closed block; returns the baseline when it completes a still window, or when it ends a still run
    /// too short for a window but at least `shortestWindowSeconds` long (a movement starts: taking the baseline
    /// later would take it inside the movement). O(blocks²) per block, no allocation.
    private mutating func push(_ block: Block) -> Baseline? {
        ring[next] = block
        next = (next + 1) % ring.count
        filled = Swift.min(filled + 1, ring.count)
        let k = Swift.min(run + 1, filled)
        let loaded = block.load >= parameters.minimumLoadKilograms * Double(block.count)
        if k == 1 {
            run = loaded ? 1 : 0
            return nil
        }
        if let b = stillWindow(blocks: k, minimumSamples: 2) {
            run = k
            return k == ring.count && b.samples >= 4 ? b.baseline : nil
        }
        let shortest = Int((parameters.shortestWindowSeconds * 1_000_000 / Double(blockMicros)).rounded(.up))
        // The run's last block may hold the movement's first samples: it is left out too.
        // Over a shorter run the load and centre of pressure may change only as fast as over a window.
        if shortest >= 2, run - 1 >= shortest,
            let b = stillWindow(
                blocks: run - 1, skippingNewest: 2, toleranceScale: Double(run - 1) / Double(ring.count),
                minimumSamples: 4)
        {
            return b.baseline
        }
        run = loaded ? 1 : 0
        for j in stride(from: k - 1, through: 2, by: -1) where stillWindow(blocks: j, minimumSamples: 2) != nil {
            run = j
            break
        }
        return nil
    }

    /// The baseline of the newest `blocks` closed blocks (after skipping the newest `skip`) if they are still.
    /// O(blocks), no allocation.
    private func stillWindow(
        blocks: Int, skippingNewest skip: Int = 0, toleranceScale: Double = 1, minimumSamples: Int
    ) -> (baseline: Baseline, samples: Int)? {
        var filled = 0
        var firstMicros = Int64.max
        var lastMicros = Int64.min
        var count = 0
        var load = 0.0
        var x = 0.0
        var y = 0.0
        var regions = RegionLoads.none
        var lo = (load: Double.infinity, x: Double.infinity, y: Double.infinity)
        var hi = (load: -Double.infinity, x: -Double.infinity, y: -Double.infinity)
        var load2 = Trimmed()
        var x2 = Trimmed()
        var y2 = Trimmed()
        for i in 0..<Swift.min(blocks, ring.count) {
            let b = ring[(next - 1 - skip - i + 2 * ring.count) % ring.count]
            guard b.count > 0 else { continue }
            let c = Double(b.count)
            let mean = (load: b.load / c, x: b.x / c, y: b.y / c)
            guard mean.load >= parameters.minimumLoadKilograms else { return nil }
            filled += 1
            firstMicros = Swift.min(firstMicros, b.firstMicros)
            lastMicros = Swift.max(lastMicros, b.lastMicros)
            count += b.count
            load += b.load
            x += b.x
            y += b.y
            if b.regions.present != 0 {
                regions.present = b.regions.present
                for r in 0..<RegionLoads.count { regions.values[r] += b.regions.values[r] }
            }
            lo = (Swift.min(lo.load, mean.load), Swift.min(lo.x, mean.x), Swift.min(lo.y, mean.y))
            hi = (Swift.max(hi.load, mean.load), Swift.max(hi.x, mean.x), Swift.max(hi.y, mean.y))
            load2.add(b.loadDiff2, b.diffs)
            x2.add(b.xDiff2, b.diffs)
            y2.add(b.yDiff2, b.diffs)
        }
        guard filled >= 2, count >= minimumSamples else { return nil }
        let noiseLoad = Swift.min(parameters.maximumNoiseKilograms, load2.variance.squareRoot())
        // Centre-of-pressure noise comes from load noise: no more than `copNoiseReachMillimetres` × σ / load.
        let copNoiseBound = parameters.copNoiseReachMillimetres * noiseLoad / Swift.max(1, load / Double(count))
        let noiseX = Swift.min(copNoiseBound, x2.variance.squareRoot())
        let noiseY = Swift.min(copNoiseBound, y2.variance.squareRoot())
        let perBlock = (2 * Double(filled) / Double(count)).squareRoot()
        let widen = parameters.noiseAllowance * perBlock
        let copWiden = parameters.copNoiseAllowance * perBlock
        let mean = load / Double(count)
        let loadTolerance =
            toleranceScale * Swift.max(parameters.toleranceKilograms, parameters.toleranceFraction * mean)
            + widen * noiseLoad
        let copTolerance = toleranceScale * parameters.copToleranceMillimetres
        guard hi.load - lo.load < loadTolerance,
            hi.x - lo.x < copTolerance + copWiden * noiseX,
            hi.y - lo.y < copTolerance + copWiden * noiseY
        else { return nil }
        if regions.present != 0 {
            for r in 0..<RegionLoads.count { regions.values[r] /= Double(count) }
        }
        let b = Baseline(
            loadKilograms: mean, cop: Point(x: x / Double(count), y: y / Double(count)),
            startMicros: firstMicros, endMicros: lastMicros, regions: regions)
        return (b, count)
    }
}

/// A pooled variance with the two blocks of largest variance left out (one when only three or four blocks have any):
/// a movement inside a window spoils the second differences of one or two blocks, and must not pass for noise.
struct Trimmed {
    private var sum = 0.0
    private var terms = 0
    private var blocks = 0
    private var top = (value: -1.0, sum: 0.0, terms: 0)
    private var second = (value: -1.0, sum: 0.0, terms: 0)

    mutating func add(_ blockSum: Double, _ blockTerms: Int) {
        guard blockTerms > 0 else { return }
        sum += blockSum
        terms += blockTerms
        blocks += 1
        let v = (value: blockSum / Double(blockTerms), sum: blockSum, terms: blockTerms)
        if v.value > top.value {
            second = top
            top = v
        } else if v.value > second.value {
            second = v
        }
    }

    var variance: Double {
        var s = sum
        var n = terms
        if blocks >= 5 {
            s -= top.sum + second.sum
            n -= top.terms + second.terms
        } else if blocks >= 3 {
            s -= top.sum
            n -= top.terms
        }
        return n > 0 ? Swift.max(0, s) / Double(n) : 0
    }
}
