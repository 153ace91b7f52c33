import Glibc
import PlantarSupport
import Testing

@Suite struct ErrnoTests {
    @Test func aFailedCallReturnsTheErrnoItSet() {
        let result = valueOrErrno { open("/nonexistent/plantar-test", O_RDONLY) }
        #expect(result == .failure(.noSuchFile))
        #expect(Errno.noSuchFile.description == "No such file or directory")
    }

    @Test func aSuccessfulCallReturnsItsValue() {
        let result = valueOrErrno { getpid() }
        #expect(result == .success(getpid()))
    }

    @Test func anInterruptedCallIsRetriedUntilItIsNot() {
        var calls = 0
        let result: Result<Int32, Errno> = valueOrErrno {
            calls += 1
            if calls < 3 {
                errno = EINTR
                return -1
            }
            return 7
        }
        #expect(result == .success(7))
        #expect(calls == 3)
    }

    @Test func anInterruptedCallIsReturnedWhenRetryingIsOff() {
        var calls = 0
        let result: Result<Int32, Errno> = valueOrErrno(retryingInterrupts: false) {
            calls += 1
            errno = EINTR
            return -1
        }
        #expect(result == .failure(.interrupted))
        #expect(calls == 1)
    }

    @Test func aNegatedErrnoIsReadAsTheErrno() {
        var calls = 0
        let result: Result<Int32, Errno> = valueOrNegatedErrno {
            calls += 1
            return calls == 1 ? -EINTR : -ENODEV
        }
        #expect(result == .failure(.noSuchDevice))
        #expect(calls == 2)
        #expect(valueOrNegatedErrno { Int32(0) } == .success(0))
    }
}
