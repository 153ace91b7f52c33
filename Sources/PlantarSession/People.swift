import Foundation
import PlantarSupport

/// Whose session it is: one board, several people (a physiotherapist's patients, a family). Every session in the
/// history belongs to one person; the history, trends and reports are per person.
public enum People {
    /// The longest name accepted.
    public static let maximumLength = 64

    /// `--person NAME`, else `PLANTAR_PERSON`, else the login name.
    public static func resolve(
        _ explicit: String?, environment: [String: String] = Console.environment
    ) throws -> String {
        try named(explicit, variable: environment["PLANTAR_PERSON"]) ?? loginName(environment: environment)
    }

    /// The person named by `--person`, else by `PLANTAR_PERSON` (whose value is `variable`), checked; nil when neither
    /// names one (`resolve` then takes the login name).
    public static func named(_ explicit: String?, variable: String? = Console.variable("PLANTAR_PERSON")) throws
        -> String?
    {
        if let explicit { return try checked(explicit, from: "--person") }
        if let variable { return try checked(variable, from: "PLANTAR_PERSON") }
        return nil
    }

    /// Whether a person was named (`--person` or `PLANTAR_PERSON`) rather than taken from the login.
    public static func isNamed(_ explicit: String?, environment: [String: String] = Console.environment)
        -> Bool
    {
        explicit != nil || environment["PLANTAR_PERSON"] != nil
    }

    /// The user's login name: `LOGNAME`, `USER`, else the password database's name for this uid.
    public static func loginName(environment: [String: String] = Console.environment) -> String {
        for key in ["LOGNAME", "USER"] {
            if let name = environment[key], (try? checked(name, from: key)) != nil { return name }
        }
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name {
            return String(cString: name)
        }
        return "user \(geteuid())"
    }

    /// A name as given, if it is one: not empty, no control characters, at most `maximumLength` characters.
    public static func checked(_ name: String, from source: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw PlantarError.usage("\(source): a person's name cannot be empty") }
        guard trimmed.count <= maximumLength else {
            throw PlantarError.usage("\(source): a person's name has at most \(maximumLength) characters")
        }
        guard !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw PlantarError.usage("\(source): a person's name cannot hold control characters")
        }
        return trimmed
    }
}
