import Glibc
import Testing

@testable import PlantarSignal

/// The detectors' arithmetic shortcuts give the same answers, bit for bit, as the plain expressions they replace.
@Suite struct ExactShortcutTests {
    /// Values around every half and whole number the angle wrap meets, and far beyond.
    static var roundingCases: [Double] {
        var values: [Double] = [
            0, -0.0, 0.3, -0.3, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994, -0.49999999999999994,
            0x1p52, -0x1p52, 0x1p52 + 1, 0x1p53, 1e300, -1e300, .infinity, -.infinity, .nan,
            .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
        ]
        for k in -8...8 {
            let h = Double(k) / 2
            values += [h, h.nextUp, h.nextDown, h.nextUp.nextUp, h.nextDown.nextDown]
        }
        // A fixed pseudo-random spread over magnitudes (no seed from the clock: the same values every run).
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let mantissa = Double(x >> 11) / Double(1 << 53)
            let exponent = Int(x % 64) - 12
            values.append((x & 1 == 0 ? 1 : -1) * mantissa * Double(sign: .plus, exponent: exponent, significand: 1))
        }
        return values
    }

    @Test func theAngleWrapRoundsAsTheLibraryDoes() {
        for q in Self.roundingCases {
            let expected = q.rounded()
            let got = CircleDetector.rounded(q)
            #expect(got.bitPattern == expected.bitPattern || (got.isNaN && expected.isNaN), "\(q)")
        }
    }

    @Test func theAngleWrapGivesThePlainExpression() {
        var angles: [Double] = [
            0, -0.0, .pi, -.pi, 2 * .pi, -2 * .pi, 3.14, -3.14, 3.14.nextDown, -3.14.nextDown, .nan, .infinity,
        ]
        angles += Self.roundingCases.map { $0 * 2 * .pi }
        for k in -4000...4000 { angles.append(Double(k) / 1000) }
        for a in angles {
            let expected = a - 2 * .pi * (a / (2 * .pi)).rounded()
            let got = CircleDetector.wrapped(a)
            #expect(got.bitPattern == expected.bitPattern || (got.isNaN && expected.isNaN), "\(a)")
        }
    }

    @Test func radiusLimitsAnswerAsTheSquareRootDoes() {
        for limit in [15.0, 10, 0.1, 3, 1, 0, -1, 1e-200, 1e200, .infinity, .nan, 215.5] {
            let test = CircleDetector.RadiusTest(limit)
            var squares: [Double] = [0, .infinity, .nan, 1, 225, 100]
            let l2 = limit * limit
            if l2.isFinite {
                var below = l2
                var above = l2
                for _ in 0..<64 {
                    squares += [below, above]
                    below = below.nextDown
                    above = above.nextUp
                }
                for f in [1e-12, 1e-10, 1e-9, 2e-9, 1e-6, 0.01, 0.5] { squares += [l2 * (1 + f), l2 * (1 - f)] }
            }
            for r2 in squares {
                #expect(test.reached(r2) == (r2.squareRoot() >= limit), "limit \(limit), r² \(r2)")
                #expect(test.below(r2) == (r2.squareRoot() < limit), "limit \(limit), r² \(r2)")
            }
        }
    }

    /// The filter steps remembered per interval are the function's own values, bit for bit: on the first look-up, on
    /// every later one, past the table's end, and in a copy that goes on remembering on its own.
    @Test func rememberedStepsAreTheFunctionsOwnValues() {
        let tau = 50_000.0
        func step(_ micros: Int64) -> Double { 1 - exp(-Double(micros) / tau) }
        var memo = IntervalMemo()
        var calls = 0
        let intervals: [Int64] =
            [0, 1, 2, 999, 1000, 1001, 9_999, 10_000, 16_383, 16_384, 20_000, 1_000_000, -1, -16_384, .max, .min]
            + (0..<500).map { Int64(6000 + ($0 * 7919) % 8000) }
        for round in 0..<3 {
            for t in intervals {
                let got = memo.value(atMicros: t) { m in
                    calls += 1
                    return step(m)
                }
                #expect(got.bitPattern == step(t).bitPattern, "round \(round), \(t) µs")
            }
        }
        // Intervals in the table are worked out once; others (past its end, negative) every time.
        let inTable = Set(intervals.filter { $0 >= 0 && $0 < Int64(IntervalMemo.count) && step($0) != 0 })
        let outside = intervals.filter { !inTable.contains($0) }.count
        #expect(calls == inTable.count + 3 * outside)

        // A copy remembers on its own: what it learns does not reach the original, and both stay right.
        var copy = memo
        let odd: (Int64) -> Double = { Double($0) + 0.5 }
        #expect(copy.value(atMicros: 1000, odd) == step(1000))
        #expect(copy.value(atMicros: 4_321, odd) == 4_321.5)
        #expect(memo.value(atMicros: 4_321, step).bitPattern == step(4_321).bitPattern)
        #expect(copy.value(atMicros: 4_321, step) == 4_321.5)

        // A function whose value is 0 or NaN is answered right too (0 is never remembered; NaN is kept as it is).
        var special = IntervalMemo()
        for _ in 0..<2 {
            #expect(special.value(atMicros: 5) { _ in 0 } == 0)
            #expect(special.value(atMicros: 6) { _ in -0.0 }.bitPattern == (-0.0).bitPattern)
            #expect(special.value(atMicros: 7) { _ in .nan }.isNaN)
        }
    }
}
