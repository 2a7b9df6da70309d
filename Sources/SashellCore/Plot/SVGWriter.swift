import Foundation

/// Builds a standalone SVG document as text: one element per line, attributes in the order
/// given (so the same figure is the same file, byte for byte), coordinates rounded to
/// hundredths of a pixel, and all text escaped.
struct SVGWriter {
    /// The font stack of every figure: fonts one of which every system has, then the generic family.
    static let fontFamily = "Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"

    private var lines: [String] = []
    private var depth = 1

    /// Appends an empty element, `<name a="v" …/>`.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String>) {
        append("<\(name)\(Self.attributes(attributes))/>")
    }

    /// Appends an element holding `text`, escaped.
    mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String>, text: String) {
        append("<\(name)\(Self.attributes(attributes))>\(Self.escape(text))</\(name)>")
    }

    /// Appends a `<text>` of a tick label, its exponent raised in a smaller `<tspan>`.
    mutating func text(_ label: TickLabel, _ attributes: KeyValuePairs<String, String>) {
        switch label {
        case .text(let text):
            element("text", attributes, text: text)
        case .power(let mantissa, let exponent):
            let base = Self.escape((mantissa.map { $0 + "×" } ?? "") + "10")
            let raised = Self.escape(String(exponent).replacingOccurrences(of: "-", with: "−"))
            append("<text\(Self.attributes(attributes))>\(base)<tspan dy=\"-0.55em\" font-size=\"70%\">\(raised)</tspan></text>")
        }
    }

    /// Opens a group or other container element; `close` ends it.
    mutating func open(_ name: String, _ attributes: KeyValuePairs<String, String> = [:]) {
        append("<\(name)\(Self.attributes(attributes))>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        append("</\(name)>")
    }

    private mutating func append(_ line: String) {
        lines.append(String(repeating: "  ", count: depth) + line)
    }

    /// The document: an `<svg>` of `width` × `height` pixels with a matching viewBox (so it
    /// scales without distortion), a `<title>` for screen readers and browser tabs, a white
    /// background and the elements appended.
    func document(width: Double, height: Double, title: String?) -> String {
        let (w, h) = (Self.number(width), Self.number(height))
        var head = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" "
                        + "font-family=\"\(Self.escape(Self.fontFamily))\" font-size=\"12\" fill=\"\(Palette.ink)\" role=\"img\">"]
        if let title { head.append("  <title>\(Self.escape(title))</title>") }
        head.append("  <rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>")
        return (head + lines + ["</svg>", ""]).joined(separator: "\n")
    }

    /// `x` rounded to hundredths, without trailing zeros: "12.5", "3", never "-0".
    static func number(_ x: Double) -> String {
        let rounded = (x * 100).rounded() / 100
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// A path's points as "M x y L x y …".
    static func path(_ points: [(x: Double, y: Double)], closed: Bool = false) -> String {
        let steps = points.enumerated().map { ($0.offset == 0 ? "M" : "L") + number($0.element.x) + " " + number($0.element.y) }
        return steps.joined(separator: " ") + (closed ? " Z" : "")
    }

    /// `text` safe in XML content and attribute values: the five markup characters escaped,
    /// and characters XML 1.0 forbids (control characters, unpaired surrogates cannot occur in
    /// a Swift string) replaced by U+FFFD, so labels taken from data never break the document.
    static func escape(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func attributes(_ attributes: KeyValuePairs<String, String>) -> String {
        attributes.map { " \($0.key)=\"\(escape($0.value))\"" }.joined()
    }
}
