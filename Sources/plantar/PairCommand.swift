import ArgumentParser
import Foundation
import PlantarBluetooth
import PlantarInput
import PlantarSupport

struct Pair: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pair",
        abstract: "Pair a Wii Balance Board through BlueZ, so that it reconnects from its power button.",
        discussion: """
            Asks you to press the red SYNC button under the battery cover, finds the board, pairs it (BlueZ supplies \
            the board's PIN: there is nothing to type), trusts it, connects it and waits for its input device. \
            Exit status: 0 paired, 3 a Bluetooth or device problem (the message says how to fix it), 64 usage.
            """)

    @Option(help: "Seconds to look for the board after you press SYNC.")
    var timeout: Double = 30

    @Option(help: "The board's Bluetooth address (AA:BB:CC:DD:EE:FF), when several are in pairing mode.")
    var address: String?

    @Flag(help: "Remove the bond with the board (all paired boards, or the one --address names).")
    var forget = false

    @Option(help: ArgumentHelp("Seconds to wait for the input device after connecting.", visibility: .hidden))
    var inputWait: Double = 10

    func validate() throws {
        if timeout <= 0 { throw ValidationError("--timeout must be positive.") }
        if inputWait < 0 { throw ValidationError("--input-wait cannot be negative.") }
        if let address {
            let parts = address.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 6, parts.allSatisfy({ $0.count == 2 && UInt8($0, radix: 16) != nil }) else {
                throw ValidationError("--address must look like AA:BB:CC:DD:EE:FF.")
            }
        }
    }

    func run() throws {
        Interrupt.install()
        let profiles = (try? loadProfiles()) ?? [.wiiBalanceBoard]
        let pairing = BoardPairing(
            profiles: profiles, say: { Console.line($0) }, interrupted: { Interrupt.requested })
        do {
            if forget {
                let gone = try pairing.forget(address: address)
                if gone.isEmpty { Console.line("no balance board is paired: nothing to forget") }
                return
            }
            var options = BoardPairing.Options()
            options.timeout = timeout
            options.address = address
            options.inputWait = inputWait
            let board = try pairing.pair(options)
            Console.line(
                "paired: the board \(board.device.address) is \(board.node.path); `plantar run` starts a session, "
                    + "and from now on the board's front power button connects it")
        } catch let problem as BluetoothProblem {
            stderrLine("plantar: " + problem.message)
            stderrLine("  fix: " + problem.fix)
            if Interrupt.requested { throw ExitCode(ExitStatus.interrupted.rawValue) }
            throw ExitCode((problem.isUsage ? ExitStatus.usage : ExitStatus.device).rawValue)
        } catch let e as DBusError {
            stderrLine("plantar: BlueZ: \(e)")
            throw ExitCode(ExitStatus.device.rawValue)
        }
    }
}
