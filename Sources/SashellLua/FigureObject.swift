import Foundation
import LuaBridge
import SashellCore

/// A figure as Lua sees it (made by `sa.plot.figure`): marks are added with methods that
/// return the figure, so they chain, and `fig:save(path)` writes the SVG.
final class LuaFigure: LuaObject {
    static let luaTypeName = "figure"

    var figure: Figure

    init(_ figure: Figure) {
        self.figure = figure
    }

    /// The options every mark takes.
    private static let common: [LuaOption] = [.string("series"), .string("panel"), .string("color")]

    static var luaClass: LuaClass<LuaFigure> {
        LuaClass(
            doc: """
                A figure of sa.plot.figure. Add marks with fig:box, fig:violin, fig:line, fig:scatter, \
                fig:hist and fig:hline (each returns the figure, so calls chain), then fig:save(path). \
                Every mark takes series= (its legend entry and colour), panel= (the panel it goes in, \
                made on first use; panels are laid out in a grid in that order) and color= ("#rrggbb").
                """,
            methods: [
                .init("box", doc: """
                    fig:box(values [, {x=, series=, panel=, color=}]) adds a box plot of values (an \
                    array or 1-D tensor) at category x (by default the series' name): the quartiles, \
                    the median, whiskers to the furthest values within 1.5 IQR of the box, and the \
                    values beyond as dots. Boxes of different series at one x stand side by side.
                    """) { figure, stack in
                    try figure.addDistribution(stack, name: "box", make: Mark.box)
                },
                .init("violin", doc: """
                    fig:violin(values [, {x=, series=, panel=, color=}]) adds a violin at category x: \
                    the values' Gaussian kernel density (Silverman's rule-of-thumb bandwidth, \
                    0.9·min(sd, IQR/1.34)·n^-1/5), mirrored and cut at the smallest and largest value, \
                    with the quartiles as a bar and the median as a dot inside. Violins of a panel \
                    share one width scale (equal areas).
                    """) { figure, stack in
                    try figure.addDistribution(stack, name: "violin", make: Mark.violin)
                },
                .init("line", doc: """
                    fig:line(x, y [, {low=, high=, error=, points=, series=, panel=, color=}]) adds a \
                    line through the points (x, y), drawn in order of x; a NaN y (0/0) leaves a gap. \
                    An error band spans low to high, or y - error to y + error (arrays over the \
                    points, such as standard deviations). points draws a dot at each point \
                    (default: when there are at most 30).
                    """) { figure, stack in
                    try figure.addLine(stack)
                },
                .init("scatter", doc: """
                    fig:scatter(x, y [, {series=, panel=, color=}]) adds a dot at each point (x, y).
                    """) { figure, stack in
                    let (x, y) = (try stack.vectorArgument(2), try stack.vectorArgument(3))
                    let options = try stack.options(4, common)
                    return try figure.add(stack, options) {
                        try Mark.scatter(x: x, y: y, series: options.value("series"), color: options.value("color"))
                    }
                },
                .init("hist", doc: """
                    fig:hist(values [, {bins=, edges=, density=false, series=, panel=, color=}]) adds \
                    a histogram of values. By default the bins follow the Freedman-Diaconis rule \
                    (width 2·IQR·n^-1/3 across the range, at most 100 bins; Sturges' log2(n) + 1 bins \
                    when the IQR is 0); bins=k makes k equal bins, edges={...} gives the edges. The \
                    histograms of a figure share their bins (pooled over a panel, or the figure with \
                    shared axes), so overlaid ones line up. density=true divides the counts by n \
                    times the bin width, so samples of different sizes compare.
                    """) { figure, stack in
                    try figure.addHistogram(stack)
                },
                .init("hline", doc: """
                    fig:hline(y [, {series=, panel=, color=}]) adds a dashed horizontal reference \
                    line at y, such as the 0 of a correlation: in the given panel, or in every panel.
                    """) { figure, stack in
                    let y = try stack.argument(2, as: Double.self)
                    let options = try stack.options(3, common)
                    return try figure.add(stack, options) {
                        try Mark.rule(y: y, series: options.value("series"), color: options.value("color"))
                    }
                },
                .init("save", doc: """
                    fig:save(path) writes the figure as a standalone SVG file (it opens in any \
                    browser) and returns path. Missing directories are made; the file is replaced \
                    atomically. path must end in .svg.
                    """) { figure, stack in
                    let path = try stack.argument(2, as: String.self)
                    guard path.lowercased().hasSuffix(".svg") else {
                        throw LuaArgumentError(argument: 2, problem: .invalid("figures are written as SVG: give a path ending in .svg, got '\(path)'"))
                    }
                    do {
                        try figure.figure.write(to: path)
                    } catch {
                        throw ScriptError("save: \(error)")
                    }
                    stack.push(path)
                    return 1
                },
                .init("svg", doc: "fig:svg() is the figure's SVG document, as a string.") { figure, stack in
                    do {
                        stack.push(try figure.figure.svg())
                    } catch {
                        throw ScriptError("svg: \(error)")
                    }
                    return 1
                },
            ],
            metamethods: [
                .toString: { stack in
                    stack.push(try stack.argument(1, as: LuaFigure.self).summary)
                    return 1
                },
            ])
    }

