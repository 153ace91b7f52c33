import Foundation
import TOMLKit

/// A value of a TOML file (routines and device profiles), as TOMLKit (toml++, TOML 1.0) parsed it.
public enum ConfigValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    /// A date, time or date-time, as written; no Plantar key takes one.
    case date(String)
    case array([ConfigValue])
    case table(ConfigTable)

    public var typeName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a number"
        case .boolean: return "true or false"
        case .date: return "a date or time"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}

/// A table of a TOML file and where it sits: its key path from the root (`exercise[2]`, `match`; empty for the root).
public struct ConfigTable: Sendable, Equatable {
    public var values: [String: ConfigValue] = [:]
    public var path: String = ""

    public init(values: [String: ConfigValue] = [:], path: String = "") {
        self.values = values
        self.path = path
    }

    public subscript(key: String) -> ConfigValue? { values[key] }
    /// The keys in order (TOML tables are unordered; sorted keeps messages stable).
    public var keys: [String] { values.keys.sorted() }
    /// The key path of one of this table's keys: `exercise[2].hold_seconds`.
    public func path(of key: String) -> String { path.isEmpty ? key : path + "." + key }
}

/// A parsed TOML file: its tables, and the line each key path was written on where the file's layout shows it.
public struct TOMLDocument: Sendable {
    public var path: String
    public var root: ConfigTable
    /// Key path → 1-based line, for keys written as `key = value` lines and for `[table]` / `[[table]]` headers.
    public var lines: [String: Int]

    /// The line of a key path, or 0 when it is unknown (keys inside inline tables).
    public func line(of keyPath: String) -> Int { lines[keyPath] ?? 0 }

    /// The line of a key path or, inside an inline table, of the nearest enclosing key that has one; 0 if none.
    public func nearestLine(of keyPath: String) -> Int {
        var p = Substring(keyPath)
        while !p.isEmpty {
            if let line = lines[String(p)] { return line }
            if p.hasSuffix("]"), let open = p.lastIndex(of: "[") {
                p = p[..<open]
            } else if let dot = p.lastIndex(of: ".") {
                p = p[..<dot]
            } else {
                break
            }
        }
        return 0
    }
}

public enum TOML {
    public static let maximumSize = 1 << 20

