import Glibc
import PlantarSupport
import Testing

@Suite struct InterruptTests {
    /// The first signal only sets the flag; the handler stays, without SA_RESTART, so a second one ends the process
    /// (not raised here: it would end the test run).
    @Test func theFirstCtrlCSetsTheFlagAndKeepsTheHandlerForASecond() {
        Interrupt.install()
        raise(SIGTERM)
        #expect(Interrupt.requested)
        for sig in [SIGINT, SIGTERM] {
            var action = sigaction()
            sigaction(sig, nil, &action)
            let handler = unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self)
            #expect(handler != unsafeBitCast(SIG_DFL, to: Int.self))
            #expect(action.sa_flags & SA_RESTART == 0)
        }
    }
}
