import Glibc
import PlantarSignal
import PlantarSupport
import Synchronization

/// A recording's frames, read on a thread of its own while the session works on the frames before them: parsing and
/// assembling the next frames overlaps with the signal stage and the detectors, so that a replay on a machine with
/// two cores takes about as long as the longer of the two rather than their sum.
///
/// The reading thread fills batches of frames (times, button states, loads and, on a multi-touch surface, the
/// contacts' positions) in storage made once, a few batches ahead. `forEachFrame` hands them on one at a time in the
/// order they were read, as `RecordingSource.nextFrame()` would: the same frames, and an error in the recording is
/// thrown once every frame before it has been handed on. Once the read-ahead is made, only it uses the source, until
/// `stop()`. Per frame: a copy of the loads in and one out, no allocation.
public final class FrameReadAhead: @unchecked Sendable {
    /// Batches in the ring, and the loads a batch holds (16 384: 4 096 frames of a balance board's 4 sensors, 1 024
    /// of a 16-cell pad's). Each hand-over between the threads may put one of them to sleep and wake it (tens of
    /// microseconds on a busy machine), so a batch is a few hundred microseconds of reading, not less.
    static let batches = 3
    static let batchLoads = 16_384

    /// Frames per batch.
    let batchFrames: Int

    private enum End {
        case finished
        case failed(Error)
    }

    /// One batch of frames: written by the reading thread, then read by the session's, never both at once.
    private final class Batch {
        var count = 0
        var end: End?
        let times: UnsafeMutablePointer<Int64>
        let buttons: UnsafeMutablePointer<Bool>
        let loads: UnsafeMutablePointer<Double>
        let positions: UnsafeMutablePointer<Point>?

        init(frames: Int, sensors: Int, moving: Bool) {
            times = .allocate(capacity: frames)
            buttons = .allocate(capacity: frames)
            loads = .allocate(capacity: frames * max(1, sensors))
            positions = moving ? .allocate(capacity: frames * max(1, sensors)) : nil
        }

        deinit {
            times.deallocate()
            buttons.deallocate()
            loads.deallocate()
            positions?.deallocate()
        }
    }

    private let source: RecordingSource
    private let sensors: Int
    private let moving: Bool
    private let ring: [Batch]
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var thread = pthread_t()
    /// Whether frames are read on `thread` (until `stop()`), rather than on the caller's.
    private var threaded = false
    // Under the lock: batches filled by the reading thread, batches given back by the session, a stop request.
    private var produced = 0
    private var consumed = 0
    private var stopping = false
    /// `produced` and `consumed` as last set, read without the lock by a thread about to wait: it waits a little
    /// while for the other to move on before it sleeps, since a thread put to sleep and woken on a busy machine
    /// may wait milliseconds for a processor.
    private let producedHint = Atomic<Int>(0)
    private let consumedHint = Atomic<Int>(0)
    /// How many times a thread looks at the other's count before it sleeps (some tens of microseconds).
    static let spins = 20_000
    /// The session's side: whether the recording is over (ended or failed, every frame handed on).
    private var over = false
    /// Where the caller's console output goes (a command run inside a test process writes to its capture): the reading
    /// thread's warnings go there too.
    private let capture = Console.capture

    /// Starts reading `source`'s frames ahead on a new thread; without `thread` (or when no thread can be made), each
    /// frame is read on the caller's thread when it is asked for.
    public convenience init(_ source: RecordingSource, thread: Bool = true) {
        self.init(source, thread: thread, batchLoads: Self.batchLoads)
    }

    /// - Parameter batchLoads: how many loads a batch holds (tests make it small, to cross batch edges).
    init(_ source: RecordingSource, thread: Bool, batchLoads: Int) {
        self.source = source
        let template = source.assembler.frame
        sensors = template.loadsKilograms.count
        moving = !template.positions.isEmpty
        let (sensors, moving) = (sensors, moving)
        let batchFrames = thread ? min(8192, max(16, batchLoads / max(1, sensors))) : 1
        self.batchFrames = batchFrames
        ring = (0..<(thread ? Self.batches : 1)).map { _ in
            Batch(frames: batchFrames, sensors: sensors, moving: moving)
        }
        pthread_mutex_init(lock, nil)
        pthread_cond_init(changed, nil)
        guard thread else { return }
        // The thread holds no reference: `stop()` (at the latest in deinit) waits for it before anything is freed.
        let context = Unmanaged.passUnretained(self).toOpaque()
        let rc = pthread_create(
            &self.thread, nil,
            { context in
                let ahead = Unmanaged<FrameReadAhead>.fromOpaque(context!).takeUnretainedValue()
                Console.$capture.withValue(ahead.capture) { ahead.read() }
                return nil
            }, context)
        threaded = rc == 0
    }

