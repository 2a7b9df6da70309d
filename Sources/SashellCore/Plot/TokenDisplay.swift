import Foundation

/// An example's tokens with measures over them (attention, feature importance …), as a
/// researcher looks at one example: each measure a row of shades under the tokens. Made once,
/// drawn for a terminal (`terminalText`) or as an HTML page (`html`).
public struct TokenDisplay: Sendable {
    /// A measure: a value per token.
    public struct Measure: Sendable {
        public let name: String
        public let values: [Double]

        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }

        /// The largest magnitude, which gets the darkest shade.
        public var scale: Double { values.map(abs).max() ?? 0 }

        /// The index of the value of largest magnitude, the darkest shade (the first, if tied).
        public var largest: Int {
            values.indices.max { abs(values[$0]) < abs(values[$1]) || (abs(values[$0]) == abs(values[$1]) && $0 > $1) }!
        }

        /// The shade of token `i` in −1…1: its value over the row's largest magnitude. Each row
        /// is scaled on its own, as measures differ in range (a sparse attention's peak, a
        /// gradient's spread); the legend gives each row's maximum.
        public func shade(_ i: Int) -> Double {
            scale > 0 ? values[i] / scale : 0
        }
    }

    public let tokens: [String]
    public let measures: [Measure]
    /// A first line, such as "example test:3 · label 1".
    public let caption: String?

    /// A display of `measures` over `tokens`: every measure has a finite value per token.
    public init(tokens: [String], measures: [Measure], caption: String? = nil) throws(PlotError) {
        guard !tokens.isEmpty else { throw PlotError("there are no tokens to show") }
        guard !measures.isEmpty else { throw PlotError("there are no measures to show (give e.g. {attention=...})") }
        for measure in measures {
            guard measure.values.count == tokens.count else {
                throw PlotError("measure '\(measure.name)' has \(measure.values.count) values but the example has \(tokens.count) tokens"
                    + " (measures are over the tokens, without <SOS> and <EOS>)")
            }
            if let i = measure.values.firstIndex(where: { !$0.isFinite }) {
                throw PlotError("measure '\(measure.name)': value \(i + 1) is not finite (\(describe(measure.values[i])))")
            }
        }
        self.tokens = tokens
        self.measures = measures
        self.caption = caption
    }

    /// The caption and the token count, as the display's heading.
    var heading: String {
        (caption.map { $0 + " · " } ?? "") + "\(tokens.count) token\(tokens.count == 1 ? "" : "s")"
    }

    /// Whether some measure has negative values, and so the blue side of the scale.
    var isSigned: Bool {
        measures.contains { $0.values.contains { $0 < 0 } }
    }

    /// `value` with `digits` decimals, 0 written "0" so that exact zeros (a sparse attention's)
    /// stand out from small values.
    static func format(_ value: Double, digits: Int) -> String {
        value == 0 ? "0" : String(format: "%.\(digits)f", value)
    }
}

extension TokenDisplay {
    /// Writes the display's HTML page to `path`, replacing the file atomically.
    public func writeHTML(to path: String, title: String? = nil, digits: Int = 3) throws(PlotError) {
        try PlotError.writing(html(title: title, digits: digits), to: path)
    }
}
