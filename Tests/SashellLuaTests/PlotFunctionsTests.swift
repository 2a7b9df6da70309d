import Foundation
import Testing
import TestSupport

@Suite struct PlotFunctionsTests {
    @Test func lineFigureChainsAndSaves() throws {
        let lua = try LuaSession()
        let scratch = try ScratchDirectory()
        try lua.run("""
            fig = sa.plot.figure{title='Figure 3', xlabel='λ', ylabel='Kendall τ', xscale='symlog'}
            local same = fig:line({-4, -1, 0, 0.5}, {0.4, 0.3, 0.2, 0.1}, {error={0.05, 0.05, 0.04, 0.03}, series='BiLSTM'})
            assert(same == fig)
            fig:line(sa.tensor{-4, -1, 0, 0.5}, {0.5, 0.4, 0.3, 0/0}, {low={0.4, 0.3, 0.2, 0/0},
                     high={0.6, 0.5, 0.4, 0/0}, series='Transformer', points=false}):hline(0)
            path = fig:save([[\(scratch.path)/out/figure3.svg]])
            """)
        let path = scratch.path + "/out/figure3.svg"
        #expect(try lua.evaluate("path") == path)
        #expect(try lua.evaluate("fig") == "figure \"Figure 3\": 1 panel, 3 marks; series BiLSTM, Transformer")
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        for part in ["<title>Figure 3</title>", ">BiLSTM</text>", ">Transformer</text>", ">Kendall τ</text>", ">λ</text>", ">−1</text>"] {
            #expect(svg.contains(part), "\(part)")
        }
        #expect(try lua.evaluate("fig:svg() == io.open(path):read('a')") == "true")
    }