    public static func parse(file path: String) throws -> TOMLDocument {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw PlantarError.badInput(path: path, line: 0, message: "no such file")
        }
        if isDir.boolValue { throw PlantarError.badInput(path: path, line: 0, message: "is a directory, not a file") }
        // Ask the size first: a huge file is refused without reading it.
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= maximumSize else {
            throw PlantarError.badInput(path: path, line: 0, message: "is larger than \(maximumSize) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlantarError.badInput(path: path, line: 0, message: "cannot be read")
        }
        guard data.count <= maximumSize else {
            throw PlantarError.badInput(path: path, line: 0, message: "is larger than \(maximumSize) bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PlantarError.badInput(path: path, line: 0, message: "is not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Parses TOML text; a syntax error names the file and the line (and column) toml++ gives.
    public static func parse(_ text: String, path: String) throws -> TOMLDocument {
        // The text reaches toml++ as a C string: a NUL byte would cut it short, so it is refused here with its line.
        if let nul = text.utf8.firstIndex(of: 0) {
            let line = text.utf8[..<nul].reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            throw PlantarError.badInput(path: path, line: line, message: "NUL byte in the file")
        }
        // toml++ 3.4.0 asserts (aborts) on a table header whose first character after '[' cannot start a key:
        // such a header is refused here, before toml++ sees it.
        let scan = KeyLines.scan(text)
        if let line = scan.badHeader {
            throw PlantarError.badInput(
                path: path, line: line, message: "invalid table header: a key must follow '[' (quoted if need be)")
        }
        // It also asserts on a '}' where an array expects a value (`[ }`, `[1, }`): refused here with its line.
        if let line = KeyLines.closingBraceInArray(Array(text.utf8)) {
            throw PlantarError.badInput(
                path: path, line: line, message: "expected a value or ']' in the array, saw '}'")
        }
        let table: TOMLKit.TOMLTable
        do {
            table = try TOMLKit.TOMLTable(string: text)
        } catch let error as TOMLParseError {
            let line = max(error.source.begin.line, 0)
            // toml++ quotes the character it stopped on, which may be a line break: an error stays on one line.
            var message = oneLine(error.description)
            if error.source.begin.column > 0 { message += " (column \(error.source.begin.column))" }
            if bareWordValue(text, line: line) { message += " (strings need quotes)" }
            throw PlantarError.badInput(path: path, line: line, message: message)
        }
        return TOMLDocument(path: path, root: convert(table, path: ""), lines: scan.lines)
    }

    private static func convert(_ table: TOMLKit.TOMLTable, path: String) -> ConfigTable {
        var out = ConfigTable(path: path)
        for (key, value) in zip(table.keys, table.values) {
            out.values[key] = convert(value, path: path.isEmpty ? key : path + "." + key)
        }
        return out
    }

    private static func convert(_ value: TOMLKit.TOMLValue, path: String) -> ConfigValue {
        switch value.type {
        case .string: return .string(value.string ?? "")
        case .int: return .integer(value.int ?? 0)
        case .double: return .float(value.double ?? .nan)
        case .bool: return .boolean(value.bool ?? false)
        case .date, .time, .dateTime: return .date(value.debugDescription)
        case .table: return value.table.map { .table(convert($0, path: path)) } ?? .table(ConfigTable(path: path))
        case .array:
            let items = value.array.map { Array($0) } ?? []
            return .array(items.enumerated().map { convert($1.tomlValue, path: "\(path)[\($0)]") })
        }
    }

    /// Control characters written as escapes (`\n`), so that a message is one line.
    static func oneLine(_ text: String) -> String {
        var out = ""
        for u in text.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value == 0x7f: out += "\\u{\(String(u.value, radix: 16))}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Whether the value on a line is a bare word (`id = toe-presses`): toml++ reads it as a failed boolean or
    /// number, and the person only needs to add quotes.
    private static func bareWordValue(_ text: String, line: Int) -> Bool {
        guard line > 0 else { return false }
        let lines = text.split(separator: "\n", maxSplits: line, omittingEmptySubsequences: false)
        guard line <= lines.count, let eq = lines[line - 1].firstIndex(of: "=") else { return false }
        let value = lines[line - 1][lines[line - 1].index(after: eq)...].drop { $0 == " " || $0 == "\t" }
        guard let first = value.first, first.isLetter else { return false }
        let word = value.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        return !["true", "false", "inf", "nan"].contains(word)
    }
}

/// Where each key path of a TOML file was written, for error messages: toml++ checks the syntax, TOMLKit gives no
/// positions of values, so this walks the text once, following `[table]` and `[[array]]` headers and `key = value`
/// lines, skipping strings, comments and multi-line arrays. Keys inside inline tables get no line.
///
/// The same walk finds the first table header that toml++ would stop on with an assertion (`[,`, `[[ #`): up to the
/// first syntax error the text is valid TOML, which this walk follows as toml++ does. On any text it ends, and it
/// advances at every step.
enum KeyLines {
    static func scan(_ text: String) -> (lines: [String: Int], badHeader: Int?) {
        var badHeader: Int?
        var s = Scanner(Array(text.utf8))
        var lines: [String: Int] = [:]
        var current = ""
        /// The last index of each array of tables, by its key path.
        var arrays: [String: Int] = [:]
        /// Resolves a header or key's parts against the arrays of tables seen so far: `a.b` → `a[3].b`.
        func resolve(_ base: String, _ keys: [String]) -> String {
            var path = base
            for k in keys {
                path = path.isEmpty ? k : path + "." + k
                if let i = arrays[path] { path += "[\(i)]" }
            }
            return path
        }
        while let c = s.skipBlank() {
            let line = s.line
            if c == UInt8(ascii: "#") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\r") {
                s.skipLine()
            } else if c == UInt8(ascii: "[") {
                s.next()
                let isArray = s.peek() == UInt8(ascii: "[")
                if isArray { s.next() }
                if badHeader == nil, let k = s.skipBlank(), !Scanner.startsKey(k), k != UInt8(ascii: "]") {
                    badHeader = line
                }
                let keys = s.keys()
                if isArray {
                    let parent = resolve("", Array(keys.dropLast()))
                    let name = parent.isEmpty ? keys.last ?? "" : parent + "." + (keys.last ?? "")
                    arrays[name] = (arrays[name] ?? -1) + 1
                    current = name + "[\(arrays[name] ?? 0)]"
                } else {
                    current = resolve("", keys)
                }
                if lines[current] == nil { lines[current] = line }
                s.skipLine()
            } else {
                let keys = s.keys()
                let path = resolve(current, keys)
                if lines[path] == nil { lines[path] = line }
                // Dotted keys make their tables too: `a.b = 1` gives `a` a line.
                var prefix = current
                for k in keys.dropLast() {
                    prefix = prefix.isEmpty ? k : prefix + "." + k
                    if lines[prefix] == nil { lines[prefix] = line }
                }
                if s.peek() == UInt8(ascii: "=") { s.next() }
                s.skipValue()
            }
        }
        return (lines, badHeader)
    }

    /// The line of the first '}' written where an array expects a value (right after its '[' or a ','), or nil.
    /// Strings, comments and table headers are skipped as toml++ reads them; in valid TOML this never happens.
    static func closingBraceInArray(_ bytes: [UInt8]) -> Int? {
        enum Open { case header, array, table }
        var s = Scanner(bytes)
        var open: [Open] = []
        var previous: UInt8 = UInt8(ascii: "\n")
        var lineStart = true
        while let c = s.peek() {
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                s.next()
                continue
            case UInt8(ascii: "\n"):
                s.next()
                if open.isEmpty || open.last == .header { lineStart = true }
                continue
            case UInt8(ascii: "#"):
                while let b = s.peek(), b != UInt8(ascii: "\n") { s.next() }
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                s.skipString()
                previous = UInt8(ascii: "v")
                lineStart = false
                continue
            case UInt8(ascii: "["):
                let header = (lineStart && open.isEmpty) || (open.last == .header && previous == UInt8(ascii: "["))
                open.append(header ? .header : .array)
            case UInt8(ascii: "{"):
                open.append(.table)
            case UInt8(ascii: "]"):
                if !open.isEmpty { open.removeLast() }
            case UInt8(ascii: "}"):
                if open.last == .array, previous == UInt8(ascii: "[") || previous == UInt8(ascii: ",") {
                    return s.line
                }
                if !open.isEmpty { open.removeLast() }
            default:
                break
            }
            previous = c
            lineStart = false
            s.next()
        }
        return nil
    }

    struct Scanner {
        /// A bare key character or a quote (toml++'s `is_bare_key_character || is_string_delimiter`).
        static func startsKey(_ c: UInt8) -> Bool {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "\""),
                UInt8(ascii: "'"):
                return true
            default:
                return false
            }
        }

        let bytes: [UInt8]
        var i = 0
        var line = 1

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            // toml++ skips a UTF-8 byte order mark at the start.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        }

        func peek(_ ahead: Int = 0) -> UInt8? { i + ahead < bytes.count ? bytes[i + ahead] : nil }

        mutating func next() {
            if bytes[i] == UInt8(ascii: "\n") { line += 1 }
            i += 1
        }

        /// Skips spaces and tabs; the next byte, or nil at the end.
        mutating func skipBlank() -> UInt8? {
            while let c = peek(), c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { next() }
            return peek()
        }

        mutating func skipLine() {
            while let c = peek() {
                next()
                if c == UInt8(ascii: "\n") { return }
            }
        }

        /// A dotted key (bare or quoted parts) up to `=`, `]` or the end of the line.
        mutating func keys() -> [String] {
            var keys: [String] = []
            while let c = skipBlank() {
                if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    keys.append(quoted())
                } else {
                    var word: [UInt8] = []
                    while let b = peek(), b != UInt8(ascii: "."), b != UInt8(ascii: "="), b != UInt8(ascii: "]"),
                        b != UInt8(ascii: " "), b != UInt8(ascii: "\t"), b != UInt8(ascii: "\n")
                    {
                        word.append(b)
                        next()
                    }
                    keys.append(String(decoding: word, as: UTF8.self))
                }
                guard skipBlank() == UInt8(ascii: ".") else { break }
                next()
            }
            return keys
        }

