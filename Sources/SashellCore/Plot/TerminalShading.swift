/// A token display for a terminal. In colour, each measure is a row repeating the tokens, each
/// token on the background shade of its value (256-colour ANSI), with the scale and each row's
/// maximum below; in plain text (a file, a pipe, NO_COLOR), the tokens head columns of numbers.
/// Rows wrap at the terminal's width, every measure's row for the same tokens together.
extension TokenDisplay {
    /// The display as text for a terminal `width` columns wide; with `color`, shaded with ANSI
    /// escape sequences, else plain numbers with `digits` decimals.
    public func terminalText(color: Bool, width: Int, digits: Int = 3) -> String {
        let tokens = tokens.map(Self.printable)
        let names = measures.map { Self.printable($0.name) }
        let labelWidth = (names.map(\.count).max() ?? 0) + 2
        // In colour a token's cell is the token; in plain text, the widest of it and its numbers.
        let values = measures.map { $0.values.map { Self.format($0, digits: digits) } }
        let cells = tokens.indices.map { i in color ? tokens[i].count : max(tokens[i].count, values.map { $0[i].count }.max()!) }
        let separator = color ? 1 : 2
        var lines = [Self.printable(heading)]
        for (number, chunk) in Self.wrap(cells, width: max(width - labelWidth, 10), separator: separator).enumerated() {
            if number > 0 { lines.append("") }
            if !color {
                lines.append(Self.row("", labelWidth, chunk.map { tokens[$0].padded(to: cells[$0]) }, separator))
            }
            for (m, measure) in measures.enumerated() {
                let items = chunk.map { i in
                    color ? Self.shaded(tokens[i], level: ShadeRamp.terminalLevel(measure.shade(i))) : values[m][i].padded(to: cells[i])
                }
                lines.append(Self.row(names[m], labelWidth, items, separator))
            }
        }
        if color { lines += legend(labelWidth: labelWidth, digits: digits) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The scale's swatches and each row's maximum, under a shaded display.
    private func legend(labelWidth: Int, digits: Int) -> [String] {
        let labelWidth = max(labelWidth, "largest".count + 2)
        let levels = 1...ShadeRamp.terminalLevels
        let swatches = { (levels: [Int]) in levels.map { Self.shaded("  ", level: $0) }.joined() }
        let scale = isSigned
            ? "−max " + swatches(levels.reversed().map { -$0 }) + " 0 " + swatches(Array(levels)) + " +max of each row"
            : "0 " + swatches(Array(levels)) + " max of each row"
        let maxima = measures.map { measure in
            "\(Self.printable(measure.name)) \(Self.format(measure.values[measure.largest], digits: digits)) \"\(Self.printable(tokens[measure.largest]))\""
        }
        return ["", "shade".padded(to: labelWidth) + scale, "largest".padded(to: labelWidth) + maxima.joined(separator: " · ")]
    }

    /// `text` on the background of shade `level` (unshaded at 0), in black or white, whichever
    /// reads better on it.
    static func shaded(_ text: String, level: Int) -> String {
        guard level != 0 else { return text }
        let background = ShadeRamp.color(Double(level) / Double(ShadeRamp.terminalLevels))
        let foreground = background.luminance > 0.5 ? 16 : 231
        return "\u{1B}[48;5;\(ShadeRamp.xterm256(level: level));38;5;\(foreground)m\(text)\u{1B}[0m"
    }

    /// A row: its label padded to the label column, then its items.
    private static func row(_ label: String, _ labelWidth: Int, _ items: [String], _ separator: Int) -> String {
        let text = label.padded(to: labelWidth) + items.joined(separator: String(repeating: " ", count: separator))
        return String(text.reversed().drop { $0 == " " }.reversed())
    }

    /// The token indices of each line when cells of `widths` are set `separator` apart in
    /// lines of `width`: as many as fit, at least one.
    static func wrap(_ widths: [Int], width: Int, separator: Int) -> [[Int]] {
        var lines: [[Int]] = [[]]
        var used = 0
        for (i, cell) in widths.enumerated() {
            if !lines[lines.count - 1].isEmpty, used + separator + cell > width {
                lines.append([])
                used = 0
            }
            used += (lines[lines.count - 1].isEmpty ? 0 : separator) + cell
            lines[lines.count - 1].append(i)
        }
        return lines
    }

    /// `text` with control characters (a terminal would obey them: a token from a dataset must
    /// not clear the screen) replaced by U+FFFD.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "\u{FFFD}" : scalar
        }))
    }
}

extension String {
    /// The string with spaces after it up to `width` characters.
    fileprivate func padded(to width: Int) -> String {
        self + String(repeating: " ", count: max(0, width - count))
    }
}
