import LuaBridge
import SashellCore

/// `sa.plot`: figures written as standalone SVG, for the paper's box and violin plots of
/// correlations, lines of τ against λ with error bands, histograms of entropies and scatters.
enum PlotFunctions {
    static var module: LuaModule {
        LuaModule("sa", doc: SashellLibrary.doc, submodules: [
            LuaModule("plot", doc: """
                sa.plot: figures as standalone SVG files (axis titles, ticks, legend, title; they \
                open in any browser). sa.plot.figure{...} makes one; its methods add box plots, \
                violins, lines with error bands, scatters, histograms and reference lines, and \
                fig:save(path) writes it. help(fig) lists the methods.
                """, functions: [
                .init("figure", doc: """
                    sa.plot.figure([{title=, xlabel=, ylabel=, xscale="linear", yscale="linear", \
                    xlinthresh=1, ylinthresh=1, xlim={lo, hi}, ylim={lo, hi}, width=, height=, \
                    columns=, legend="right", shared=true}]) is a new, empty figure. Scales are \
                    "linear", "log" (base 10, positive values) or "symlog": linear on [-c, c] and \
                    logarithmic beyond, with c the linthresh, for values of both signs spanning \
                    decades (sparsegen's lambda). Panels (the marks' panel= option) are laid out \
                    columns to a row (default up to 3); shared=true gives them all the same axis \
                    ranges. legend is "right", "bottom" or "none"; the legend lists the marks' \
                    series. width and height are in pixels (default 640 x 420 for one panel).
                    """) { stack in
                    stack.push(LuaFigure(try figure(stack)))
                    return 1
                },
            ]),
        ])
    }

    /// The figure `sa.plot.figure`'s options describe.
    private static func figure(_ stack: LuaStack) throws -> Figure {
        let scales = ["linear", "log", "symlog"]
        let options = try stack.options(1, [
            .string("title"), .string("xlabel"), .string("ylabel"),
            .string("xscale", oneOf: scales, default: "linear"), .string("yscale", oneOf: scales, default: "linear"),
            .number("xlinthresh"), .number("ylinthresh"), .tableOrObject("xlim", LuaTensor.self), .tableOrObject("ylim", LuaTensor.self),
            .number("width"), .number("height"), .integer("columns"),
            .string("legend", oneOf: Figure.LegendPosition.allCases.map(\.rawValue), default: "right"),
            .boolean("shared", default: true),
        ])
        var figure = Figure(title: options.value("title"))
        for (name, axis) in [("x", \Figure.x), ("y", \Figure.y)] as [(String, WritableKeyPath<Figure, Figure.Axis>)] {
            figure[keyPath: axis].label = options.value("\(name)label")
            let kind = options.value("\(name)scale", as: String.self)!
            let threshold: Double? = options.value("\(name)linthresh")
            guard threshold == nil || kind == "symlog" else {
                throw LuaArgumentError(argument: 1, problem: .invalid("option '\(name)linthresh' applies to \(name)scale='symlog' only"))
            }
            figure[keyPath: axis].scale = kind == "log" ? .log : kind == "symlog" ? .symlog(threshold: threshold ?? 1) : .linear
            if let limits = try stack.vectorOption(options, "\(name)lim", at: 1) {
                guard limits.count == 2 else {
                    throw LuaArgumentError(argument: 1, problem: .invalid("option '\(name)lim' must be {low, high}, got \(limits.count) values"))
                }
                guard limits[0] < limits[1] else {
                    throw LuaArgumentError(argument: 1, problem: .invalid("option '\(name)lim' must be increasing, got {\(limits[0]), \(limits[1])}"))
                }
                figure[keyPath: axis].limits = limits[0]...limits[1]
            }
        }
        for key in ["width", "height"] {
            if let size = options.value(key, as: Double.self), !(size >= 100 && size <= 20000) {
                throw LuaArgumentError(argument: 1, problem: .invalid("option '\(key)' must be 100 to 20000 pixels, got \(size)"))
            }
        }
        figure.width = options.value("width")
        figure.height = options.value("height")
        if let columns = options.value("columns", as: Int.self) {
            guard columns >= 1 else { throw LuaArgumentError(argument: 1, problem: .invalid("option 'columns' must be at least 1, got \(columns)")) }
            figure.columns = columns
        }
        figure.legend = Figure.LegendPosition(rawValue: options.value("legend")!)!
        figure.sharedAxes = options.value("shared")!
        do {
            try figure.checkAxes()
        } catch {
            throw LuaArgumentError(argument: 1, problem: .invalid(error.description))
        }
        return figure
    }
}
