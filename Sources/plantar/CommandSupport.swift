import ArgumentParser
import Foundation
import PlantarInput
import PlantarSession
import PlantarSupport
import PlantarTerminal

/// Device commands never need root with the udev rule installed, so they refuse it unless asked (`--allow-root`, or
/// `PLANTAR_ALLOW_ROOT=1` where root is all there is, as in the kernel test VM).
func refuseRoot(unless allowed: Bool) throws {
    guard getuid() == 0 || geteuid() == 0, !allowed, Console.environment["PLANTAR_ALLOW_ROOT"] != "1"
    else { return }
    throw PlantarError.device(
        path: "plantar",
        message: "refusing to run as root: Plantar only needs to read one input device; install the udev rule "
            + "(sudo make install puts udev/70-plantar.rules in /etc/udev/rules.d), re-plug the device and run as "
            + "your user — or pass --allow-root")
}

/// `--speed` of `demo` and `replay`: the speeds a real-time replay accepts.
func validateSpeed(_ speed: Double) throws {
    guard PlantarSession.Replay.speeds.contains(speed) else {
        throw ValidationError("--speed must be between 0.001 and 1000.")
    }
}

func loadProfiles() throws -> [DeviceProfile] {
    try DeviceProfile.loadAll()
}

func stderrLine(_ text: String) {
    Console.errorLine(text)
}

/// Writes a picture or page whole (a reader never sees half a file; a device or FIFO is written through), or to
/// standard output for `-`.
func writeOutput(_ text: String, to path: String) throws {
    if path == "-" {
        Console.write(text)
        return
    }
    try OutputFile.write(text, to: path)
}
