import ArgumentParser
import PlantarSession
import PlantarSupport

/// `--person NAME`: whose session, history or report (several people can share one board).
struct PersonOption: ParsableArguments {
    @Option(help: "Whose session or history (default: $PLANTAR_PERSON, else your login name).")
    var person: String?

    func validate() throws {
        guard let person else { return }
        do {
            _ = try People.checked(person, from: "--person")
        } catch let error as PlantarError {
            throw ValidationError(error.description)
        }
    }

    /// The person meant: `--person`, `PLANTAR_PERSON` or the login name.
    func resolved() throws -> String { try People.resolve(person) }

    /// Whether a person was named, rather than taken from the login.
    var isNamed: Bool { People.isNamed(person) }
}
