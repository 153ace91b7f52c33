import Logging

/// The input layer's debug log (devices opened and closed, SYN_DROPPED and the resync after it). Silent unless the
/// program asks for it (`--verbose`, `PLANTAR_LOG=debug`): everything here logs at debug level.
let inputLog = Logger(label: "plantar.input")

/// A debug message built only when debug logging is on.
func debugLog(_ text: @autoclosure () -> String) {
    inputLog.debug("\(text())")
}
