/// A figure: one or more panels of marks sharing axis titles, scales, a legend and a title,
/// written as a standalone SVG file. Panels are made by name as marks are added to them, in
/// the order of their first mark, and laid out in a grid.
public struct Figure: Sendable {
    /// An axis of every panel.
    public struct Axis: Sendable {
        public var label: String?
        public var scale: ScaleKind = .linear
        /// The range shown, instead of one fitted to the data.
        public var limits: ClosedRange<Double>?

        public init(label: String? = nil, scale: ScaleKind = .linear, limits: ClosedRange<Double>? = nil) {
            self.label = label
            self.scale = scale
            self.limits = limits
        }
    }

    public enum LegendPosition: String, CaseIterable, Sendable {
        case right, bottom, none
    }

    /// A panel: a named (or the unnamed) set of axes.
    public struct Panel: Sendable {
        public let name: String?
        public internal(set) var marks: [Mark] = []
    }

    public var title: String?
    public var x = Axis()
    public var y = Axis()
    /// The size of the whole figure in pixels; by default 640 × 420 for one panel and 340 × 290
    /// per panel (plus room for titles and legend) for several.
    public var width: Double?
    public var height: Double?
    /// Panels per row; by default as many as there are, up to 3.
    public var columns: Int?
    public var legend: LegendPosition = .right
    /// Whether all panels show the same x and y ranges (and categories), so that they compare at
    /// a glance; otherwise each panel's axes fit its own data.
    public var sharedAxes = true
    public private(set) var panels: [Panel] = []
    /// Reference lines added without a panel, drawn in every panel.
    public private(set) var rules: [Mark] = []

    public init(title: String? = nil) {
        self.title = title
    }

    /// The number of marks in all panels.
    public var markCount: Int { panels.reduce(rules.count) { $0 + $1.marks.count } }

    /// The series' names, in the order of their first mark.
    public var series: [String] {
        var names: [String] = []
        for mark in panels.flatMap(\.marks) + rules {
            if let name = mark.series, !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// Whether the x axes show categories (boxes, violins) rather than numbers; nil while no
    /// mark decides it.
    public var isCategorical: Bool? {
        panels.lazy.flatMap(\.marks).compactMap(\.isCategorical).first
    }

    /// Adds `mark` to the panel named `panel` (made if new), or to the unnamed panel; a
    /// reference line without a panel goes in every panel.
    public mutating func add(_ mark: Mark, panel: String? = nil) throws(PlotError) {
        try check(mark)
        if case .rule = mark.kind, panel == nil {
            rules.append(mark)
        } else if let index = panels.firstIndex(where: { $0.name == panel }) {
            panels[index].marks.append(mark)
        } else {
            panels.append(Panel(name: panel, marks: [mark]))
        }
    }

    /// Whether `mark` fits the figure: categories and numbers do not mix on one x axis, and the
    /// scales must take its values.
    func check(_ mark: Mark) throws(PlotError) {
        if let categorical = mark.isCategorical, let figure = isCategorical, categorical != figure {
            let (existing, kind) = figure ? ("categories (box, violin)", "numbers") : ("numbers (line, scatter, histogram)", "categories")
            throw PlotError("\(mark.name): this figure's x axis shows \(existing), and a \(mark.name) needs \(kind) there (make another figure)")
        }
        if mark.isCategorical == true, x.scale != .linear || x.limits != nil {
            throw PlotError("\(mark.name): x limits and log or symlog x scales need numbers on the x axis, and a \(mark.name) is placed at a category")
        }
        if case .histogram(_, let binning, _) = mark.kind {
            guard y.scale == .linear else {
                throw PlotError("histogram: bars start at 0, which a \(y.scale.name) y scale cannot show (use a linear y scale)")
            }
            // Overlaid histograms line up only if they share their bins.
            for case .histogram(_, let first, _) in panels.lazy.flatMap(\.marks).map(\.kind) where first != binning {
                throw PlotError("histogram: the bins differ from this figure's first histogram's; histograms of a figure share their bins")
            }
        }
        for (axis, values, scale) in [("x", mark.xValues, x.scale), ("y", mark.yValues, y.scale)] {
            if let bad = values.first(where: { !scale.accepts($0) }) {
                throw PlotError("\(mark.name): \(axis) value \(bad) cannot be shown on a \(scale.name) scale\(scale == .log ? " (use symlog for 0 and negative values)" : "")")
            }
        }
    }

    /// Whether the axes' limits are increasing ranges their scales can show.
    public func checkAxes() throws(PlotError) {
        for (name, axis) in [("x", x), ("y", y)] {
            if case .symlog(let threshold) = axis.scale, !(threshold > 0 && threshold.isFinite) {
                throw PlotError("the \(name) axis' symlog threshold must be positive and finite, got \(threshold)")
            }
            if let limits = axis.limits {
                guard limits.lowerBound < limits.upperBound, axis.scale.accepts(limits.lowerBound), axis.scale.accepts(limits.upperBound) else {
                    throw PlotError("\(name) limits \(limits.lowerBound)…\(limits.upperBound) are not an increasing range on a \(axis.scale.name) scale")
                }
            }
        }
    }

    /// The figure as a standalone SVG document.
    public func svg() throws(PlotError) -> String {
        guard !panels.isEmpty else { throw PlotError("the figure is empty: add a mark first") }
        try checkAxes()
        for mark in panels.flatMap(\.marks) + rules { try check(mark) }
        return FigureRenderer(self).render()
    }

    /// Writes the figure's SVG to `path`, replacing the file atomically.
    public func write(to path: String) throws(PlotError) {
        try PlotError.writing(svg(), to: path)
    }
}
