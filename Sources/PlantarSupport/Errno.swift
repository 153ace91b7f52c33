#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A C `errno` value as a type (after swift-system's `Errno`): what a failed system call said, readable as text.
public struct Errno: Error, RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's `errno` now.
    public static var current: Errno { Errno(rawValue: errno) }

    public static let interrupted = Errno(rawValue: EINTR)
    public static let wouldBlock = Errno(rawValue: EAGAIN)
    public static let noSuchDevice = Errno(rawValue: ENODEV)
    public static let noSuchFile = Errno(rawValue: ENOENT)
    public static let permissionDenied = Errno(rawValue: EACCES)

    /// The C library's text for it (`strerror`), e.g. "No such file or directory".
    public var description: String { String(cString: strerror(rawValue)) }
}

/// Calls a C function that returns -1 and sets `errno` on failure, again as long as a signal interrupts it (EINTR):
/// its result, or the error it set (swift-system's `valueOrErrno` with its retry loop). Inlinable: specialised where
/// it is called, rather than run generically through the integer type's witness tables.
@inlinable @inline(__always)
public func valueOrErrno<I: FixedWidthInteger>(
    retryingInterrupts: Bool = true, _ call: () -> I
) -> Result<I, Errno> {
    while true {
        let result = call()
        if result != -1 { return .success(result) }
        let error = Errno.current
        if retryingInterrupts, error == .interrupted { continue }
        return .failure(error)
    }
}

/// Calls a C function that returns a negative errno on failure (libevdev's convention), again on EINTR.
@inlinable @inline(__always)
public func valueOrNegatedErrno<I: FixedWidthInteger & SignedInteger>(
    retryingInterrupts: Bool = true, _ call: () -> I
) -> Result<I, Errno> {
    while true {
        let result = call()
        if result >= 0 { return .success(result) }
        let error = Errno(rawValue: Int32(truncatingIfNeeded: -result))
        if retryingInterrupts, error == .interrupted { continue }
        return .failure(error)
    }
}
