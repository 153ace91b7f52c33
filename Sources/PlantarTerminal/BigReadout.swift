import PlantarSignal

/// Block digits five rows tall, readable from a few metres.
public enum BigDigits {
    public static let rows = 5

    /// Each glyph: five rows of the same width; `#` is a filled cell.
    static let glyphs: [Character: [String]] = [
        "0": ["#####", "#   #", "#   #", "#   #", "#####"],
        "1": ["  #  ", " ##  ", "  #  ", "  #  ", " ### "],
        "2": ["#####", "    #", "#####", "#    ", "#####"],
        "3": ["#####", "    #", " ####", "    #", "#####"],
        "4": ["#   #", "#   #", "#####", "    #", "    #"],
        "5": ["#####", "#    ", "#####", "    #", "#####"],
        "6": ["#####", "#    ", "#####", "#   #", "#####"],
        "7": ["#####", "    #", "   # ", "  #  ", "  #  "],
        "8": ["#####", "#   #", "#####", "#   #", "#####"],
        "9": ["#####", "#   #", "#####", "    #", "#####"],
        "/": ["    #", "   # ", "  #  ", " #   ", "#    "],
        ".": ["  ", "  ", "  ", "  ", "##"],
        ":": ["  ", "##", "  ", "##", "  "],
        " ": ["  ", "  ", "  ", "  ", "  "],
        "s": ["     ", " ####", " #   ", "  ## ", "#### "],
    ]

    /// `text` as five lines of block characters (glyphs one column apart); unknown characters are left out.
    public static func render(_ text: String) -> [String] {
        var lines = [String](repeating: "", count: rows)
        var first = true
        for ch in text {
            guard let g = glyphs[ch] else { continue }
            for r in 0..<rows {
                if !first { lines[r] += " " }
                lines[r] += g[r].replacingOccurrences(of: "#", with: "█")
            }
            first = false
        }
        return lines
    }

    /// How many columns `render(text)` takes.
    public static func width(_ text: String) -> Int { render(text).first?.count ?? 0 }
}

/// The readout for a person standing a few metres away: the rep counter and the seconds held in block digits, the
/// hold bar across the whole width, and only a few lines of text.
public enum BigReadout {
    /// A terminal this large gets the big readout without asking for it.
    public static let automaticColumns = 120
    public static let automaticRows = 45

    public static func fits(columns: Int, rows: Int) -> Bool {
        columns >= automaticColumns && rows >= automaticRows
    }

    public static func render(_ s: ReadoutState, width: Int, color: Bool) -> [String] {
        let w = max(40, width - 1)
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        let normal = Readout.render(s, width: width, color: color)
        var lines: [String] = []
        // The header, the exercise and what to do now, as in the normal readout.
        lines += normal.prefix(3)
        lines.append("")
        let left: (label: String, text: String)
        let right: (label: String, text: String)
        if s.kind == .ankleCircles {
            left = ("COUNTER-CLOCKWISE", "\(s.counterclockwise)/\(s.targetReps)")
            right = ("CLOCKWISE", "\(s.clockwise)/\(s.targetReps)")
        } else {
            left = ("REPS", "\(s.countedReps)/\(s.targetReps)")
            right = ("HOLD (target \(Self.seconds(s.holdSeconds)) s)", String(format: "%.1f", s.heldSeconds ?? 0))
        }
        let a = BigDigits.render(left.text)
        let b = BigDigits.render(right.text)
        let aw = max(BigDigits.width(left.text), left.label.count)
        let gap = 6
        let leftCode = s.countedReps >= s.targetReps && s.kind != .ankleCircles ? "1;32" : "1"
        let reached = s.heldSeconds != nil && s.targetReached
        let rightCode = reached ? "1;32" : s.heldSeconds != nil ? "1;36" : "1"
        if aw + gap + max(BigDigits.width(right.text), right.label.count) <= w {
            lines.append(pad(left.label, aw) + String(repeating: " ", count: gap) + right.label)
            for r in 0..<BigDigits.rows {
                lines.append(
                    paint(pad(a[r], aw), leftCode) + String(repeating: " ", count: gap) + paint(b[r], rightCode))
            }
        } else {
            lines.append(left.label)
            lines += a.map { paint($0, leftCode) }
            lines.append(right.label)
            lines += b.map { paint($0, rightCode) }
        }
        lines.append("")
        if s.kind != .ankleCircles {
            // The hold bar, the whole width, two rows tall.
            let fraction = s.holdSeconds > 0 ? min(1, (s.heldSeconds ?? 0) / s.holdSeconds) : 0
            let filled = Int((fraction * Double(w)).rounded(.down))
            var bar = String(repeating: "█", count: filled) + String(repeating: "░", count: w - filled)
            bar = reached ? paint(bar, "32") : s.heldSeconds != nil ? paint(bar, "36") : bar
            lines.append(bar)
            lines.append(bar)
            if reached { lines.append(paint("✓ target reached — release when ready", "1;32")) }
        }
        if let last = s.lastRep { lines.append("Last     " + last) }
        // The session's progress and the keys, as in the normal readout.
        lines += normal.suffix(2)
        return lines.map { Readout.fit($0, w) }
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }

    static func seconds(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(format: "%.1f", d) }
}
