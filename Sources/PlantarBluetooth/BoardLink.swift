import Foundation
import PlantarInput

/// A bonded balance board at the start and end of a session: connect it through BlueZ when it is bonded but not
/// connected, ask for its power button when it is off, and disconnect it afterwards to save its batteries.
public final class BoardLink {
    let say: (String) -> Void
    let interrupted: () -> Bool
    let blueZ: BlueZ
    /// The board this link connected or found connected.
    public private(set) var board: BluetoothDevice?

    /// nil when there is no BlueZ to talk to (no Bluetooth: nothing to do).
    public init?(say: @escaping (String) -> Void, interrupted: @escaping () -> Bool) {
        guard let blueZ = try? BlueZ(), (try? blueZ.state()) != nil else { return nil }
        self.blueZ = blueZ
        self.say = say
        self.interrupted = interrupted
    }

    /// Brings up the bonded board's input device: connects it if BlueZ can, else says "press the power button on the
    /// board" and waits up to `wait` seconds for it. Returns whether an input device named as the board appeared;
    /// false at once when no board is bonded.
    public func bringUp(wait: Double, poll: Double = 0.25) -> Bool {
        guard let state = try? blueZ.state() else { return false }
        guard
            let bonded = state.boards.first(where: { $0.paired && $0.connected }) ?? state.boards.first(where: \.paired)
        else { return false }
        board = bonded
        if !bonded.connected {
            say("connecting the balance board \(bonded.address) through BlueZ")
            do {
                try blueZ.connectProfile(device: bonded.path, timeoutSeconds: 8)
            } catch let e as DBusError where e.name == "org.bluez.Error.AlreadyConnected" {
            } catch {
                say("press the power button on the board (waiting up to \(seconds(wait)) s for it)")
            }
        }
        let deadline = monotonicSeconds() + wait
        var nextTry = monotonicSeconds() + 10
        while !interrupted() {
            if DeviceDiscovery.evdevDevices(profiles: []).contains(where: { $0.name == BoardPairing.boardInputName }) {
                say("the balance board \(bonded.address) is connected")
                return true
            }
            let now = monotonicSeconds()
            if now >= deadline { break }
            if now >= nextTry {
                // The board connects itself when its power button is pressed; a page from here helps if it is
                // already on.
                nextTry = now + 10
                try? blueZ.connectProfile(device: bonded.path, timeoutSeconds: 5)
            }
            usleep(UInt32(poll * 1_000_000))
        }
        return false
    }

    /// Disconnects the board (`Device1.Disconnect`): an idle connected board drains its batteries.
    public func disconnect() {
        let state = try? blueZ.state()
        let target =
            board.flatMap { b in state?.devices.first { $0.path == b.path && $0.connected } }
            ?? state?.boards.first { $0.connected }
        guard let target else { return }
        do {
            try blueZ.disconnect(device: target.path)
            say("disconnected the balance board \(target.address) to save its batteries (--stay-connected keeps it)")
        } catch {
            say("could not disconnect the balance board \(target.address): \(error)")
        }
    }
}
