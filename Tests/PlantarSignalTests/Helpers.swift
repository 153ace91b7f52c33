import PlantarSignal

/// Builds sample streams at a fixed rate from a function of time.
struct Stream {
    var rateHertz = 100.0
    var load = 70.0
    var cop = Point(x: 0, y: 0)

    func samples(from start: Double, to end: Double, _ shape: (Double) -> (Double, Point)) -> [Sample] {
        var out: [Sample] = []
        var t = start
        while t < end - 1e-9 {
            let (l, c) = shape(t)
            out.append(Sample(timeMicros: Int64((t * 1_000_000).rounded()), loadKilograms: l, cop: c))
            t += 1 / rateHertz
        }
        return out
    }

    /// Standing still, then a forward shift of `shift` mm between `from` and `to`.
    func forwardHold(shift: Double, from: Double, to: Double, total: Double) -> [Sample] {
        samples(from: 0, to: total) { t in (load, Point(x: cop.x, y: cop.y + (t >= from && t < to ? shift : 0))) }
    }
}

func run(_ settings: ExerciseSettings, _ samples: [Sample]) -> (ExerciseAnalysis, [DetectorEvent]) {
    var a = ExerciseAnalysis(settings: settings)
    var events: [DetectorEvent] = []
    for s in samples { a.handle(s) { events.append($0) } }
    if let last = samples.last { a.finish(atMicros: last.timeMicros) { events.append($0) } }
    return (a, events)
}

let baselineParameters = BaselineEstimator.Parameters.default
