import Foundation
import PlantarSignal
import PlantarSupport
import Testing

@testable import PlantarInput

/// Frames read ahead on a thread of their own are the frames `RecordingSource.nextFrame()` gives, in order, and an error
/// in the recording comes after the frames before it.
@Suite struct FrameReadAheadTests {
    /// A board recording of `frames` frames (more than a few batches), optionally with a broken line after `brokenAfter`.
    static func recording(frames: Int, brokenAfter: Int? = nil) -> String {
        var text = boardHeader
        for i in 0..<frames {
            let micros = 1_000_000 + i * 10_000
            let stamp = "\(micros / 1_000_000)." + String(String(micros % 1_000_000 + 1_000_000).dropFirst())
            for axis in 0..<4 where (i + axis) % 5 != 0 {
                text += "E: \(stamp) 0003 001\(axis) \(String(1000 + (i * 37 + axis * 101) % 5000))\n"
            }
            if i % 97 == 0 { text += "E: \(stamp) 0001 0130 \(i % 2)\n" }
            text += "E: \(stamp) 0000 0000 0000\n"
            if i == brokenAfter { text += "E: \(stamp) 0003 zz 0000\n" }
        }
        return text
    }

    static func sequential(_ path: String) throws -> ([Frame], String?) {
        let source = try RecordingSource(path: path, profiles: [.wiiBalanceBoard])
        var frames: [Frame] = []
        do {
            while let f = try source.nextFrame() { frames.append(f) }
        } catch {
            return (frames, "\(error)")
        }
        return (frames, nil)
    }

    static func readAhead(_ path: String, thread: Bool, stopEvery: Int = 0) throws -> ([Frame], String?) {
        let source = try RecordingSource(path: path, profiles: [.wiiBalanceBoard])
        // 50 frames a batch: the recordings here cross many batch edges.
        let ahead = FrameReadAhead(source, thread: thread, batchLoads: 200)
        var frames: [Frame] = []
        do {
            var calls = 0
            while true {
                let before = frames.count
                calls += 1
                try ahead.forEachFrame { f in
                    frames.append(f)
                    return stopEvery == 0 || frames.count % stopEvery != 0
                }
                if frames.count == before { break }
            }
            #expect(stopEvery == 0 || calls > 1)
        } catch {
            return (frames, "\(error)")
        }
        return (frames, nil)
    }

    @Test(arguments: [true, false])
    func theFramesAreThoseOfTheSource(thread: Bool) throws {
        let dir = TempDir()
        let path = dir.write("board.evemu", Self.recording(frames: 2000))
        let expected = try Self.sequential(path)
        #expect(expected.0.count == 2000 && expected.1 == nil)
        let got = try Self.readAhead(path, thread: thread)
        #expect(got.1 == nil)
        #expect(got.0 == expected.0)
        // Stopping and going on again, at places that are not batch edges.
        let resumed = try Self.readAhead(path, thread: thread, stopEvery: 333)
        #expect(resumed.0 == expected.0)
    }

    @Test(arguments: [true, false])
    func anErrorComesAfterTheFramesBeforeIt(thread: Bool) throws {
        let dir = TempDir()
        let path = dir.write("broken.evemu", Self.recording(frames: 1500, brokenAfter: 1234))
        let expected = try Self.sequential(path)
        #expect(expected.0.count == 1235)
        #expect(expected.1?.contains("event code") == true)
        let got = try Self.readAhead(path, thread: thread)
        #expect(got.0 == expected.0)
        #expect(got.1 == expected.1)
    }

    /// Without the reading thread (a pipe, a real-time replay), each frame is handed on as soon as it is read: the
    /// writer of this pipe sends the rest only once the first frame has arrived (or after 20 s, which fails).
    @Test func withoutTheThreadAFrameArrivesBeforeTheNext() throws {
        let dir = TempDir()
        let fifo = dir.path + "/live.evemu"
        #expect(mkfifo(fifo, 0o600) == 0)
        let firstArrived = DispatchSemaphore(value: 0)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            guard fd >= 0 else { return }
            func send(_ text: String) { _ = text.withCString { write(fd, $0, strlen($0)) } }
            send(boardHeader + "E: 1.000000 0003 0010 1000\nE: 1.000000 0000 0000 0000\n")
            _ = firstArrived.wait(timeout: .now() + 20)
            send("E: 1.010000 0003 0010 1100\nE: 1.010000 0000 0000 0000\n")
            close(fd)
        }
        writer.start()
        let source = try RecordingSource(path: fifo, profiles: [.wiiBalanceBoard])
        let ahead = FrameReadAhead(source, thread: false)
        let start = Date()
        var times: [Int64] = []
        try ahead.forEachFrame { f in
            times.append(f.timeMicros)
            if times.count == 1 { firstArrived.signal() }
            return true
        }
        #expect(times == [0, 10_000])
        #expect(Date().timeIntervalSince(start) < 15)
    }

    @Test func stoppingEarlyEndsTheThread() throws {
        let dir = TempDir()
        let path = dir.write("board.evemu", Self.recording(frames: 5000))
        let source = try RecordingSource(path: path, profiles: [.wiiBalanceBoard])
        // Batches of 50 frames: the thread is far from the end when it is stopped.
        let ahead = FrameReadAhead(source, thread: true, batchLoads: 200)
        var seen = 0
        try ahead.forEachFrame { _ in
            seen += 1
            return seen < 10
        }
        ahead.stop()
        #expect(seen == 10)
        // The source is the caller's again: it goes on from wherever the reading thread stopped, in order.
        var last: Int64 = 0
        var ordered = true
        while let f = try source.nextFrame() {
            ordered = ordered && f.timeMicros > last
            last = f.timeMicros
        }
        #expect(ordered && last == 4999 * 10_000)
        try ahead.forEachFrame { _ in
            Issue.record("no frames after stop()")
            return true
        }
    }
}
