import Foundation
import PlantarSupport

/// A small TOML reader for Plantar's own files (routines and device profiles), keeping the line of every key so
/// that errors can name it. It reads the subset those files use: comments, `key = value` with bare or quoted keys,
/// strings (basic and literal), integers (decimal, `0x` hex, `_` separators), floats, booleans, single-line arrays,
/// `[table]`, `[a.b]` and `[[array.of.tables]]`. Anything else is an error with its line.
public enum TOMLValue: Sendable, Equatable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])
    case table(TOMLTable)
    case tables([TOMLTable])

    public var typeName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a number"
        case .boolean: return "true or false"
        case .array: return "an array"
        case .table: return "a table"
        case .tables: return "an array of tables"
        }
    }
}

/// A table: its keys in file order, each with the line it was set on.
public struct TOMLTable: Sendable, Equatable {
    public var entries: [(key: String, value: TOMLValue, line: Int)] = []
    /// The line of the `[header]` that opened it (0 for the root).
    public var line: Int = 0
    public var path: String = ""

    public init(line: Int = 0, path: String = "") {
        self.line = line
        self.path = path
    }

    public subscript(key: String) -> TOMLValue? { entries.first { $0.key == key }?.value }
    public func line(of key: String) -> Int { entries.first { $0.key == key }?.line ?? line }
    public var keys: [String] { entries.map(\.key) }

    mutating func set(_ key: String, _ value: TOMLValue, line: Int) {
        if let i = entries.firstIndex(where: { $0.key == key }) {
            entries[i] = (key, value, line)
        } else {
            entries.append((key, value, line))
        }
    }

    public static func == (a: TOMLTable, b: TOMLTable) -> Bool {
        a.entries.count == b.entries.count
            && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }
}

public enum TOML {
    public static let maximumSize = 1 << 20

