/// The signals every detector works from: one per frame, made by `SignalStage`.
public struct Sample: Sendable, Equatable {
    public var timeMicros: Int64
    /// The body's load: the frame's total, low-pass filtered with a time constant (see `SignalStage`).
    public var loadKilograms: Double
    /// The body's centre of pressure in millimetres (+x right, +y towards the toes), filtered like the load.
    public var cop: Point
    /// The frame's own total and centre of pressure, unfiltered (the baseline judges sensor noise from these).
    public var rawLoadKilograms: Double
    public var rawCop: Point
    public var buttonDown: Bool
    /// The load on each region of the feet the device sees (toes, forefoot, heel, left, right), filtered like the
    /// load; `present` is 0 on devices without regions (the balance board).
    public var regions = RegionLoads.none
    /// The sensor that reads nothing while its neighbours carry load (a dead cell), or -1. Detectors skip such
    /// samples: their load and centre of pressure are wrong.
    public var faultySensor: Int8 = -1
    /// A load no person puts on the device (a shorted or saturated cell): detectors skip the sample.
    public var implausible = false

    /// A sample whose filtered and raw values are the same (tests, already filtered sources).
    @inlinable
    public init(timeMicros: Int64, loadKilograms: Double, cop: Point, buttonDown: Bool = false) {
        self.timeMicros = timeMicros
        self.loadKilograms = loadKilograms
        self.cop = cop
        rawLoadKilograms = loadKilograms
        rawCop = cop
        self.buttonDown = buttonDown
    }

    /// Every field, as the signal stage makes it.
    @inlinable
    public init(
        timeMicros: Int64, loadKilograms: Double, cop: Point, rawLoadKilograms: Double, rawCop: Point,
        buttonDown: Bool, regions: RegionLoads, faultySensor: Int8, implausible: Bool
    ) {
        self.timeMicros = timeMicros
        self.loadKilograms = loadKilograms
        self.cop = cop
        self.rawLoadKilograms = rawLoadKilograms
        self.rawCop = rawCop
        self.buttonDown = buttonDown
        self.regions = regions
        self.faultySensor = faultySensor
        self.implausible = implausible
    }

    /// Whether the sample's load and centre of pressure are wrong: detectors and the baseline skip it.
    @inlinable
    public var isMarked: Bool { faultySensor >= 0 || implausible }

    @inlinable
    public var seconds: Double { Double(timeMicros) / 1_000_000 }
}
