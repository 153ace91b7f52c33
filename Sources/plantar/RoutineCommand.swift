import ArgumentParser
import Foundation
import PlantarSession
import PlantarSupport

struct RoutineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routine", abstract: "Show routines.", subcommands: [Show.self, List.self],
        defaultSubcommand: Show.self)

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Print a routine (the built-in one by default) as a routine file, with its expected time.")

        @Argument(help: "A routine file or name; leave out for the built-in routine.")
        var name: String?

        func run() throws {
            let routine = try name.map(RoutineStore.resolve) ?? .builtIn
            Console.write(routine.expectedTimeComment() + routine.toml())
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the routines in ~/.config/plantar/routines.")

        func run() throws {
            Console.line("builtin (the five exercises)")
            for name in RoutineStore.list() { Console.line(name.replacingOccurrences(of: ".toml", with: "")) }
            Console.line("(routines live in \(RoutineStore.directory))")
        }
    }
}
