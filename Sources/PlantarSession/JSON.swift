import Foundation

/// A JSON value with ordered object keys, written compactly with numbers rounded for people to read.
public indirect enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public static func == (a: JSON, b: JSON) -> Bool { a.serialized() == b.serialized() }

    /// Seconds and millimetres: three decimals are more than any sensor resolves.
    public static func rounded(_ d: Double, places: Int = 3) -> JSON {
        guard d.isFinite else { return .null }
        let f = pow(10, Double(places))
        return .number((d * f).rounded() / f)
    }

    public func serialized(pretty: Bool = false, indent: String = "") -> String {
        var out = ""
        out.reserveCapacity(1 << 16)
        write(into: &out, pretty: pretty, indent: indent)
        return out
    }

    private func write(into out: inout String, pretty: Bool, indent: String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .number(let d):
            if !d.isFinite {
                out += "null"
            } else if d == d.rounded(), abs(d) < 1e15 {
                out += String(Int(d)) + ".0"
            } else {
                out += "\(d)"
            }
        case .string(let s): JSON.escape(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out += "[]"
                return
            }
            out += "["
            let inner = indent + "  "
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if pretty {
                    out += "\n"
                    out += inner
                }
                item.write(into: &out, pretty: pretty, indent: inner)
            }
            if pretty {
                out += "\n"
                out += indent
            }
            out += "]"
        case .object(let pairs):
            if pairs.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            let inner = indent + "  "
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out += pretty ? "," : ", " }
                if pretty {
                    out += "\n"
                    out += inner
                }
                JSON.escape(k, into: &out)
                out += ": "
                v.write(into: &out, pretty: pretty, indent: inner)
            }
            if pretty {
                out += "\n"
                out += indent
            }
            out += "}"
        }
    }

    private static func escape(_ s: String, into out: inout String) {
        out += "\""
        // Most strings (keys, names, times) have nothing to escape: appended whole.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
