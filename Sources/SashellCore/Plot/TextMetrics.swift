/// Estimated widths of text, for laying out margins and legends without font files. The
/// advances are DejaVu Sans', the widest of the fonts a figure may be shown in (Linux's usual
/// fallback); Helvetica, Arial and Liberation Sans run some 10% narrower, so a layout errs on
/// the roomy side. Text is anchored at its aligned end, so an estimate that is off never
/// misplaces a label, only the room around it.
enum TextMetrics {
    /// The width of `text` at `size` pixels.
    static func width(_ text: String, size: Double) -> Double {
        text.reduce(0) { $0 + advance($1) } * size
    }

    /// The width of a tick label: a raised exponent is set at 70% size.
    static func width(_ label: TickLabel, size: Double) -> Double {
        switch label {
        case .text(let text):
            return width(text, size: size)
        case .power(let mantissa, let exponent):
            return width((mantissa.map { $0 + "×" } ?? "") + "10", size: size) + width("−\(abs(exponent))", size: size * 0.7)
        }
    }

    /// The advance of `character` in ems.
    private static func advance(_ character: Character) -> Double {
        switch character {
        case "i", "j", "l", "'", "|", ".", ",", ":", ";", "!": 0.3
        case " ", "f", "t", "I", "r", "(", ")", "[", "]", "-", "/": 0.4
        case "m", "M", "W", "w": 0.92
        case "0"..."9", "−", "+", "=", "×", "<", ">", "_", "?": 0.64
        case "A"..."Z", "%", "&", "@": 0.74
        case "a"..."z": 0.61
        default: 0.7
        }
    }
}
