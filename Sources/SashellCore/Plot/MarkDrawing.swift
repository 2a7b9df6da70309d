/// How each kind of mark is drawn into a placed panel.
extension FigureRenderer {
    /// The widest a box may be, and a violin's half width: beyond these, a sparse panel's few
    /// marks would look like walls.
    static let widestBox = 70.0
    static let widestViolin = 60.0

    func draw(_ mark: Mark, index: Int, in panel: PlacedPanel, into svg: inout SVGWriter) {
        let color = color(of: mark)
        switch mark.kind {
        case .box(let values, let category):
            let (center, room) = dodgedPosition(of: mark, at: category, in: panel)
            drawBox(BoxStatistics(values), center: center, width: min(room * 0.7, Self.widestBox), y: panel.y, color: color, into: &svg)
        case .violin(_, let category):
            let (center, room) = dodgedPosition(of: mark, at: category, in: panel)
            drawViolin(panel.content.violins[index]!, center: center, halfWidth: min(room * 0.45, Self.widestViolin),
                       largestDensity: panel.content.largestDensity, y: panel.y, color: color, into: &svg)
        case .line(let x, let y, _, let points):
            drawLine(x: x, y: y, points: points, in: panel, color: color, into: &svg)
        case .scatter(let x, let y):
            svg.open("g", ["fill": color, "fill-opacity": "0.7"])
            for (u, v) in zip(x, y) {
                svg.element("circle", ["cx": SVGWriter.number(panel.xPosition(u)), "cy": SVGWriter.number(panel.y.position(v)), "r": "3"])
            }
            svg.close("g")
        case .histogram:
            let overlaid = panel.content.bars.count > 1
            drawBars(panel.content.bars[index]!, overlaid: overlaid, in: panel, color: color, into: &svg)
        case .rule(let y):
            let position = SVGWriter.number(panel.y.position(y))
            svg.element("line", ["x1": SVGWriter.number(panel.plot.x), "y1": position, "x2": SVGWriter.number(panel.plot.right),
                                 "y2": position, "stroke": color, "stroke-width": "1.2", "stroke-dasharray": "5 4"])
        }
    }

    /// The centre of a box or violin and the width it may take: series at one category stand
    /// side by side in 80% of the category's slot.
    private func dodgedPosition(of mark: Mark, at category: String, in panel: PlacedPanel) -> (center: Double, room: Double) {
        let dodged = panel.content.dodged
        let room = panel.slotWidth * 0.8 / Double(max(dodged.count, 1))
        let place = Double(dodged.firstIndex(of: mark.series) ?? 0) - Double(dodged.count - 1) / 2
        return (panel.center(of: category) + place * room, room)
    }

    private func drawBox(_ box: BoxStatistics, center: Double, width: Double, y: Scale, color: String, into svg: inout SVGWriter) {
        let (left, right) = (center - width / 2, center + width / 2)
        let (top, bottom) = (y.position(box.upperQuartile), y.position(box.lowerQuartile))
        let n = SVGWriter.number
        svg.open("g", ["class": "box", "stroke": color, "stroke-width": "1.5"])
        // Whiskers, each with a cap half the box's width.
        let (low, high) = (y.position(box.lowerWhisker), y.position(box.upperWhisker))
        let caps = "M\(n(center - width / 4)) \(n(low)) H\(n(center + width / 4)) M\(n(center - width / 4)) \(n(high)) H\(n(center + width / 4))"
        svg.element("path", ["d": "M\(n(center)) \(n(bottom)) V\(n(low)) M\(n(center)) \(n(top)) V\(n(high)) " + caps, "fill": "none"])
        svg.element("rect", ["x": n(left), "y": n(top), "width": n(width), "height": n(bottom - top), "fill": color, "fill-opacity": "0.3"])
        svg.element("line", ["x1": n(left), "y1": n(y.position(box.median)), "x2": n(right), "y2": n(y.position(box.median)), "stroke-width": "2.5"])
        for outlier in box.outliers {
            svg.element("circle", ["cx": n(center), "cy": n(y.position(outlier)), "r": "2.5", "fill": "none"])
        }
        svg.close("g")
    }

