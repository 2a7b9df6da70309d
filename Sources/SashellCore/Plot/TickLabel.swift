import Foundation

/// The text of a tick or legend number: plain text, or a power of ten with an optional
/// mantissa ("10⁻⁵", "2×10⁶"), which the SVG writer sets with a raised exponent. Minus signs
/// are the typographic "−" (U+2212), which lines up with "+" and the digits.
public enum TickLabel: Equatable, Sendable, CustomStringConvertible {
    case text(String)
    case power(mantissa: String?, exponent: Int)

    /// The label in one line of plain text, the exponent after "^": "2×10^−6".
    public var description: String {
        switch self {
        case .text(let text): text
        case .power(let mantissa, let exponent): (mantissa.map { $0 + "×" } ?? "") + "10^" + minus(String(exponent))
        }
    }

    /// `value` with exactly `decimals` digits after the point, "−0.0" written "0.0".
    static func fixed(_ value: Double, decimals: Int) -> TickLabel {
        .text(fixedText(value, decimals: decimals))
    }

    /// `value` in the fewest decimals (up to 6) that give it back to 9 significant digits:
    /// 0.5, 10, 0.05, for ticks that are not evenly stepped (symlog's, log's 2 and 5 multiples).
    /// Beyond 10⁵ and below 10⁻⁴ it is a mantissa times a power of ten.
    static func shortest(_ value: Double) -> TickLabel {
        guard value != 0 else { return .text("0") }
        let exponent = Int(floor(log10(abs(value)) + 1e-9))
        if exponent > 5 || exponent < -4 {
            let mantissa = value / pow(10, Double(exponent))
            let digits = shortestText(mantissa)
            return .power(mantissa: digits == "1" ? nil : digits, exponent: exponent)
        }
        return .text(shortestText(value))
    }

    private static func shortestText(_ value: Double) -> String {
        for decimals in 0...6 {
            let text = fixedText(value, decimals: decimals)
            let back = Double(text.replacingOccurrences(of: "−", with: "-"))!
            if abs(back - value) <= 1e-9 * max(abs(value), 1e-300) { return text }
        }
        return fixedText(value, decimals: 6)
    }

    private static func fixedText(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { text.removeFirst() }
        return minus(text)
    }
}

/// `text` with its ASCII hyphen-minus signs replaced by "−".
private func minus(_ text: String) -> String {
    text.replacingOccurrences(of: "-", with: "−")
}
