/// A series in the legend: its name, colour and the look of its first mark.
struct LegendEntry {
    enum Swatch {
        /// A filled square, for boxes, violins and bars.
        case area
        /// A line segment, with a dot if the line has them, over a band if it has one.
        case line(points: Bool, band: Bool)
        case point
        /// A dashed segment, for reference lines.
        case rule
    }

    let name: String
    let color: String
    let swatch: Swatch

    /// The entries of `figure`'s named series, in order, coloured by `colors`.
    static func entries(of figure: Figure, colors: [String: String]) -> [LegendEntry] {
        figure.series.map { name in
            let mark = (figure.panels.flatMap(\.marks) + figure.rules).first { $0.series == name }!
            let swatch: Swatch
            switch mark.kind {
            case .box, .violin, .histogram: swatch = .area
            case .line(_, _, let band, let points): swatch = .line(points: points, band: band != nil)
            case .scatter: swatch = .point
            case .rule: swatch = .rule
            }
            return LegendEntry(name: name, color: mark.color ?? colors[name]!, swatch: swatch)
        }
    }
}

/// Where a legend's entries go: a column (beside the panels) or rows wrapped to a width (below
/// them).
struct LegendLayout {
    static let swatchSize = 14.0
    static let rowHeight = 20.0
    /// Between a swatch and its name, and between entries in a row.
    static let gap = 6.0
    static let spacing = 18.0

    let entries: [LegendEntry]
    /// The top left corner of each entry's swatch.
    let positions: [(x: Double, y: Double)]
    let size: (width: Double, height: Double)

    /// The width of a column of `entries`.
    static func columnWidth(_ entries: [LegendEntry]) -> Double {
        swatchSize + gap + (entries.map { TextMetrics.width($0.name, size: FigureLayout.legendSize) }.max() ?? 0)
    }

    init(entries: [LegendEntry], origin: (x: Double, y: Double), maximumWidth: Double, vertical: Bool) {
        self.entries = entries
        var positions: [(x: Double, y: Double)] = []
        var (x, y, widest) = (0.0, 0.0, 0.0)
        for entry in entries {
            let width = Self.swatchSize + Self.gap + TextMetrics.width(entry.name, size: FigureLayout.legendSize)
            if vertical {
                if !positions.isEmpty { y += Self.rowHeight }
            } else if x > 0, x + width > maximumWidth {
                (x, y) = (0, y + Self.rowHeight)
            }
            positions.append((origin.x + x, origin.y + y))
            widest = max(widest, x + width)
            if !vertical { x += width + Self.spacing }
        }
        self.positions = positions
        size = (widest, y + Self.rowHeight)
    }

    private init(entries: [LegendEntry], positions: [(x: Double, y: Double)], size: (width: Double, height: Double)) {
        self.entries = entries
        self.positions = positions
        self.size = size
    }

    /// The same legend with its top left corner at `origin`.
    func moved(to origin: (x: Double, y: Double)) -> LegendLayout {
        let (dx, dy) = (origin.x - (positions.first?.x ?? 0), origin.y - (positions.first?.y ?? 0))
        return LegendLayout(entries: entries, positions: positions.map { ($0.x + dx, $0.y + dy) }, size: size)
    }

    /// Draws the entries.
    func draw(into svg: inout SVGWriter) {
        svg.open("g", ["class": "legend"])
        for (entry, position) in zip(entries, positions) {
            let (x, y, s) = (position.x, position.y, Self.swatchSize)
            let middle = y + s / 2
            switch entry.swatch {
            case .area:
                svg.element("rect", ["x": SVGWriter.number(x), "y": SVGWriter.number(y), "width": SVGWriter.number(s),
                                     "height": SVGWriter.number(s), "fill": entry.color, "fill-opacity": "0.6",
                                     "stroke": entry.color, "stroke-width": "1.5"])
            case .line(let points, let band):
                if band {
                    svg.element("rect", ["x": SVGWriter.number(x), "y": SVGWriter.number(middle - s / 4), "width": SVGWriter.number(s),
                                         "height": SVGWriter.number(s / 2), "fill": entry.color, "fill-opacity": "0.2"])
                }
                svg.element("line", ["x1": SVGWriter.number(x), "y1": SVGWriter.number(middle), "x2": SVGWriter.number(x + s),
                                     "y2": SVGWriter.number(middle), "stroke": entry.color, "stroke-width": "2"])
                if points {
                    svg.element("circle", ["cx": SVGWriter.number(x + s / 2), "cy": SVGWriter.number(middle), "r": "3",
                                           "fill": entry.color, "stroke": "#FFFFFF", "stroke-width": "1"])
                }
            case .point:
                svg.element("circle", ["cx": SVGWriter.number(x + s / 2), "cy": SVGWriter.number(middle), "r": "4", "fill": entry.color])
            case .rule:
                svg.element("line", ["x1": SVGWriter.number(x), "y1": SVGWriter.number(middle), "x2": SVGWriter.number(x + s),
                                     "y2": SVGWriter.number(middle), "stroke": entry.color, "stroke-width": "1.5",
                                     "stroke-dasharray": "4 3"])
            }
            svg.element("text", ["x": SVGWriter.number(x + s + Self.gap), "y": SVGWriter.number(middle + 0.35 * FigureLayout.legendSize),
                                 "font-size": SVGWriter.number(FigureLayout.legendSize)], text: entry.name)
        }
        svg.close("g")
    }
}
