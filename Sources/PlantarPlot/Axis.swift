import Foundation

/// A linear map from data values to pixels.
struct LinearScale {
    var domain: ClosedRange<Double>
    var from: Double
    var to: Double

    func callAsFunction(_ v: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0 else { return (from + to) / 2 }
        return from + (v - domain.lowerBound) / span * (to - from)
    }
}

/// Round tick values (1, 2 or 5 times a power of ten) and their labels.
enum Ticks {
    /// The step that gives about `count` ticks over `range`.
    static func step(_ range: ClosedRange<Double>, count: Int) -> Double {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite, count > 0 else { return 1 }
        let raw = span / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let fraction = raw / magnitude
        // The nearest of 1, 2, 5 and 10 on a log scale (as d3's ticks do).
        let nice: Double =
            fraction >= 50.squareRoot() ? 10 : fraction >= 10.squareRoot() ? 5 : fraction >= 2.squareRoot() ? 2 : 1
        return nice * magnitude
    }

    /// `range` widened to whole steps.
    static func extend(_ range: ClosedRange<Double>, step: Double) -> ClosedRange<Double> {
        let lo = floor(range.lowerBound / step + 1e-9) * step
        let hi = ceil(range.upperBound / step - 1e-9) * step
        return lo...Swift.max(hi, lo + step)
    }

    static func values(_ range: ClosedRange<Double>, step: Double) -> [Double] {
        guard step > 0 else { return [] }
        var out: [Double] = []
        var k = ceil(range.lowerBound / step - 1e-9)
        while k * step <= range.upperBound + step * 1e-9, out.count < 200 {
            out.append(k * step == 0 ? 0 : k * step)
            k += 1
        }
        return out
    }

    static func label(_ v: Double, step: Double) -> String {
        let decimals =
            (0...3).first { d in
                let scaled = step * pow(10, Double(d))
                return abs(scaled - scaled.rounded()) < 1e-6
            } ?? 3
        let s = String(format: "%.\(decimals)f", v)
        // A typographic minus reads better than a hyphen.
        return s.hasPrefix("-") ? "\u{2212}" + s.dropFirst() : s
    }
}

/// A signed number for labels, with a typographic minus and a plus when asked.
func signed(_ v: Double, decimals: Int = 0, plus: Bool = false) -> String {
    let s = String(format: "%.\(decimals)f", abs(v))
    if v < 0, s.contains(where: { $0 != "0" && $0 != "." }) { return "\u{2212}" + s }
    return (plus && v > 0 ? "+" : "") + s
}

/// Seconds for people: one decimal.
func seconds(_ v: Double) -> String {
    String(format: "%.1f", v)
}

/// A setting as its file writes it: `15`, `0.25`.
func plainNumber(_ v: Double) -> String {
    v == v.rounded() && abs(v) < 1e9 ? String(Int(v)) : String(format: "%g", v)
}
