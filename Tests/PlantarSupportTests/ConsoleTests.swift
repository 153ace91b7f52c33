import Foundation
import Testing

@testable import PlantarSupport

@Suite struct ConsoleTests {
    @Test func aCapturedCommandsOutputAndEnvironmentAreItsOwnEvenSideBySide() async {
        let first = Console.Capture(environment: ["PLANTAR_PERSON": "ana"])
        let second = Console.Capture(environment: ["PLANTAR_PERSON": "ben"])
        await withTaskGroup(of: Void.self) { group in
            for capture in [first, second] {
                group.addTask {
                    Console.$capture.withValue(capture) {
                        for i in 0..<100 {
                            Console.line("\(Console.environment["PLANTAR_PERSON"]!) \(i)")
                        }
                        Console.errorLine("done")
                        Console.write("no newline")
                    }
                }
            }
        }
        #expect(first.standardOutput == (0..<100).map { "ana \($0)\n" }.joined() + "no newline")
        #expect(second.standardOutput == (0..<100).map { "ben \($0)\n" }.joined() + "no newline")
        #expect(first.standardError == "done\n")
        #expect(second.standardError == "done\n")
    }

    @Test func aCapturedCommandNeverSeesATerminal() {
        let capture = Console.Capture(environment: [:])
        let seen = Console.$capture.withValue(capture) { Console.isTerminal(STDOUT_FILENO) }
        #expect(!seen)
        #expect(Console.environment["PATH"] == ProcessInfo.processInfo.environment["PATH"])
    }
}

@Suite struct CapturedInterruptTests {
    @Test func aCapturedCommandSeesOnlyItsOwnInterrupt() {
        let capture = Console.Capture(environment: [:])
        #expect(Console.$capture.withValue(capture) { Interrupt.requested } == false)
        capture.interrupted = true
        #expect(Console.$capture.withValue(capture) { Interrupt.requested } == true)
    }
}
