import Foundation

/// A rectangle on the page, in pixels from the top left.
struct Rect: Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var right: Double { x + width }
    var bottom: Double { y + height }
    var centerX: Double { x + width / 2 }
    var centerY: Double { y + height / 2 }
}

/// The x axis of a placed panel: numbers on a scale, or categories in equal slots.
enum XAxis {
    case numeric(Scale, ticks: [Tick])
    /// `rotated` when the labels are too wide for their slots and are set at an angle.
    case categorical([String], rotated: Bool)
}

/// A panel placed on the page: its plot area and the axes mapping data into it.
struct PlacedPanel {
    let content: PanelContent
    /// Where the marks go, inside the axes.
    let plot: Rect
    let x: XAxis
    let y: Scale
    let yTicks: [Tick]

    /// The horizontal position of x value `value` (numeric axes).
    func xPosition(_ value: Double) -> Double {
        guard case .numeric(let scale, _) = x else { preconditionFailure("a numeric position on a categorical axis") }
        return scale.position(value)
    }

    /// The width of each category's slot and the centre of category `category` (categorical axes).
    var slotWidth: Double { plot.width / Double(max(content.categories.count, 1)) }

    func center(of category: String) -> Double {
        plot.x + (Double(content.categories.firstIndex(of: category) ?? 0) + 0.5) * slotWidth
    }
}

/// Where everything of a figure goes: the page size, the grid of panels, and the room kept
/// around it for the title, the axis titles and the legend.
struct FigureLayout {
    static let tickSize = 11.0
    static let labelSize = 13.0
    static let titleSize = 16.0
    static let stripSize = 12.5
    static let legendSize = 12.0
    /// The length of a major tick mark, and the gap between it and its label.
    static let tickLength = 5.0
    static let tickGap = 4.0
    /// The angle of category labels too wide for their slots.
    static let labelAngle = 35.0

    let width: Double
    let height: Double
    let panels: [PlacedPanel]
    /// The area holding the panels' cells.
    let grid: Rect
    let legend: LegendLayout?
    let titleBaseline: Double
    let xLabelBaseline: Double
    let yLabelX: Double

