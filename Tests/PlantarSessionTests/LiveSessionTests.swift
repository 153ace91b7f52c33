import PlantarInput
import PlantarSession
import PlantarSignal
import PlantarSupport
import Testing

/// A live source made of scripted samples at 50 Hz that goes away after `goneAfter` samples and, if `comesBack`,
/// returns with the rest.
final class ScriptedSource: LiveFrameSource {
    let deviceName = "Scripted board"
    var path = "/dev/input/event9"
    let profile = DeviceProfile.wiiBalanceBoard
    var samples: [Sample] = []
    var index = 0
    var goneAfter = Int.max
    var failAfter = Int.max
    var comesBack = false
    var reconnects = 0
    private var isGone = false

    /// Standing still, then toe presses of `holds` seconds (25 mm forward) with 2 s between them.
    init(holds: [Double]) {
        var t = 0.0
        func stand(_ seconds: Double, forward: Double) {
            let end = t + seconds
            while t < end - 1e-9 {
                samples.append(
                    Sample(timeMicros: Int64((t * 1e6).rounded()), loadKilograms: 70, cop: Point(x: 0, y: forward)))
                t += 0.02
            }
        }
        stand(3, forward: 0)
        for h in holds {
            stand(h, forward: 25)
            stand(2, forward: 0)
        }
    }

    func next(timeoutMillis: Int32) throws -> LiveRead {
        if isGone { return .gone }
        if index == failAfter {
            failAfter = .max
            throw PlantarError.device(path: path, message: "read: Input/output error")
        }
        if index == goneAfter || index >= samples.count {
            isGone = true
            goneAfter = .max
            return .gone
        }
        let s = samples[index]
        index += 1
        return .frame(Frame(timeMicros: s.timeMicros, loadsKilograms: [s.loadKilograms], positions: [s.cop]))
    }

    /// Each frame is its scripted sample as one load at the centre of pressure, unfiltered: the session's signal
    /// stage gives the sample back as scripted.
    func signalStage() -> SignalStage {
        var p = SignalStage.Parameters()
        p.timeConstantSeconds = 0
        return SignalStage(layout: SensorLayout(positions: [Point(x: 0, y: 0)]), parameters: p)
    }

    func reconnect() -> Bool {
        reconnects += 1
        guard comesBack, index < samples.count else { return false }
        isGone = false
        path = "/dev/input/event10"
        return true
    }

    func nowMicros() -> Int64 { samples[max(0, index - 1)].timeMicros }

    /// The sample index `seconds` into the script.
    func at(_ seconds: Double) -> Int { Int(seconds / 0.02) }
}

@Suite struct LiveSessionTests {
    func session() -> LiveSession {
        var s = LiveSession(routine: .single(.toePresses), single: true)
        s.reconnectSeconds = 0.2
        s.retryMillis = 10
        return s
    }

    @Test func unpluggedMidHoldEndsWithEveryCountedRepKept() throws {
        // Presses at 3-7, 9-13, 15-19 s; the fourth starts at 21 s and the board goes away at 22 s.
        let source = ScriptedSource(holds: [4, 4, 4, 4])
        source.goneAfter = source.at(22)
        var deviceEvents: [DeviceEvent] = []
        var paused = 0
        let report = try session().run(
            source: source,
            observer: { if case .paused = $0 { paused += 1 } },
            deviceEvents: { deviceEvents.append($0) })
        let result = try #require(report.results.first)
        #expect(result.countedReps == 3)
        #expect(result.reps.count == 4)
        #expect(result.reps.last?.counted == false)
        #expect(result.reason == .deviceLost)
        #expect(result.status == .incomplete)
        #expect(report.interrupted)
        #expect(paused == 1)
        #expect(source.reconnects >= 1)
        guard case .lost(let at, _) = deviceEvents.first, case .gaveUp = deviceEvents.last else {
            Issue.record("expected lost then gave up, got \(deviceEvents)")
            return
        }
        #expect(at == source.samples[source.at(22) - 1].timeMicros)
    }

    @Test func replugResumesAndKeepsCounting() throws {
        let source = ScriptedSource(holds: [4, 4, 4, 4, 4])
        source.goneAfter = source.at(15.5)
        source.comesBack = true
        var deviceEvents: [DeviceEvent] = []
        var resumed = 0
        let report = try session().run(
            source: source,
            observer: { if case .resumed = $0 { resumed += 1 } },
            deviceEvents: { deviceEvents.append($0) })
        let result = try #require(report.results.first)
        // Two presses before the unplug; the third is cut in two (0.5 s, then 3.5 s); two more after it.
        #expect(result.countedReps == 5)
        #expect(resumed == 1)
        #expect(report.sourcePath == "/dev/input/event10")
        guard deviceEvents.count >= 2, case .back(let path, _) = deviceEvents[1] else {
            Issue.record("expected the device back, got \(deviceEvents)")
            return
        }
        #expect(path == "/dev/input/event10")
    }

    @Test func aReadErrorIsHandledLikeAnUnplug() throws {
        let source = ScriptedSource(holds: [4, 4, 4])
        source.failAfter = source.at(14)
        var deviceEvents: [DeviceEvent] = []
        let report = try session().run(source: source, deviceEvents: { deviceEvents.append($0) })
        let result = try #require(report.results.first)
        #expect(result.countedReps == 2)
        #expect(result.reason == .deviceLost)
        #expect(deviceEvents.first == .failed("/dev/input/event9: read: Input/output error"))
    }

    @Test func stopRequestEndsAsQuit() throws {
        let source = ScriptedSource(holds: [4, 4])
        var s = session()
        var polls = 0
        s.shouldStop = {
            polls += 1
            return polls > 700
        }
        let report = try s.run(source: source)
        let result = try #require(report.results.first)
        #expect(result.reason == .quit)
        #expect(result.countedReps == 2)
        #expect(report.interrupted)
    }
}