        /// A one-line quoted key; the common escapes are decoded.
        mutating func quoted() -> String {
            let quote = bytes[i]
            next()
            var out: [UInt8] = []
            while let c = peek(), c != quote, c != UInt8(ascii: "\n") {
                next()
                if c == UInt8(ascii: "\\"), quote == UInt8(ascii: "\""), let e = peek() {
                    next()
                    switch e {
                    case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n"))
                    case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t"))
                    default: out.append(e)
                    }
                } else {
                    out.append(c)
                }
            }
            if peek() == quote { next() }
            return String(decoding: out, as: UTF8.self)
        }

        /// Skips a value, which may span lines (multi-line strings, arrays, inline tables), and the rest of its line.
        mutating func skipValue() {
            var depth = 0
            while let c = peek() {
                switch c {
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    skipString()
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                    next()
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    depth -= 1
                    next()
                case UInt8(ascii: "#"):
                    while let b = peek(), b != UInt8(ascii: "\n") { next() }
                case UInt8(ascii: "\n"):
                    next()
                    if depth <= 0 { return }
                default:
                    next()
                }
            }
        }

        mutating func skipString() {
            let quote = bytes[i]
            let multi = peek(1) == quote && peek(2) == quote
            next()
            if multi {
                next()
                next()
                while peek() != nil {
                    if peek() == UInt8(ascii: "\\"), quote == UInt8(ascii: "\"") {
                        next()
                        if peek() != nil { next() }
                    } else if peek() == quote && peek(1) == quote && peek(2) == quote {
                        next()
                        next()
                        next()
                        // A closing delimiter may carry up to two more quotes of the content: `""""" `.
                        while peek() == quote { next() }
                        return
                    } else {
                        next()
                    }
                }
                return
            }
            while let c = peek(), c != UInt8(ascii: "\n") {
                next()
                if c == quote { return }
                if c == UInt8(ascii: "\\"), quote == UInt8(ascii: "\""), peek() != nil, peek() != UInt8(ascii: "\n") {
                    next()
                }
            }
        }
    }
}