    /// "figure "Attention vs FI": 3 panels (sst, imdb, 20news), 24 marks; series input, hidden".
    var summary: String {
        let title = figure.title.map { " \"\($0)\"" } ?? ""
        guard !figure.panels.isEmpty else { return "figure\(title): empty" }
        let names = figure.panels.compactMap(\.name)
        let panels = figure.panels.count == 1 ? "1 panel" : "\(figure.panels.count) panels"
        var text = "figure\(title): \(panels)\(names.isEmpty ? "" : " (\(names.joined(separator: ", ")))"), "
            + "\(figure.markCount) mark\(figure.markCount == 1 ? "" : "s")"
        if !figure.series.isEmpty { text += "; series \(figure.series.joined(separator: ", "))" }
        return text
    }

    /// Adds the mark `make` builds to the figure, in the `panel` of `options`, and returns the
    /// figure (still at 1) for chaining.
    private func add(_ stack: LuaStack, _ options: LuaOptions, make: () throws -> Mark) throws -> Int32 {
        do {
            try figure.add(make(), panel: options.value("panel"))
        } catch let error as PlotError {
            throw ScriptError(error.description)
        }
        stack.pushCopy(of: 1)
        return 1
    }

    /// `fig:box` and `fig:violin`.
    private func addDistribution(_ stack: LuaStack, name: String,
                                 make: ([Double], String?, String?, String?) throws(PlotError) -> Mark) throws -> Int32 {
        let values = try stack.vectorArgument(2)
        let options = try stack.options(3, [.string("x")] + Self.common)
        return try add(stack, options) {
            try make(values, options.value("x"), options.value("series"), options.value("color"))
        }
    }

    private func addLine(_ stack: LuaStack) throws -> Int32 {
        let (x, y) = (try stack.vectorArgument(2), try stack.vectorArgument(3))
        let options = try stack.options(4, [.tableOrObject("low", LuaTensor.self), .tableOrObject("high", LuaTensor.self),
                                            .tableOrObject("error", LuaTensor.self), .boolean("points")] + Self.common)
        let low = try stack.vectorOption(options, "low", at: 4)
        let high = try stack.vectorOption(options, "high", at: 4)
        let error = try stack.vectorOption(options, "error", at: 4)
        var band: Mark.Band?
        switch (low, high, error) {
        case (nil, nil, nil):
            band = nil
        case (let low?, let high?, nil):
            band = Mark.Band(low: low, high: high)
        case (nil, nil, let error?):
            guard error.count == y.count else { throw ScriptError("line: y has \(y.count) values but error has \(error.count)") }
            band = Mark.Band(low: zip(y, error).map { $0 - $1 }, high: zip(y, error).map { $0 + $1 })
        default:
            throw LuaArgumentError(argument: 4, problem: .invalid("give an error band as low= and high= together, or as error="))
        }
        let points = options.value("points", as: Bool.self) ?? (x.count <= 30)
        return try add(stack, options) {
            try Mark.line(x: x, y: y, band: band, points: points, series: options.value("series"), color: options.value("color"))
        }
    }

    private func addHistogram(_ stack: LuaStack) throws -> Int32 {
        let values = try stack.vectorArgument(2)
        let options = try stack.options(3, [.integer("bins"), .tableOrObject("edges", LuaTensor.self),
                                            .boolean("density", default: false)] + Self.common)
        let binning: Binning
        switch (options.value("bins", as: Int.self), try stack.vectorOption(options, "edges", at: 3)) {
        case (nil, nil): binning = .automatic
        case (let bins?, nil): binning = .count(bins)
        case (nil, let edges?): binning = .edges(edges)
        default: throw LuaArgumentError(argument: 3, problem: .invalid("give bins= or edges=, not both"))
        }
        return try add(stack, options) {
            try Mark.histogram(values, binning: binning, density: options.value("density")!,
                               series: options.value("series"), color: options.value("color"))
        }
    }
}
