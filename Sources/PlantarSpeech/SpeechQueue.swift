import Foundation
import Synchronization

/// Says a text; may take as long as the speech lasts. Called on the speech worker's thread only.
public protocol SpeechOutput: AnyObject, Sendable {
    func say(_ text: String)
}

/// A bounded queue of cues and the one thread that speaks them.
///
/// The frame loop only calls `enqueue`, which never waits for speech: it takes a lock that is held only for O(1)
/// ring-buffer moves (never while speaking), stores the cue and wakes the worker. When the queue is full the
/// oldest cue is dropped: a late "3" is worse than none.
public final class SpeechQueue: Sendable {
    private struct State: ~Copyable {
        var ring: [Cue?]
        var head = 0
        var count = 0
        var dropped = 0
        var spoken = 0
        var enqueued = 0
        var speaking = false
        var closing = false
    }

    public let capacity: Int
    private let state: Mutex<State>
    private let wake = DispatchSemaphore(value: 0)
    private let stopped = DispatchSemaphore(value: 0)
    private let output: SpeechOutput

    public init(output: SpeechOutput, capacity: Int = 4) {
        precondition(capacity > 0, "a speech queue holds at least one cue")
        self.capacity = capacity
        self.output = output
        state = Mutex(State(ring: [Cue?](repeating: nil, count: capacity)))
        let thread = Thread { [self] in work() }
        thread.name = "plantar-speech"
        thread.start()
    }

    /// Queues a cue and returns at once; the oldest queued cue is dropped when the queue is full.
    public func enqueue(_ cue: Cue) {
        let accepted = state.withLock { s -> Bool in
            guard !s.closing else { return false }
            if s.count == capacity {
                s.ring[s.head] = nil
                s.head = (s.head + 1) % capacity
                s.count -= 1
                s.dropped += 1
            }
            s.ring[(s.head + s.count) % capacity] = cue
            s.count += 1
            s.enqueued += 1
            return true
        }
        if accepted { wake.signal() }
    }

    /// Cues queued, spoken and dropped so far, and whether one is being spoken now.
    public var counts: (enqueued: Int, spoken: Int, dropped: Int, queued: Int, speaking: Bool) {
        state.withLock { ($0.enqueued, $0.spoken, $0.dropped, $0.count, $0.speaking) }
    }

    /// Stops the worker after what is queued has been said, waiting at most `seconds`; false if it was still
    /// speaking then (it stops after the current cue).
    @discardableResult
    public func close(waitingAtMost seconds: Double = 5) -> Bool {
        state.withLock { $0.closing = true }
        wake.signal()
        return stopped.wait(timeout: .now() + seconds) == .success
    }

    private func work() {
        while true {
            wake.wait()
            while true {
                let next = state.withLock { s -> (Cue?, Bool) in
                    guard s.count > 0 else { return (nil, s.closing) }
                    let c = s.ring[s.head]
                    s.ring[s.head] = nil
                    s.head = (s.head + 1) % capacity
                    s.count -= 1
                    s.speaking = true
                    return (c, false)
                }
                guard let cue = next.0 else {
                    if next.1 {
                        stopped.signal()
                        return
                    }
                    break
                }
                output.say(cue.text)
                state.withLock {
                    $0.speaking = false
                    $0.spoken += 1
                }
            }
        }
    }
}