    init(_ figure: Figure, contents: [PanelContent], legendEntries: [LegendEntry]) {
        let count = contents.count
        let columns = min(max(figure.columns ?? min(count, 3), 1), count)
        let rows = (count + columns - 1) / columns
        let single = count == 1
        let top = figure.title == nil ? 12.0 : 42.0
        let left = figure.y.label == nil ? 6.0 : 30.0
        var bottom = figure.x.label == nil ? 8.0 : 26.0
        var right = 12.0
        let legendWidth = legendEntries.isEmpty ? 0 : LegendLayout.columnWidth(legendEntries)
        if figure.legend == .right, !legendEntries.isEmpty { right += legendWidth + 16 }
        width = max(figure.width ?? (Double(columns) * (single ? 600 : 330) + left + right), left + right + 80)
        var grid = Rect(x: left, y: top, width: width - left - right, height: 0)
        var legend: LegendLayout?
        if !legendEntries.isEmpty {
            switch figure.legend {
            case .right:
                legend = LegendLayout(entries: legendEntries, origin: (grid.right + 16, top + 6), maximumWidth: legendWidth, vertical: true)
            case .bottom:
                let layout = LegendLayout(entries: legendEntries, origin: (left, 0), maximumWidth: grid.width, vertical: false)
                bottom += layout.size.height + 10
                legend = layout
            case .none:
                break
            }
        }
        height = max(figure.height ?? (Double(rows) * (single ? 380 : 280) + top + bottom), top + bottom + 80)
        grid.height = height - top - bottom
        self.grid = grid
        if case .bottom = figure.legend, let layout = legend {
            legend = layout.moved(to: ((width - layout.size.width) / 2, height - layout.size.height - 8))
        }
        self.legend = legend
        titleBaseline = 28
        xLabelBaseline = grid.bottom + 17
        yLabelX = 18

        // Every cell has the same margins (the largest any panel needs), so the plots line up.
        let cellWidth = grid.width / Double(columns)
        let cellHeight = grid.height / Double(rows)
        let strip = contents.contains { $0.panel.name != nil } ? 22.0 : 0
        let topPad = 8.0, rightPad = 18.0
        let yCount = { (height: Double) in max(Int(height / 45), 2) }
        let yTicks = { (content: PanelContent, height: Double) in ticks(figure.y.scale, domain: content.yDomain, count: yCount(height)) }
        let tickRoom = Self.tickLength + Self.tickGap
        // First the y labels, whose widths set the left margin, at a plot height estimated with
        // an ordinary bottom margin; then the x axis, whose labels set the bottom margin.
        let guessHeight = max(cellHeight - strip - topPad - 28, 40)
        let labelWidth = { (height: Double) in
            contents.flatMap { yTicks($0, height) }.compactMap(\.label).map { TextMetrics.width($0, size: Self.tickSize) }.max() ?? 0
        }
        let guessedWidth = labelWidth(guessHeight)
        var leftMargin = guessedWidth + tickRoom + 6
        var plotWidth = max(cellWidth - leftMargin - rightPad, 40)
        let slots = Double(max(contents.map(\.categories.count).max() ?? 1, 1))
        let categoryWidths = contents.flatMap(\.categories).map { TextMetrics.width($0, size: Self.tickSize) }
        let rotated = (categoryWidths.max() ?? 0) > plotWidth / slots - 6
        let angle = Self.labelAngle * .pi / 180
        if rotated {
            // A slanted label reaches left of its tick; none may leave the cell. Label i's tick
            // is at L + (i + ½)·(cellWidth − L − rightPad)/n from the cell's edge, for a left
            // margin L: solved for the least L that keeps each label's start inside.
            let room = cellWidth - rightPad
            for content in contents {
                let n = Double(content.categories.count)
                for (i, category) in content.categories.enumerated() {
                    let need = TextMetrics.width(category, size: Self.tickSize) * cos(angle) - 0.3 * Self.tickSize + 2
                    let share = (Double(i) + 0.5) / n
                    leftMargin = max(leftMargin, (need - share * room) / (1 - share))
                }
            }
            plotWidth = max(cellWidth - leftMargin - rightPad, 40)
        }
        let bottomMargin = rotated
            ? tickRoom + (categoryWidths.max() ?? 0) * sin(angle) + Self.tickSize * cos(angle) + 6
            : tickRoom + Self.tickSize + 4
        let plotHeight = max(cellHeight - strip - topPad - bottomMargin, 40)
        // At the plot's final height the y axis may take other ticks, with wider labels.
        let finalWidth = labelWidth(plotHeight)
        if finalWidth > guessedWidth {
            leftMargin += finalWidth - guessedWidth
            plotWidth = max(cellWidth - leftMargin - rightPad, 40)
        }
        let xCount = max(Int(plotWidth / 90), 2)

        panels = contents.enumerated().map { index, content in
            let cell = Rect(x: grid.x + Double(index % columns) * cellWidth, y: top + Double(index / columns) * cellHeight,
                            width: cellWidth, height: cellHeight)
            let plot = Rect(x: cell.x + leftMargin, y: cell.y + strip + topPad, width: plotWidth, height: plotHeight)
            let x: XAxis = figure.isCategorical == true
                ? .categorical(content.categories, rotated: rotated)
                : .numeric(Scale(kind: figure.x.scale, domain: content.xDomain, start: plot.x, end: plot.right),
                           ticks: ticks(figure.x.scale, domain: content.xDomain, count: xCount))
            let y = Scale(kind: figure.y.scale, domain: content.yDomain, start: plot.bottom, end: plot.y)
            return PlacedPanel(content: content, plot: plot, x: x, y: y, yTicks: yTicks(content, plotHeight))
        }
    }
}