    public static func parse(file path: String) throws -> TOMLTable {
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

    public static func parse(_ text: String, path: String) throws -> TOMLTable {
        var root = TOMLTable()
        // The table being filled: a path of keys from the root, and whether its last step is an array element.
        var current: [String] = []
        var definedTables = Set<String>()
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            func fail(_ message: String) -> PlantarError { .badInput(path: path, line: lineNumber, message: message) }
            var s = Substring(rawLine)
            if s.hasSuffix("\r") { s = s.dropLast() }
            guard !s.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" }) else {
                throw fail("control character in line")
            }
            s = s.drop { $0 == " " || $0 == "\t" }
            if s.isEmpty || s.hasPrefix("#") { continue }
            if s.hasPrefix("[[") {
                guard let close = s.range(of: "]]") else { throw fail("missing ']]'") }
                let name = s[s.index(s.startIndex, offsetBy: 2)..<close.lowerBound].trimmingCharacters(in: .whitespaces)
                try checkTrailing(s[close.upperBound...], fail)
                let keys = try splitKeys(name, fail)
                current = keys
                try appendTable(&root, keys[...], line: lineNumber, path: name, fail)
                continue
            }
            if s.hasPrefix("[") {
                guard let close = s.firstIndex(of: "]") else { throw fail("missing ']'") }
                let name = s[s.index(after: s.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                try checkTrailing(s[s.index(after: close)...], fail)
                let keys = try splitKeys(name, fail)
                guard definedTables.insert(name).inserted else { throw fail("table [\(name)] is defined twice") }
                current = keys
                try createTable(&root, keys[...], line: lineNumber, path: name, fail)
                continue
            }
            guard let eq = findEquals(s) else { throw fail("expected 'key = value'") }
            let keyText = s[..<eq].trimmingCharacters(in: .whitespaces)
            let keys = try splitKeys(keyText, fail)
            var rest = s[s.index(after: eq)...].drop { $0 == " " || $0 == "\t" }
            let value = try parseValue(&rest, fail)
            try checkTrailing(rest, fail)
            try assign(&root, current[...], keys, value, line: lineNumber, fail)
        }
        return root
    }

    private static func findEquals(_ s: Substring) -> Substring.Index? {
        var inQuote: Character?
        for i in s.indices {
            let c = s[i]
            if let q = inQuote {
                if c == q { inQuote = nil }
            } else if c == "\"" || c == "'" {
                inQuote = c
            } else if c == "=" {
                return i
            }
        }
        return nil
    }

    private static func checkTrailing(_ rest: Substring, _ fail: (String) -> PlantarError) throws {
        let t = rest.drop { $0 == " " || $0 == "\t" }
        guard t.isEmpty || t.hasPrefix("#") else { throw fail("unexpected text after the value: '\(t.prefix(20))'") }
    }

    private static func splitKeys(_ text: String, _ fail: (String) -> PlantarError) throws -> [String] {
        var keys: [String] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            var k = part.trimmingCharacters(in: .whitespaces)
            if k.count >= 2, (k.hasPrefix("\"") && k.hasSuffix("\"")) || (k.hasPrefix("'") && k.hasSuffix("'")) {
                k = String(k.dropFirst().dropLast())
            } else if k.isEmpty || !k.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) {
                throw fail("invalid key '\(text)'")
            }
            keys.append(k)
        }
        return keys
    }

    private static func parseValue(_ s: inout Substring, _ fail: (String) -> PlantarError) throws -> TOMLValue {
        guard let first = s.first else { throw fail("missing value after '='") }
        if first == "\"" || first == "'" {
            s = s.dropFirst()
            var out = ""
            while let c = s.first {
                s = s.dropFirst()
                if c == first { return .string(out) }
                if c == "\\" && first == "\"" {
                    guard let e = s.first else { break }
                    s = s.dropFirst()
                    switch e {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "\"": out.append("\"")
                    case "\\": out.append("\\")
                    default: throw fail("unknown escape '\\\(e)' in string")
                    }
                } else {
                    out.append(c)
                }
            }
            throw fail("unterminated string")
        }
        if first == "[" {
            s = s.dropFirst()
            var items: [TOMLValue] = []
            while true {
                s = s.drop { $0 == " " || $0 == "\t" }
                if s.first == "]" {
                    s = s.dropFirst()
                    return .array(items)
                }
                guard !s.isEmpty else { throw fail("unterminated array (arrays must be on one line)") }
                items.append(try parseValue(&s, fail))
                s = s.drop { $0 == " " || $0 == "\t" }
                if s.first == "," {
                    s = s.dropFirst()
                } else if s.first != "]" {
                    throw fail("expected ',' or ']' in array")
                }
            }
        }
        let token = s.prefix { !($0 == " " || $0 == "\t" || $0 == "," || $0 == "]" || $0 == "#") }
        s = s.dropFirst(token.count)
        if token == "true" { return .boolean(true) }
        if token == "false" { return .boolean(false) }
        let clean = token.replacingOccurrences(of: "_", with: "")
        if clean.hasPrefix("0x") || clean.hasPrefix("0X") {
            guard let v = Int(clean.dropFirst(2), radix: 16) else { throw fail("invalid hex number '\(token)'") }
            return .integer(v)
        }
        if let v = Int(clean) { return .integer(v) }
        if let v = Double(clean), v.isFinite,
            clean.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true
        {
            return .float(v)
        }
        throw fail("invalid value '\(token.prefix(30))' (strings need quotes)")
    }

    private static func createTable(
        _ table: inout TOMLTable, _ keys: ArraySlice<String>, line: Int, path: String, _ fail: (String) -> PlantarError
    ) throws {
        guard let key = keys.first else { return }
        var child: TOMLTable
        switch table[key] {
        case .none: child = TOMLTable(line: line, path: path)
        case .table(let t): child = t
        case .tables(var ts) where keys.count > 1:
            var last = ts.removeLast()
            try createTable(&last, keys.dropFirst(), line: line, path: path, fail)
            ts.append(last)
            table.set(key, .tables(ts), line: table.line(of: key))
            return
        default: throw fail("'\(key)' is already a value, not a table")
        }
        try createTable(&child, keys.dropFirst(), line: line, path: path, fail)
        table.set(
            key, .table(child), line: keys.count == 1 ? line : table.line(of: key) == 0 ? line : table.line(of: key))
    }

    private static func appendTable(
        _ table: inout TOMLTable, _ keys: ArraySlice<String>, line: Int, path: String, _ fail: (String) -> PlantarError
    ) throws {
        guard let key = keys.first else { return }
        if keys.count == 1 {
            var list: [TOMLTable]
            switch table[key] {
            case .none: list = []
            case .tables(let ts): list = ts
            default: throw fail("'\(key)' is already defined and is not an array of tables")
            }
            list.append(TOMLTable(line: line, path: path))
            table.set(key, .tables(list), line: list.count == 1 ? line : table.line(of: key))
            return
        }
        switch table[key] {
        case .none:
            var child = TOMLTable(line: line, path: path)
            try appendTable(&child, keys.dropFirst(), line: line, path: path, fail)
            table.set(key, .table(child), line: line)
        case .table(var child):
            try appendTable(&child, keys.dropFirst(), line: line, path: path, fail)
            table.set(key, .table(child), line: table.line(of: key))
        case .tables(var ts):
            var last = ts.removeLast()
            try appendTable(&last, keys.dropFirst(), line: line, path: path, fail)
            ts.append(last)
            table.set(key, .tables(ts), line: table.line(of: key))
        default:
            throw fail("'\(key)' is already a value, not a table")
        }
    }

    private static func assign(
        _ table: inout TOMLTable, _ path: ArraySlice<String>, _ keys: [String], _ value: TOMLValue, line: Int,
        _ fail: (String) -> PlantarError
    ) throws {
        if let head = path.first {
            switch table[head] {
            case .table(var child):
                try assign(&child, path.dropFirst(), keys, value, line: line, fail)
                table.set(head, .table(child), line: table.line(of: head))
            case .tables(var ts):
                var last = ts.removeLast()
                try assign(&last, path.dropFirst(), keys, value, line: line, fail)
                ts.append(last)
                table.set(head, .tables(ts), line: table.line(of: head))
            default:
                throw fail("internal: table path lost")
            }
            return
        }
        if keys.count > 1 {
            var child: TOMLTable
            switch table[keys[0]] {
            case .none: child = TOMLTable(line: line, path: keys[0])
            case .table(let t): child = t
            default: throw fail("'\(keys[0])' is already a value, not a table")
            }
            try assign(&child, [], Array(keys.dropFirst()), value, line: line, fail)
            table.set(keys[0], .table(child), line: line)
            return
        }
        guard table[keys[0]] == nil else { throw fail("key '\(keys[0])' is set twice") }
        table.set(keys[0], value, line: line)
    }
}