    private func drawViolin(_ violin: PanelContent.Violin, center: Double, halfWidth: Double, largestDensity: Double,
                            y: Scale, color: String, into svg: inout SVGWriter) {
        let n = SVGWriter.number
        svg.open("g", ["class": "violin"])
        if violin.values.count == 1 {
            // All values equal: a point mass, drawn as a line across the violin's width.
            let level = n(y.position(violin.values[0]))
            svg.element("line", ["x1": n(center - halfWidth), "y1": level, "x2": n(center + halfWidth), "y2": level,
                                 "stroke": color, "stroke-width": "2"])
        } else {
            let widths = violin.densities.map { $0 / largestDensity * halfWidth }
            let rightSide = zip(violin.values, widths).map { (x: center + $1, y: y.position($0)) }
            let leftSide = zip(violin.values, widths).reversed().map { (x: center - $1, y: y.position($0)) }
            svg.element("path", ["d": SVGWriter.path(rightSide + leftSide, closed: true), "fill": color, "fill-opacity": "0.3",
                                 "stroke": color, "stroke-width": "1.5", "stroke-linejoin": "round"])
        }
        // Inside, as a box plot in miniature: whiskers, the quartiles as a bar, the median as a dot.
        let box = violin.statistics
        svg.element("line", ["x1": n(center), "y1": n(y.position(box.lowerWhisker)), "x2": n(center),
                             "y2": n(y.position(box.upperWhisker)), "stroke": "#333333", "stroke-width": "1"])
        svg.element("line", ["x1": n(center), "y1": n(y.position(box.lowerQuartile)), "x2": n(center),
                             "y2": n(y.position(box.upperQuartile)), "stroke": "#333333", "stroke-width": "4"])
        svg.element("circle", ["cx": n(center), "cy": n(y.position(box.median)), "r": "2.2", "fill": "#FFFFFF",
                               "stroke": "#333333", "stroke-width": "0.8"])
        svg.close("g")
    }

    /// Draws the error band of `mark`, if it is a line with one. Bands go under every mark of
    /// the panel, so that no series' band veils another's line.
    func drawBand(of mark: Mark, in panel: PlacedPanel, into svg: inout SVGWriter) {
        guard case .line(let x, _, let band?, _) = mark.kind else { return }
        let order = x.indices.sorted { x[$0] < x[$1] }
        let pieces = runs(order, where: { !band.low[$0].isNaN && !band.high[$0].isNaN }).map { run in
            let upper = run.map { (x: panel.xPosition(x[$0]), y: panel.y.position(band.high[$0])) }
            let lower = run.reversed().map { (x: panel.xPosition(x[$0]), y: panel.y.position(band.low[$0])) }
            return SVGWriter.path(upper + lower, closed: true)
        }
        svg.element("path", ["class": "band", "d": pieces.joined(separator: " "), "fill": color(of: mark), "fill-opacity": "0.2", "stroke": "none"])
    }

    private func drawLine(x: [Double], y: [Double], points: Bool, in panel: PlacedPanel, color: String, into svg: inout SVGWriter) {
        // Points in order of x, so that a line given in any order is drawn left to right.
        let order = x.indices.sorted { x[$0] < x[$1] }
        svg.open("g", ["class": "line"])
        let line = runs(order, where: { !y[$0].isNaN })
        let path = line.map { run in SVGWriter.path(run.map { (x: panel.xPosition(x[$0]), y: panel.y.position(y[$0])) }) }
        svg.element("path", ["d": path.joined(separator: " "), "fill": "none", "stroke": color, "stroke-width": "2",
                             "stroke-linejoin": "round", "stroke-linecap": "round"])
        if points {
            svg.open("g", ["fill": color, "stroke": "#FFFFFF", "stroke-width": "1"])
            for i in order where !y[i].isNaN {
                svg.element("circle", ["cx": SVGWriter.number(panel.xPosition(x[i])), "cy": SVGWriter.number(panel.y.position(y[i])), "r": "3.2"])
            }
            svg.close("g")
        }
        svg.close("g")
    }

    /// The maximal runs of consecutive `indices` that satisfy `keep`: the pieces of a line
    /// between its gaps.
    private func runs(_ indices: [Int], where keep: (Int) -> Bool) -> [[Int]] {
        var result: [[Int]] = [[]]
        for i in indices {
            if keep(i) { result[result.count - 1].append(i) } else if !result.last!.isEmpty { result.append([]) }
        }
        return result.filter { !$0.isEmpty }
    }

    private func drawBars(_ bars: PanelContent.Bars, overlaid: Bool, in panel: PlacedPanel, color: String, into svg: inout SVGWriter) {
        let n = SVGWriter.number
        let base = panel.y.position(0)
        var path: [String] = []
        for (i, height) in bars.heights.enumerated() where height > 0 {
            let (left, right) = (panel.xPosition(bars.edges[i]), panel.xPosition(bars.edges[i + 1]))
            path.append("M\(n(left)) \(n(base)) V\(n(panel.y.position(height))) H\(n(right)) V\(n(base)) Z")
        }
        guard !path.isEmpty else { return }
        // One series: solid bars parted by white lines; several: see-through bars outlined in
        // their colour, so that each shows through the others.
        svg.element("path", ["d": path.joined(separator: " "), "fill": color, "fill-opacity": overlaid ? "0.3" : "0.8",
                             "stroke": overlaid ? color : "#FFFFFF", "stroke-width": overlaid ? "1.2" : "0.75"])
    }
}
