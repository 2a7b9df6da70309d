/// What a panel shows, worked out from its marks before anything is placed: its categories, the
/// series dodged side by side at each, histogram bars, violin outlines, and the data ranges of
/// its axes. With shared axes, the ranges and categories are those of the whole figure.
struct PanelContent {
    /// A violin's outline: the density at evenly spaced values from the sample's minimum to its
    /// maximum (violins are not drawn beyond the data), or a single value's point mass.
    struct Violin {
        let values: [Double]
        let densities: [Double]
        let statistics: BoxStatistics
    }

    /// A histogram's bars: the bins and each one's height (a count or a density).
    struct Bars {
        let edges: [Double]
        let heights: [Double]
    }

    let panel: Figure.Panel
    /// The x categories in order of first appearance (categorical figures).
    var categories: [String] = []
    /// The series placed side by side at each category, in order; nil is the unnamed series.
    var dodged: [String?] = []
    var bars: [Int: Bars] = [:]
    var violins: [Int: Violin] = [:]
    /// The largest density of the violins that share a width scale (so that a violin's width
    /// compares across them: equal areas, as ggplot's and seaborn's default "area" scaling).
    var largestDensity = 0.0
    var xDomain: ClosedRange<Double> = 0...1
    var yDomain: ClosedRange<Double> = 0...1

    /// The number of points a violin's outline is drawn through.
    static let violinResolution = 64

    /// The content of every panel of `figure`.
    static func make(for figure: Figure) -> [PanelContent] {
        // Figure-wide reference lines are drawn in each panel, after its own marks.
        var contents = figure.panels.map { PanelContent(panel: Figure.Panel(name: $0.name, marks: $0.marks + figure.rules)) }
        let groups = figure.sharedAxes ? [Array(contents.indices)] : contents.indices.map { [$0] }
        let binning = figure.panels.lazy.flatMap(\.marks).compactMap { mark -> Binning? in
            if case .histogram(_, let binning, _) = mark.kind { binning } else { nil }
        }.first ?? .automatic
        for group in groups {
            // Histograms of a group share their bins, so that overlaid bars line up.
            let pooled = group.flatMap { contents[$0].panel.marks.flatMap(\.histogramValues) }
            let edges = pooled.isEmpty ? [] : Histogram.edges(for: pooled, binning: binning)
            for i in group { contents[i].makeShapes(edges: edges) }
            let largest = group.map { contents[$0].largestDensity }.max() ?? 0
            let categories = ordered(group.flatMap { contents[$0].panel.marks.compactMap(\.category) })
            let dodged = ordered(group.flatMap { contents[$0].panel.marks.filter { $0.isCategorical == true }.map(\.series) })
            let x = group.flatMap { contents[$0].xValues }
            let y = group.flatMap { contents[$0].yValues }
            let anchored = group.contains { !contents[$0].bars.isEmpty }
            for i in group {
                contents[i].largestDensity = largest
                contents[i].categories = categories
                contents[i].dodged = dodged
                // Without x values (a panel of reference lines only), any range will do.
                let unset: ClosedRange<Double> = figure.x.scale == .log ? 1...10 : 0...1
                contents[i].xDomain = figure.x.limits ?? (x.isEmpty ? unset : Scale.domain(covering: x, kind: figure.x.scale))
                contents[i].yDomain = figure.y.limits ?? Scale.domain(covering: y, kind: figure.y.scale, anchor: anchored ? 0 : nil)
            }
        }
        return contents
    }

    /// Bins the histograms in `edges` and outlines the violins.
    private mutating func makeShapes(edges: [Double]) {
        for (index, mark) in panel.marks.enumerated() {
            switch mark.kind {
            case .histogram(let values, _, let density):
                let counts = Histogram(values, edges: edges).counts
                let heights = counts.indices.map { i in
                    density ? Double(counts[i]) / (Double(values.count) * (edges[i + 1] - edges[i])) : Double(counts[i])
                }
                bars[index] = Bars(edges: edges, heights: heights)
            case .violin(let values, _):
                let statistics = BoxStatistics(values)
                guard let estimate = KernelDensity(values) else {
                    violins[index] = Violin(values: [values[0]], densities: [0], statistics: statistics)
                    continue
                }
                let (low, high) = (values.min()!, values.max()!)
                let points = (0..<Self.violinResolution).map { low + (high - low) * Double($0) / Double(Self.violinResolution - 1) }
                let densities = points.map(estimate.density(at:))
                violins[index] = Violin(values: points, densities: densities, statistics: statistics)
                largestDensity = max(largestDensity, densities.max()!)
            default:
                continue
            }
        }
    }

    /// The numbers on the x axis: the marks' and the histogram bins'.
    private var xValues: [Double] {
        panel.marks.flatMap { mark -> [Double] in
            if case .histogram = mark.kind { return [] }
            return mark.xValues
        } + bars.values.flatMap { [$0.edges.first!, $0.edges.last!] }
    }

    /// The numbers on the y axis: the marks' and the histogram bars' heights.
    private var yValues: [Double] {
        panel.marks.flatMap(\.yValues) + bars.values.flatMap(\.heights)
    }
}

/// `values` without repeats, in the order of their first appearance.
private func ordered<T: Equatable>(_ values: [T]) -> [T] {
    var result: [T] = []
    for value in values where !result.contains(value) { result.append(value) }
    return result
}

extension Mark {
    /// The category of a box or violin.
    var category: String? {
        switch kind {
        case .box(_, let category), .violin(_, let category): category
        default: nil
        }
    }

    /// The sample of a histogram, for pooling with the others when binning.
    var histogramValues: [Double] {
        if case .histogram(let values, _, _) = kind { values } else { [] }
    }
}