/// Typed access with errors that name the file, line and key.
public struct TOMLReader {
    public let path: String
    public let table: TOMLTable
    public let allowed: Set<String>

    public init(path: String, table: TOMLTable, allowed: Set<String>) throws {
        self.path = path
        self.table = table
        self.allowed = allowed
        for entry in table.entries where !allowed.contains(entry.key) {
            let scope = table.path.isEmpty ? "" : " in [\(table.path)]"
            throw PlantarError.badInput(
                path: path, line: entry.line,
                message:
                    "unknown key '\(entry.key)'\(scope) (expected one of: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    public func fail(_ key: String, _ message: String) -> PlantarError {
        .badInput(path: path, line: table.line(of: key), message: "'\(key)' \(message)")
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

    public func table(_ key: String, allowed: Set<String>) throws -> TOMLReader? {
        guard let v = table[key] else { return nil }
        guard case .table(let t) = v else { throw fail(key, "must be a table [\(key)], not \(v.typeName)") }
        return try TOMLReader(path: path, table: t, allowed: allowed)
    }

    public func tables(_ key: String) throws -> [TOMLTable] {
        guard let v = table[key] else { return [] }
        guard case .tables(let ts) = v else {
            throw fail(key, "must be written as [[\(key)]] tables, not \(v.typeName)")
        }
        return ts
    }
}
