import Foundation

/// Draws a figure as SVG: the title, each panel's grid lines, marks (clipped to the plot area)
/// and axes, the axis titles and the legend.
struct FigureRenderer {
    let figure: Figure
    let layout: FigureLayout
    /// The colour of each named series.
    let colors: [String: String]

    /// Unnamed marks beside named series, and unnamed reference lines, are grey: the palette's
    /// colours each mean a series.
    static let unnamedColor = "#666666"

    init(_ figure: Figure) {
        self.figure = figure
        colors = Dictionary(uniqueKeysWithValues: figure.series.enumerated().map { ($0.element, Palette.color($0.offset)) })
        let entries = figure.legend == .none ? [] : LegendEntry.entries(of: figure, colors: colors)
        layout = FigureLayout(figure, contents: PanelContent.make(for: figure), legendEntries: entries)
    }

    /// The colour `mark` is drawn in.
    func color(of mark: Mark) -> String {
        if let color = mark.color { return color }
        if let series = mark.series { return colors[series]! }
        if case .rule = mark.kind { return Self.unnamedColor }
        return colors.isEmpty ? Palette.color(0) : Self.unnamedColor
    }

    func render() -> String {
        var svg = SVGWriter()
        svg.open("defs")
        for (index, panel) in layout.panels.enumerated() {
            svg.open("clipPath", ["id": "plot-\(index + 1)"])
            svg.element("rect", rect(panel.plot))
            svg.close("clipPath")
        }
        svg.close("defs")
        if let title = figure.title {
            svg.element("text", ["x": SVGWriter.number(layout.width / 2), "y": SVGWriter.number(layout.titleBaseline),
                                 "text-anchor": "middle", "font-size": SVGWriter.number(FigureLayout.titleSize),
                                 "font-weight": "bold"], text: title)
        }
        for (index, panel) in layout.panels.enumerated() {
            svg.open("g", ["class": "panel"])
            if let name = panel.content.panel.name {
                svg.element("text", ["x": SVGWriter.number(panel.plot.centerX), "y": SVGWriter.number(panel.plot.y - 9),
                                     "text-anchor": "middle", "font-size": SVGWriter.number(FigureLayout.stripSize),
                                     "font-weight": "bold"], text: name)
            }
            drawGrid(panel, into: &svg)
            svg.open("g", ["clip-path": "url(#plot-\(index + 1))"])
            for mark in panel.content.panel.marks {
                drawBand(of: mark, in: panel, into: &svg)
            }
            for (markIndex, mark) in panel.content.panel.marks.enumerated() {
                draw(mark, index: markIndex, in: panel, into: &svg)
            }
            svg.close("g")
            drawAxes(panel, into: &svg)
            svg.close("g")
        }
        if let label = figure.x.label {
            svg.element("text", ["x": SVGWriter.number(layout.grid.centerX), "y": SVGWriter.number(layout.xLabelBaseline),
                                 "text-anchor": "middle", "font-size": SVGWriter.number(FigureLayout.labelSize)], text: label)
        }
        if let label = figure.y.label {
            let (x, y) = (SVGWriter.number(layout.yLabelX), SVGWriter.number(layout.grid.centerY))
            svg.element("text", ["x": x, "y": y, "text-anchor": "middle", "transform": "rotate(-90 \(x) \(y))",
                                 "font-size": SVGWriter.number(FigureLayout.labelSize)], text: label)
        }
        layout.legend?.draw(into: &svg)
        return svg.document(width: layout.width, height: layout.height, title: figure.title)
    }

    /// Light lines at the major ticks, under the marks.
    private func drawGrid(_ panel: PlacedPanel, into svg: inout SVGWriter) {
        var path: [String] = []
        for tick in panel.yTicks where tick.isMajor {
            let y = SVGWriter.number(panel.y.position(tick.value))
            path.append("M\(SVGWriter.number(panel.plot.x)) \(y) H\(SVGWriter.number(panel.plot.right))")
        }
        if case .numeric(let scale, let ticks) = panel.x {
            for tick in ticks where tick.isMajor {
                let x = SVGWriter.number(scale.position(tick.value))
                path.append("M\(x) \(SVGWriter.number(panel.plot.y)) V\(SVGWriter.number(panel.plot.bottom))")
            }
        }
        guard !path.isEmpty else { return }
        svg.element("path", ["d": path.joined(separator: " "), "stroke": Palette.grid, "stroke-width": "1", "fill": "none"])
    }

    /// The axis lines along the left and bottom of the plot, with ticks and their labels.
    private func drawAxes(_ panel: PlacedPanel, into svg: inout SVGWriter) {
        let plot = panel.plot
        let (length, gap, size) = (FigureLayout.tickLength, FigureLayout.tickGap, FigureLayout.tickSize)
        var marks = ["M\(SVGWriter.number(plot.x)) \(SVGWriter.number(plot.y)) V\(SVGWriter.number(plot.bottom)) H\(SVGWriter.number(plot.right))"]
        svg.open("g", ["class": "axes", "font-size": SVGWriter.number(size)])
        for tick in panel.yTicks {
            let y = panel.y.position(tick.value)
            marks.append("M\(SVGWriter.number(plot.x - (tick.isMajor ? length : length * 0.6))) \(SVGWriter.number(y)) H\(SVGWriter.number(plot.x))")
            if let label = tick.label {
                svg.text(label, ["x": SVGWriter.number(plot.x - length - gap), "y": SVGWriter.number(y + 0.35 * size), "text-anchor": "end"])
            }
        }
        switch panel.x {
        case .numeric(let scale, let ticks):
            for tick in ticks {
                let x = scale.position(tick.value)
                marks.append("M\(SVGWriter.number(x)) \(SVGWriter.number(plot.bottom)) V\(SVGWriter.number(plot.bottom + (tick.isMajor ? length : length * 0.6)))")
                if let label = tick.label {
                    svg.text(label, ["x": SVGWriter.number(x), "y": SVGWriter.number(plot.bottom + length + gap + 0.8 * size), "text-anchor": "middle"])
                }
            }
        case .categorical(let categories, let rotated):
            for category in categories {
                let x = panel.center(of: category)
                marks.append("M\(SVGWriter.number(x)) \(SVGWriter.number(plot.bottom)) V\(SVGWriter.number(plot.bottom + length))")
                if rotated {
                    let (tx, ty) = (SVGWriter.number(x + 0.3 * size), SVGWriter.number(plot.bottom + length + gap + 0.5 * size))
                    svg.element("text", ["x": tx, "y": ty, "text-anchor": "end",
                                         "transform": "rotate(-\(SVGWriter.number(FigureLayout.labelAngle)) \(tx) \(ty))"], text: category)
                } else {
                    svg.element("text", ["x": SVGWriter.number(x), "y": SVGWriter.number(plot.bottom + length + gap + 0.8 * size),
                                         "text-anchor": "middle"], text: category)
                }
            }
        }
        svg.element("path", ["d": marks.joined(separator: " "), "stroke": Palette.axis, "stroke-width": "1", "fill": "none"])
        svg.close("g")
    }

    /// The attributes x, y, width, height of `rect`.
    func rect(_ rect: Rect) -> KeyValuePairs<String, String> {
        ["x": SVGWriter.number(rect.x), "y": SVGWriter.number(rect.y),
         "width": SVGWriter.number(rect.width), "height": SVGWriter.number(rect.height)]
    }
}
