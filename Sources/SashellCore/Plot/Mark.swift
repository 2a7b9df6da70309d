/// One thing drawn in a panel: a box or violin of a sample at a category, a line (with an
/// error band) or points over numbers, a histogram, or a horizontal reference line. Marks of
/// the same series share a colour and a legend entry.
public struct Mark: Sendable {
    public enum Kind: Sendable {
        case box(values: [Double], category: String)
        case violin(values: [Double], category: String)
        /// y may hold NaN, a gap in the line; the band, where given, spans low…high at each x.
        case line(x: [Double], y: [Double], band: Band?, points: Bool)
        case scatter(x: [Double], y: [Double])
        case histogram(values: [Double], binning: Binning, density: Bool)
        case rule(y: Double)
    }

    /// An error band: the lower and upper ends at each x of a line.
    public struct Band: Sendable {
        public let low: [Double]
        public let high: [Double]

        public init(low: [Double], high: [Double]) {
            self.low = low
            self.high = high
        }
    }

    public let kind: Kind
    /// The legend entry; nil for a mark outside the legend.
    public let series: String?
    /// A "#rgb" or "#rrggbb" colour instead of the series' colour from the palette.
    public let color: String?

    private init(_ kind: Kind, series: String?, color: String?) {
        self.kind = kind
        self.series = series
        self.color = color
    }

    /// A box plot of `values` at `category` (by default the series' name).
    public static func box(_ values: [Double], category: String? = nil, series: String? = nil, color: String? = nil) throws(PlotError) -> Mark {
        try check(values, "box")
        return try Mark(.box(values: values, category: category ?? series ?? ""), series: series, color: checked(color))
    }

    /// A violin of `values` at `category`: their kernel density, mirrored, with their quartiles inside.
    public static func violin(_ values: [Double], category: String? = nil, series: String? = nil, color: String? = nil) throws(PlotError) -> Mark {
        try check(values, "violin")
        return try Mark(.violin(values: values, category: category ?? series ?? ""), series: series, color: checked(color))
    }

    /// A line through (x, y), with an error band from `band.low` to `band.high` and a dot at
    /// each point if `points`. A NaN y (0/0 in Lua) leaves a gap.
    public static func line(x: [Double], y: [Double], band: Band? = nil, points: Bool = false,
                            series: String? = nil, color: String? = nil) throws(PlotError) -> Mark {
        try check(x, "line x")
        guard y.count == x.count else { throw PlotError("line: x has \(x.count) values but y has \(y.count)") }
        try check(y, "line y", allowingGaps: true)
        guard y.contains(where: { !$0.isNaN }) else { throw PlotError("line y: every value is a gap (NaN)") }
        if let band {
            for (name, ends) in [("low", band.low), ("high", band.high)] {
                guard ends.count == x.count else { throw PlotError("line: x has \(x.count) values but \(name) has \(ends.count)") }
                try check(ends, "line \(name)", allowingGaps: true)
            }
        }
        return try Mark(.line(x: x, y: y, band: band, points: points), series: series, color: checked(color))
    }

    /// A point at each (x, y).
    public static func scatter(x: [Double], y: [Double], series: String? = nil, color: String? = nil) throws(PlotError) -> Mark {
        try check(x, "scatter x")
        guard y.count == x.count else { throw PlotError("scatter: x has \(x.count) values but y has \(y.count)") }
        try check(y, "scatter y")
        return try Mark(.scatter(x: x, y: y), series: series, color: checked(color))
    }

    /// A histogram of `values`: counts per bin, or with `density` the estimate of their density
    /// (counts divided by n times the bin's width, so the bars' area is 1 whatever n).
    public static func histogram(_ values: [Double], binning: Binning = .automatic, density: Bool = false,
                                 series: String? = nil, color: String? = nil) throws(PlotError) -> Mark {
        try check(values, "histogram")
        switch binning {
        case .automatic:
            break
        case .count(let count):
            guard count >= 1 else { throw PlotError("histogram: the number of bins must be at least 1, got \(count)") }
        case .edges(let edges):
            guard edges.count >= 2 else { throw PlotError("histogram: bin edges need at least 2 values, got \(edges.count)") }
            guard edges.allSatisfy(\.isFinite), zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw PlotError("histogram: bin edges must be finite and increasing")
            }
        }
        return try Mark(.histogram(values: values, binning: binning, density: density), series: series, color: checked(color))
    }

    /// A horizontal line across the panel at `y`, such as the 0 of a correlation.
    public static func rule(y: Double, series: String? = nil, color: String? = nil) throws(PlotError) -> Mark {
        guard y.isFinite else { throw PlotError("rule: y must be finite, got \(describe(y))") }
        return try Mark(.rule(y: y), series: series, color: checked(color))
    }

    /// Whether the mark sits at categories (box, violin), at numbers (line, scatter,
    /// histogram), or either (a rule).
    var isCategorical: Bool? {
        switch kind {
        case .box, .violin: true
        case .line, .scatter, .histogram: false
        case .rule: nil
        }
    }

    /// The mark's name in messages.
    var name: String {
        switch kind {
        case .box: "box"
        case .violin: "violin"
        case .line: "line"
        case .scatter: "scatter"
        case .histogram: "histogram"
        case .rule: "rule"
        }
    }

    /// The values the mark places on each axis, for checking them against the axes' scales.
    var xValues: [Double] {
        switch kind {
        case .line(let x, _, _, _), .scatter(let x, _): x
        case .histogram(let values, let binning, _): if case .edges(let edges) = binning { edges } else { values }
        case .box, .violin, .rule: []
        }
    }

    var yValues: [Double] {
        switch kind {
        case .box(let values, _), .violin(let values, _): values
        case .line(_, let y, let band, _): (y + (band.map { $0.low + $0.high } ?? [])).filter { !$0.isNaN }
        case .scatter(_, let y): y
        case .histogram: []
        case .rule(let y): [y]
        }
    }

    private static func check(_ values: [Double], _ what: String, allowingGaps: Bool = false) throws(PlotError) {
        guard !values.isEmpty else { throw PlotError("\(what): no values") }
        if let i = values.firstIndex(where: { !$0.isFinite && !(allowingGaps && $0.isNaN) }) {
            throw PlotError("\(what): value \(i + 1) is not finite (\(describe(values[i])))")
        }
    }

    private static func checked(_ color: String?) throws(PlotError) -> String? {
        guard let color else { return nil }
        guard Palette.isHexColor(color) else { throw PlotError("color must be \"#rgb\" or \"#rrggbb\", got \"\(color)\"") }
        return color
    }
}
