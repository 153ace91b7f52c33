import PlantarInput
import PlantarSignal

/// Every frame of a recording, assembled once and kept in memory, so that the detector path can be measured
/// without the parser: per frame, the loads go into a `Frame` (in place, as the assembler does), the signal stage
/// turns it into a `Sample` (load and centre of pressure, filtered, with its marks) as a replay does, and all five
/// detectors take it.
public final class FrameTape: @unchecked Sendable {
    /// The stage a replay of the recording uses, before its first frame.
    public let stage: SignalStage
    public let sensors: Int
    public private(set) var times: [Int64] = []
    public private(set) var buttons: [Bool] = []
    public private(set) var loads: [Double] = []

    public init(path: String) throws {
        let source = try RecordingSource(path: path)
        stage = source.signalStage()
        sensors = source.assembler.frame.loadsKilograms.count
        while let frame = try source.nextFrame() {
            times.append(frame.timeMicros)
            buttons.append(frame.buttonDown)
            loads.append(contentsOf: frame.loadsKilograms)
        }
    }

    public var count: Int { times.count }

    /// A frame to play into: made once, filled in place for every frame.
    public func emptyFrame() -> Frame {
        Frame(timeMicros: 0, loadsKilograms: [Double](repeating: 0, count: sensors))
    }

    /// Runs frames `range` through `detectors`; returns the last sample's load (to keep the work observable).
    @inline(never)
    public func play(
        _ range: Range<Int>, into detectors: inout AllDetectors, stage: inout SignalStage, frame: inout Frame
    ) -> Double {
        var last = 0.0
        loads.withUnsafeBufferPointer { all in
            for i in range {
                frame.timeMicros = times[i]
                frame.buttonDown = buttons[i]
                frame.loadsKilograms.withUnsafeMutableBufferPointer { out in
                    for j in 0..<sensors { out[j] = all[i * sensors + j] }
                }
                let sample = stage.sample(of: frame)
                detectors.handle(sample)
                last = sample.loadKilograms
            }
        }
        return last
    }
}
