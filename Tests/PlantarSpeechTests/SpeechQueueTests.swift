import Dispatch
import PlantarInput
import PlantarSession
import PlantarSignal
import PlantarSpeech
import Synchronization
import Testing

/// A speech output that does not return from `say` until the test lets it: the slowest speech possible.
final class GatedSpeech: SpeechOutput {
    let entered = DispatchSemaphore(value: 0)
    let gate = DispatchSemaphore(value: 0)
    let said = Mutex<[String]>([])

    func say(_ text: String) {
        entered.signal()
        gate.wait()
        said.withLock { $0.append(text) }
    }

    func openGate(times: Int) { for _ in 0..<times { gate.signal() } }
}

/// Standing still, then toe presses of 4 s (25 mm forward) with 2 s between them, at 100 Hz; then the board goes.
final class PressingBoard: LiveFrameSource {
    let deviceName = "Scripted board"
    let path = "/dev/input/event9"
    let profile = DeviceProfile.wiiBalanceBoard
    var samples: [Sample] = []
    var index = 0

    init(presses: Int) {
        var t = 0.0
        func stand(_ seconds: Double, forward: Double) {
            let end = t + seconds
            while t < end - 1e-9 {
                samples.append(
                    Sample(timeMicros: Int64((t * 1e6).rounded()), loadKilograms: 70, cop: Point(x: 0, y: forward)))
                t += 0.01
            }
        }
        stand(3, forward: 0)
        for _ in 0..<presses {
            stand(4, forward: 25)
            stand(2, forward: 0)
        }
    }

    func next(timeoutMillis: Int32) throws -> LiveRead {
        guard index < samples.count else { return .gone }
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

    func reconnect() -> Bool { false }
    func nowMicros() -> Int64 { samples[max(0, index - 1)].timeMicros }
}

@Suite struct SpeechQueueTests {
    func cue(_ text: String) -> Cue { Cue(atMicros: 0, kind: .count, text: text) }

    @Test func enqueueReturnsWhileSpeechIsStuckAndTheOldestCuesAreDropped() {
        let speech = GatedSpeech()
        let queue = SpeechQueue(output: speech, capacity: 4)
        queue.enqueue(cue("c1"))
        speech.entered.wait()  // the worker is now inside say("c1"), and stays there
        for i in 2...10 { queue.enqueue(cue("c\(i)")) }
        let during = queue.counts
        #expect(during.enqueued == 10)
        #expect(during.spoken == 0)
        #expect(during.speaking)
        #expect(during.queued == 4)
        #expect(during.dropped == 5)
        speech.openGate(times: 5)
        #expect(queue.close(waitingAtMost: 10))
        #expect(speech.said.withLock { $0 } == ["c1", "c7", "c8", "c9", "c10"])
        #expect(queue.counts.spoken == 5)
    }

    @Test func aLiveSessionHandlesEveryFrameWhileSpeechNeverReturns() throws {
        // Ten presses at 100 Hz: 63 s of frames. The speech worker is stuck in its first cue for the whole session,
        // so a frame loop that waited on speech would never get past the first exercise start.
        let board = PressingBoard(presses: 10)
        let speech = GatedSpeech()
        let queue = SpeechQueue(output: speech, capacity: 4)
        let coach = VoiceCoach(routine: .single(.toePresses), queue: queue, keepList: true)
        var session = LiveSession(routine: .single(.toePresses), single: true)
        session.reconnectSeconds = 0
        var frames = 0
        let report = try session.run(
            source: board, observer: { coach.observe($0) },
            perFrame: { _, _, sample in
                coach.tick(atMicros: sample.timeMicros)
                frames += 1
                return true
            })
        let during = queue.counts
        speech.openGate(times: 1000)
        queue.close(waitingAtMost: 10)
        #expect(frames == board.samples.count)
        #expect(report.results[0].countedReps == 10)
        #expect(during.spoken == 0, "the speech worker never finished a cue during the session")
        #expect(during.speaking)
        #expect(during.enqueued == coach.cues.count)
        // start, stand still, go; then per press: hold, 2, 1, release, count; "paused" when the board goes; the end.
        #expect(coach.cues.count == 3 + 10 * 5 + 2)
        #expect(coach.cues.suffix(3).map(\.text) == ["10 of 10.", "Paused.", "Session complete."])
        #expect(during.dropped == coach.cues.count - 1 - 4)
    }
}