    @Test func panelsOfBoxesViolinsAndHistograms() throws {
        let lua = try LuaSession()
        try lua.run("""
            local fig = sa.plot.figure{title='Figure 1', ylabel='Kendall τ', legend='bottom', columns=2}
            for _, d in ipairs{'sst', 'imdb', '20news'} do
                for _, m in ipairs{'BiLSTM softmax', 'BiLSTM sparsemax'} do
                    fig:box({0.1, 0.2, 0.3, 0.25}, {x=m, series='input', panel=d})
                    fig:violin(sa.tensor{0.6, 0.7, 0.8, 0.75}, {x=m, series='intermediate', panel=d, color='#333'})
                end
            end
            figure1 = tostring(fig)
            svg1 = fig:svg()
            h = sa.plot.figure{xlabel='normalised entropy', shared=false}
            h:hist({0.8, 0.85, 0.9, 0.95, 0.97}, {bins=4, density=true, series='softmax', panel='a'})
            h:hist({0.5, 0.6}, {bins=4, series='sparsemax', panel='b'})
            histograms = h:svg()
            """)
        #expect(try lua.evaluate("figure1") == "figure \"Figure 1\": 3 panels (sst, imdb, 20news), 12 marks; series input, intermediate")
        let svg = try lua.evaluate("svg1")
        #expect(svg.components(separatedBy: "class=\"box\"").count - 1 == 6)
        #expect(svg.components(separatedBy: "class=\"violin\"").count - 1 == 6)
        #expect(svg.contains(">BiLSTM sparsemax</text>") && svg.contains(">20news</text>") && svg.contains("fill=\"#333\""))
        let histograms = try lua.evaluate("histograms")
        #expect(histograms.contains(">softmax</text>") && histograms.contains(">normalised entropy</text>"))
        #expect(lua.error("h:hist({1}, {edges={0, 2}, panel='c'})")
            == "test:1: histogram: the bins differ from this figure's first histogram's; histograms of a figure share their bins")
    }

    @Test(arguments: [
        ("sa.plot.figure{xscale='loga'}",
         "test:1: bad argument #1 to 'figure' (option 'xscale' must be 'linear', 'log' or 'symlog', got 'loga')"),
        ("sa.plot.figure{titel='x'}", "test:1: bad argument #1 to 'figure' (unknown option 'titel' (did you mean 'title'?))"),
        ("sa.plot.figure{xlinthresh=0.1}", "test:1: bad argument #1 to 'figure' (option 'xlinthresh' applies to xscale='symlog' only)"),
        ("sa.plot.figure{yscale='symlog', ylinthresh=-1}",
         "test:1: bad argument #1 to 'figure' (the y axis' symlog threshold must be positive and finite, got -1.0)"),
        ("sa.plot.figure{xlim={1}}", "test:1: bad argument #1 to 'figure' (option 'xlim' must be {low, high}, got 1 values)"),
        ("sa.plot.figure{ylim={1, 0}}", "test:1: bad argument #1 to 'figure' (option 'ylim' must be increasing, got {1.0, 0.0})"),
        ("sa.plot.figure{xscale='log', xlim={0, 1}}",
         "test:1: bad argument #1 to 'figure' (x limits 0.0…1.0 are not an increasing range on a log scale)"),
        ("sa.plot.figure{width=10}", "test:1: bad argument #1 to 'figure' (option 'width' must be 100 to 20000 pixels, got 10.0)"),
        ("sa.plot.figure{columns=0}", "test:1: bad argument #1 to 'figure' (option 'columns' must be at least 1, got 0)"),
        ("sa.plot.figure():box({1}):line({1}, {1})",
         "test:1: line: this figure's x axis shows categories (box, violin), and a line needs numbers there (make another figure)"),
        ("sa.plot.figure{xscale='log'}:scatter({0}, {1})",
         "test:1: scatter: x value 0.0 cannot be shown on a log scale (use symlog for 0 and negative values)"),
        ("sa.plot.figure():box({})", "test:1: bad argument #1 to 'box' (array is empty)"),
        ("sa.plot.figure():box('x')", "test:1: bad argument #1 to 'box' (table or tensor expected, got string)"),
        ("sa.plot.figure():box({1, 0/0})", "test:1: box: value 2 is not finite (nan)"),
        ("sa.plot.figure():box({1}, {colour='#fff'})", "test:1: bad argument #2 to 'box' (unknown option 'colour' (did you mean 'color'?))"),
        ("sa.plot.figure():box({1}, {color='red'})", "test:1: color must be \"#rgb\" or \"#rrggbb\", got \"red\""),
        ("sa.plot.figure():line({1, 2}, {1, 2, 3})", "test:1: line: x has 2 values but y has 3"),
        ("sa.plot.figure():line({1, 2}, {1, 2}, {low={1, 2}})",
         "test:1: bad argument #3 to 'line' (give an error band as low= and high= together, or as error=)"),
        ("sa.plot.figure():line({1, 2}, {1, 2}, {low={1}, high={1, 2}})", "test:1: line: x has 2 values but low has 1"),
        ("sa.plot.figure():line({1, 2}, {1, 2}, {error={1}})", "test:1: line: y has 2 values but error has 1"),
        ("sa.plot.figure():line({1, 2}, {1, 2}, {error={'a'}})",
         "test:1: bad argument #3 to 'line' (option 'error': element [1] is a string, expected a number)"),
        ("sa.plot.figure():hist({1, 2}, {bins=3, edges={0, 1}})", "test:1: bad argument #2 to 'hist' (give bins= or edges=, not both)"),
        ("sa.plot.figure():hist({1, 2}, {bins=0})", "test:1: histogram: the number of bins must be at least 1, got 0"),
        ("sa.plot.figure():hist({1}, {edges={1, 0}})", "test:1: histogram: bin edges must be finite and increasing"),
        ("sa.plot.figure():hline('a')", "test:1: bad argument #1 to 'hline' (number expected, got string)"),
        ("sa.plot.figure():save('figure.png')",
         "test:1: bad argument #1 to 'save' (figures are written as SVG: give a path ending in .svg, got 'figure.png')"),
        ("sa.plot.figure():save('figure.svg')", "test:1: save: the figure is empty: add a mark first"),
        ("sa.plot.figure():scatter({1}, {1}):save('/proc/none/figure.svg')", "test:1: save: cannot write /proc/none/figure.svg: "),
    ])
    func errors(code: String, message: String) throws {
        let error = try #require(try LuaSession().error(code))
        #expect(error.hasPrefix(message), "\(error)")
    }

    @Test func documented() throws {
        let lua = try LuaSession()
        let plot = try lua.help("sa.plot")
        #expect(plot.hasPrefix("sa.plot: figures as standalone SVG files"))
        #expect(plot.contains("  figure "))
        #expect(try lua.help("sa.plot.figure").hasPrefix("sa.plot.figure([{title="))
        try lua.run("fig = sa.plot.figure()")
        let figure = try lua.help("fig")
        #expect(figure.hasPrefix("figure: A figure of sa.plot.figure."))
        for method in ["box", "violin", "line", "scatter", "hist", "hline", "save", "svg"] {
            #expect(figure.contains("  \(method) "), "\(method)")
            #expect(try lua.help("fig.\(method)").hasPrefix("fig:\(method)("), "\(method)")
        }
        #expect(try lua.evaluate("fig") == "figure: empty")
    }
}
