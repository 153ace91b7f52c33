import Foundation

/// Builds SVG (and XHTML) text: elements with escaped attributes and text, numbers written short.
struct SVGWriter {
    private(set) var text = ""

    init() {
        text.reserveCapacity(64 * 1024)
    }

    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        text += "<" + name
        appendAttributes(attributes)
        text += ">"
    }

    mutating func close(_ name: String) {
        text += "</" + name + ">"
    }

    /// An element; empty (`<x/>`) when it has no content.
    mutating func element(_ name: String, _ attributes: [(String, String)] = [], content: String? = nil) {
        text += "<" + name
        appendAttributes(attributes)
        if let content {
            text += ">" + Self.escape(content) + "</" + name + ">"
        } else {
            text += "/>"
        }
    }

    /// Markup made by another writer, or a constant.
    mutating func raw(_ markup: String) {
        text += markup
    }

    mutating func newline() {
        text += "\n"
    }

    private mutating func appendAttributes(_ attributes: [(String, String)]) {
        for (key, value) in attributes {
            text += " " + key + "=\"" + Self.escape(value) + "\""
        }
    }

    /// Escapes text for XML (element content and attribute values alike).
    static func escape(_ s: String) -> String {
        guard s.contains(where: { "&<>\"'".contains($0) }) else { return s }
        var out = ""
        out.reserveCapacity(s.count + 16)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}

extension SVGWriter {
    /// Numbers as SVG coordinates: at most one decimal, no trailing zero.
    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "0" }
        // Far outside any picture; clamped so that the integer conversion below cannot overflow.
        let tenths = (min(max(d, -1e12), 1e12) * 10).rounded()
        if tenths.truncatingRemainder(dividingBy: 10) == 0 { return String(Int(tenths / 10)) }
        let s = String(format: "%.1f", tenths / 10)
        return s == "-0.0" ? "0" : s
    }
}