/// Typed access to one table, with errors that name the file, the line and the key path.
public struct TOMLReader {
    public let document: TOMLDocument
    public let table: ConfigTable
    public let allowed: Set<String>

    public var path: String { document.path }

    /// The reader of a file's root table.
    public init(file path: String, allowed: Set<String>) throws {
        try self.init(document: try TOML.parse(file: path), table: nil, allowed: allowed)
    }

    /// Unknown keys are errors that name the key.
    public init(document: TOMLDocument, table: ConfigTable?, allowed: Set<String>) throws {
        self.document = document
        self.table = table ?? document.root
        self.allowed = allowed
        for key in self.table.keys where !allowed.contains(key) {
            let keyPath = self.table.path(of: key)
            let scope = keyPath == key ? "" : " at \(keyPath)"
            throw PlantarError.badInput(
                path: document.path, line: document.nearestLine(of: keyPath),
                message: "unknown key '\(key)'\(scope) (expected one of: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// An error about one key's value: `FILE:LINE: 'exercise[2].hold_seconds' must be …`.
    public func fail(_ key: String, _ message: String) -> PlantarError {
        let keyPath = table.path(of: key)
        return .badInput(path: path, line: document.nearestLine(of: keyPath), message: "'\(keyPath)' \(message)")
    }

    /// An error about this table as a whole: `FILE:LINE: exercise[2] needs an id`, or `FILE:1: …` for the root.
    public func failHere(_ message: String) -> PlantarError {
        .badInput(
            path: path, line: table.path.isEmpty ? 1 : document.nearestLine(of: table.path),
            message: table.path.isEmpty ? message : "\(table.path) \(message)")
    }

    public func string(_ key: String) throws -> String? {
        guard let v = table[key] else { return nil }
        guard case .string(let s) = v else { throw fail(key, "must be a string, not \(v.typeName)") }
        return s
    }

    public func int(_ key: String, in range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let v = table[key] else { return nil }
        guard case .integer(let i) = v else { throw fail(key, "must be an integer, not \(v.typeName)") }
        if let range, !range.contains(i) {
            throw fail(key, "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return i
    }

    public func double(_ key: String, in range: ClosedRange<Double>? = nil) throws -> Double? {
        guard let v = table[key] else { return nil }
        let d: Double
        switch v {
        case .integer(let i): d = Double(i)
        case .float(let f): d = f
        default: throw fail(key, "must be a number, not \(v.typeName)")
        }
        guard d.isFinite else { throw fail(key, "must be a finite number") }
        if let range, !range.contains(d) {
            throw fail(key, "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return d
    }

    public func bool(_ key: String) throws -> Bool? {
        guard let v = table[key] else { return nil }
        guard case .boolean(let b) = v else { throw fail(key, "must be true or false, not \(v.typeName)") }
        return b
    }

    /// A sub-table, written `[key]` or `key = { … }`.
    public func table(_ key: String, allowed: Set<String>) throws -> TOMLReader? {
        guard let v = table[key] else { return nil }
        guard case .table(let t) = v else { throw fail(key, "must be a table [\(key)], not \(v.typeName)") }
        return try TOMLReader(document: document, table: t, allowed: allowed)
    }

    /// An array of tables, written `[[key]]` or `key = [{ … }, { … }]`.
    public func tables(_ key: String, allowed: Set<String>) throws -> [TOMLReader] {
        guard let v = table[key] else { return [] }
        guard case .array(let items) = v else {
            throw fail(key, "must be written as [[\(key)]] tables, not \(v.typeName)")
        }
        return try items.enumerated().map { i, item in
            guard case .table(let t) = item else {
                throw fail(key, "must hold tables, but item \(i) is \(item.typeName)")
            }
            return try TOMLReader(document: document, table: t, allowed: allowed)
        }
    }
}
