import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Ctrl-C (SIGINT) and SIGTERM, the one handler for every command: the first sets a flag that the read loops check
/// between reads (they end the session with a partial report, exit 130); a second one ends the process at once, as
/// if there were no handler, after `beforeKill` (the terminal put back).
///
/// No SA_RESTART: a blocking `poll()` returns at once with EINTR, so a loop sees the flag without waiting.
public enum Interrupt {
    @usableFromInline static let received = Atomic<Int>(0)

    /// Runs in the signal handler just before a second signal ends the process: async-signal-safe calls only.
    nonisolated(unsafe) public static var beforeKill: (@convention(c) () -> Void)?

    /// Installs the handler for SIGINT and SIGTERM, and unblocks them (a parent may start us with them blocked).
    public static func install() {
        // A command run inside a test process leaves the process's signals alone (see `requested`).
        guard Console.capture == nil else { return }
        for sig in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { sig in
                let (count, _) = Interrupt.received.add(1, ordering: .relaxed)
                guard count >= 2 else { return }
                Interrupt.beforeKill?()
                signal(sig, SIG_DFL)
                raise(sig)
            }
            action.sa_flags = 0
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, nil)
        }
        unblock()
    }

    /// A parent may start us with these signals blocked (the mask is inherited): Ctrl-C must still work.
    public static func unblock() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Whether Ctrl-C or SIGTERM came; for a command run inside a test process, whether its capture was
    /// interrupted (a signal to the test process is not one to the command).
    public static var requested: Bool {
        requested(capture: Console.capture)
    }

    /// `requested`, for a loop that asks at every frame: the capture (`Console.capture`, a task-local value, which
    /// costs a lookup to read) is read once before the loop and passed in. Inlinable: a call into this module per frame
    /// would cost more than the check.
    @inlinable
    public static func requested(capture: Console.Capture?) -> Bool {
        if let capture { return capture.interrupted }
        return received.load(ordering: .relaxed) > 0
    }
}
