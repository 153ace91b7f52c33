/// One whole reading of every sensor, emitted at `SYN_REPORT`: what the input layer hands on. It carries sensor
/// readings only; `SignalStage` turns it into a `Sample` (load, centre of pressure, marks).
///
/// The loads are in kilograms, in the order of the `SensorLayout` that produced them. The assembler that
/// owns a frame mutates it in place, so passing it along costs no allocation.
public struct Frame: Sendable, Equatable {
    /// Microseconds since the first event of the source.
    public var timeMicros: Int64
    /// Load on each sensor in kilograms.
    public var loadsKilograms: [Double]
    /// Whether the device's button (the balance board's `BTN_A`) is held down.
    public var buttonDown: Bool
    /// Where each load is, in millimetres, for sensors that move (multi-touch contacts); empty when the sensors are
    /// fixed and the layout says where they are.
    public var positions: [Point]

    public init(timeMicros: Int64, loadsKilograms: [Double], buttonDown: Bool = false, positions: [Point] = []) {
        self.timeMicros = timeMicros
        self.loadsKilograms = loadsKilograms
        self.buttonDown = buttonDown
        self.positions = positions
    }

    public var seconds: Double { Double(timeMicros) / 1_000_000 }
}