    /// Stops the reading thread and waits for it: the source is the caller's again. No frames are handed on after.
    public func stop() {
        over = true
        guard threaded else { return }
        threaded = false
        pthread_mutex_lock(lock)
        stopping = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(lock)
        pthread_join(thread, nil)
    }

    deinit {
        stop()
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(lock)
        lock.deallocate()
        changed.deallocate()
    }

    /// Hands each frame on to `body` in turn (the frame is valid during the call) until `body` returns false or the
    /// recording ends; throws the recording's error once the frames before it have been handed on. It can be called
    /// again after `body` returned false, and goes on from the next frame.
    public func forEachFrame(_ body: (Frame) throws -> Bool) throws {
        guard !over else { return }
        var frame = Frame(
            timeMicros: 0, loadsKilograms: [Double](repeating: 0, count: sensors),
            positions: moving ? [Point](repeating: Point(x: 0, y: 0), count: sensors) : [])
        let n = sensors
        while true {
            let batch = try next()
            var i = resume
            while i < batch.count {
                frame.timeMicros = batch.times[i]
                frame.buttonDown = batch.buttons[i]
                frame.loadsKilograms.withUnsafeMutableBufferPointer { loads in
                    if let to = loads.baseAddress { copyLoads(batch.loads + i &* n, to: to, count: n) }
                }
                if let positions = batch.positions {
                    frame.positions.withUnsafeMutableBufferPointer { p in
                        p.baseAddress?.update(from: positions + i &* n, count: n)
                    }
                }
                i &+= 1
                guard try body(frame) else {
                    resume = i
                    return
                }
            }
            resume = batch.count
            switch batch.end {
            case .finished?:
                over = true
                return
            case .failed(let error)?:
                over = true
                throw error
            case nil:
                break
            }
        }
    }

    /// The batch being handed on, and the index of its next frame.
    private var current: Batch?
    private var resume = 0

    /// The batch with frames still to hand on: the current one, else the next (given back and waited for).
    private func next() throws -> Batch {
        if let current, resume < current.count { return current }
        if !threaded {
            // No reading thread: the next frame, read here as it is asked for.
            let batch = ring[0]
            fill(batch, limit: 1)
            current = batch
            resume = 0
            return batch
        }
        pthread_mutex_lock(lock)
        if current != nil {
            consumed += 1
            consumedHint.store(consumed, ordering: .releasing)
            pthread_cond_broadcast(changed)
        }
        if consumed == produced {
            let mine = consumed
            pthread_mutex_unlock(lock)
            Self.spin { producedHint.load(ordering: .acquiring) != mine }
            pthread_mutex_lock(lock)
        }
        while consumed == produced { pthread_cond_wait(changed, lock) }
        let batch = ring[consumed % Self.batches]
        pthread_mutex_unlock(lock)
        current = batch
        resume = 0
        return batch
    }

    /// The reading thread: fills free batches in turn until the recording ends or fails, or the session stops.
    private func read() {
        var next = 0
        while true {
            pthread_mutex_lock(lock)
            if next - consumed == Self.batches, !stopping {
                pthread_mutex_unlock(lock)
                Self.spin { next - consumedHint.load(ordering: .acquiring) < Self.batches }
                pthread_mutex_lock(lock)
            }
            while next - consumed == Self.batches, !stopping { pthread_cond_wait(changed, lock) }
            let stop = stopping
            pthread_mutex_unlock(lock)
            if stop { return }
            let batch = ring[next % Self.batches]
            fill(batch, limit: batchFrames)
            next += 1
            pthread_mutex_lock(lock)
            produced = next
            producedHint.store(next, ordering: .releasing)
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(lock)
            if batch.end != nil { return }
        }
    }

    /// Looks at `ready` up to `spins` times, until it is true. Only a hint: the caller checks under the lock after.
    private static func spin(_ ready: () -> Bool) {
        var n = 0
        while n < spins, !ready() { n &+= 1 }
    }

    /// Reads frames into `batch` until it holds `limit` or the recording ends or fails.
    private func fill(_ batch: Batch, limit: Int) {
        var n = 0
        let s = sensors
        let source = source
        batch.end = nil
        // A local function marked to be inlined, not a closure: as a closure, called from within the reader's own, it
        // was a call of some fifty instructions per frame.
        @inline(__always)
        func take(_ assembler: inout FrameAssembler) -> Bool {
            batch.times[n] = assembler.frame.timeMicros
            batch.buttons[n] = assembler.frame.buttonDown
            assembler.copyFrame(loads: batch.loads + n &* s, positions: batch.positions.map { $0 + n &* s })
            n &+= 1
            return n < limit
        }
        do {
            let more = try source.readFrames(take)
            if !more { batch.end = .finished }
        } catch {
            batch.end = .failed(error)
        }
        batch.count = n
    }
}
