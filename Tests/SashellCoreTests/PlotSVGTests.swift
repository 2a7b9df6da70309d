import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import SashellCore
import Testing
import TestSupport

/// An SVG document parsed with Foundation's XMLParser: parsing fails unless it is well-formed XML.
private final class ParsedSVG: NSObject, XMLParserDelegate {
    struct Element {
        let name: String
        let attributes: [String: String]
        /// The text inside it, its children's included.
        var text = ""
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []

    init(_ document: String) throws {
        super.init()
        let parser = XMLParser(data: Data(document.utf8))
        parser.delegate = self
        guard parser.parse() else { throw parser.parserError ?? PlotError("the SVG does not parse") }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        open.append(elements.count)
        elements.append(Element(name: name, attributes: attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        for index in open { elements[index].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    func all(_ name: String, class className: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }
    }

    /// The text of every `<text>` element.
    var texts: [String] { all("text").map(\.text) }
}

@Suite struct PlotSVGTests {
    /// Figure 1's layout: boxes of two series at two models in two panels, a reference line.
    private func boxFigure() throws -> Figure {
        var figure = Figure(title: "Attention vs FI <&> \"quoted\" 'single'\u{7}")
        figure.x.label = "model"
        figure.y.label = "Kendall τ"
        for dataset in ["SST", "IMDb"] {
            for (i, model) in ["BiLSTM", "Transformer"].enumerated() {
                let input = (0..<20).map { 0.1 + 0.02 * Double(($0 * 7 + i) % 11) }
                try figure.add(.box(input, category: model, series: "input"), panel: dataset)
                try figure.add(.box(input.map { $0 + 0.5 }, category: model, series: "hidden"), panel: dataset)
            }
        }
        try figure.add(.rule(y: 0))
        return figure
    }

    @Test func boxFigureIsWellFormedWithItsLabels() throws {
        let figure = try boxFigure()
        let svg = try ParsedSVG(figure.svg())
        let root = try #require(svg.elements.first)
        #expect(root.name == "svg" && root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        let (width, height) = (try #require(root.attributes["width"]), try #require(root.attributes["height"]))
        #expect(root.attributes["viewBox"] == "0 0 \(width) \(height)")
        #expect(root.attributes["font-family"]?.hasSuffix("sans-serif") == true)
        // The title, escaped and read back; the control character replaced.
        let title = "Attention vs FI <&> \"quoted\" 'single'\u{FFFD}"
        #expect(svg.all("title").map(\.text) == [title])
        let texts = svg.texts
        for label in [title, "model", "Kendall τ", "SST", "IMDb", "BiLSTM", "Transformer", "input", "hidden"] {
            #expect(texts.contains(label), "\(label) in \(texts)")
        }
        // y ticks from 0.0 to 0.8 in steps of 0.2, in each panel.
        for tick in ["0.0", "0.2", "0.4", "0.6", "0.8"] {
            #expect(texts.filter { $0 == tick }.count == 2, "\(tick)")
        }
        #expect(svg.all("g", class: "box").count == 8)
        #expect(svg.all("g", class: "panel").count == 2)
        #expect(svg.all("clipPath").count == 2)
        // The reference line is drawn in both panels.
        #expect(svg.all("line").filter { $0.attributes["stroke-dasharray"] != nil }.count == 2)
        // Two series in the palette's first two colours.
        #expect(svg.all("g", class: "box").compactMap { $0.attributes["stroke"] }.sorted()
            == ["#0072B2", "#0072B2", "#0072B2", "#0072B2", "#E69F00", "#E69F00", "#E69F00", "#E69F00"])
        // Every number is finite.
        for element in svg.elements {
            for value in element.attributes.values {
                #expect(!value.contains("nan") && !value.contains("inf"), "\(element.name): \(value)")
            }
        }
    }

    @Test func theSameFigureIsTheSameFile() throws {
        let figure = try boxFigure()
        #expect(try figure.svg() == figure.svg())
    }

    @Test func linesOnASymlogAxis() throws {
        var figure = Figure()
        figure.x.scale = .symlog(threshold: 1)
        let lambdas = [-8.0, -4, -2, -1, -0.5, 0, 0.25, 0.5, 0.75]
        let tau = lambdas.map { 0.3 - 0.02 * $0 }
        try figure.add(.line(x: lambdas, y: tau, band: .init(low: tau.map { $0 - 0.05 }, high: tau.map { $0 + 0.05 }),
                             points: true, series: "BiLSTM"))
        try figure.add(.line(x: lambdas, y: tau.map { $0 + 0.1 }, series: "Transformer"))
        let svg = try ParsedSVG(figure.svg())
        #expect(svg.all("g", class: "line").count == 2)
        #expect(svg.all("path", class: "band").count == 1)
        #expect(svg.all("circle").filter { $0.attributes["r"] == "3.2" }.count == lambdas.count)
        for label in ["−10", "−5", "−2", "−1", "−0.5", "0", "0.5", "BiLSTM", "Transformer"] {
            #expect(svg.texts.contains(label), "\(label)")
        }
        // Bands come first, so that no band veils a line.
        let band = try #require(svg.elements.firstIndex { $0.attributes["class"] == "band" })
        let line = try #require(svg.elements.firstIndex { $0.attributes["class"] == "line" })
        #expect(band < line)
    }

    @Test func powersOfTenHaveRaisedExponents() throws {
        var figure = Figure()
        figure.x.scale = .log
        try figure.add(.scatter(x: [1e-7, 1e7], y: [1, 2]))
        let svg = try ParsedSVG(figure.svg())
        #expect(svg.all("tspan").map(\.text) == ["−6", "6"])
        #expect(svg.texts.contains("10−6") && svg.texts.contains("1000"))
    }

    @Test func violinsAndHistograms() throws {
        var violins = Figure()
        try violins.add(.violin([0.1, 0.4, 0.45, 0.5, 0.9], category: "softmax"))
        try violins.add(.violin([0.3, 0.3, 0.3], category: "sparsemax"))
        let parsed = try ParsedSVG(violins.svg())
        #expect(parsed.all("g", class: "violin").count == 2)
        #expect(parsed.texts.contains("softmax") && parsed.texts.contains("sparsemax"))

        var histograms = Figure()
        try histograms.add(.histogram((0..<100).map { Double($0) / 100 }, binning: .count(10), series: "a"))
        try histograms.add(.histogram((0..<50).map { Double($0) / 80 }, binning: .count(10), series: "b"))
        let bars = try ParsedSVG(histograms.svg()).all("path").filter { $0.attributes["fill-opacity"] == "0.3" }
        // Overlaid: two see-through series in the same ten bins over 0…0.99; b's values end at
        // 0.6125, in bin 7, and empty bins draw nothing.
        #expect(bars.map { $0.attributes["d"]!.components(separatedBy: "Z").count - 1 } == [10, 7])
    }

    @Test(arguments: [
        ("empty", "the figure is empty: add a mark first"),
        ("mixed", "line: this figure's x axis shows categories (box, violin), and a line needs numbers there (make another figure)"),
        ("logNegative", "scatter: x value -1.0 cannot be shown on a log scale (use symlog for 0 and negative values)"),
        ("histogramLog", "histogram: bars start at 0, which a log y scale cannot show (use a linear y scale)"),
        ("bins", "histogram: the bins differ from this figure's first histogram's; histograms of a figure share their bins"),
        ("limits", "x limits 1.0…1.0 are not an increasing range on a linear scale"),
    ])
    func figureErrors(case name: String, message: String) throws {
        var figure = Figure()
        let error: PlotError? = {
            do {
                switch name {
                case "mixed":
                    try figure.add(.box([1, 2], category: "a"))
                    try figure.add(.line(x: [1], y: [1]))
                case "logNegative":
                    figure.x.scale = .log
                    try figure.add(.scatter(x: [-1], y: [1]))
                case "histogramLog":
                    figure.y.scale = .log
                    try figure.add(.histogram([1, 2]))
                case "bins":
                    try figure.add(.histogram([1, 2], binning: .count(3)))
                    try figure.add(.histogram([1, 2]))
                case "limits":
                    try figure.add(.scatter(x: [1], y: [1]))
                    figure.x.limits = 1...1
                    _ = try figure.svg()
                default:
                    _ = try figure.svg()
                }
                return nil
            } catch {
                return error as? PlotError
            }
        }()
        #expect(error?.description == message)
    }

    @Test func markErrors() {
        #expect(throws: PlotError("box: no values")) { try Mark.box([]) }
        #expect(throws: PlotError("violin: value 2 is not finite (inf)")) { try Mark.violin([1, .infinity]) }
        #expect(throws: PlotError("line: x has 2 values but y has 3")) { try Mark.line(x: [1, 2], y: [1, 2, 3]) }
        #expect(throws: PlotError("line y: every value is a gap (NaN)")) { try Mark.line(x: [1], y: [.nan]) }
        #expect(throws: PlotError("line: x has 2 values but low has 1")) {
            try Mark.line(x: [1, 2], y: [1, 2], band: .init(low: [1], high: [1, 2]))
        }
        #expect(throws: PlotError("histogram: bin edges must be finite and increasing")) { try Mark.histogram([1], binning: .edges([0, 0])) }
        #expect(throws: PlotError("histogram: the number of bins must be at least 1, got 0")) { try Mark.histogram([1], binning: .count(0)) }
        #expect(throws: PlotError("color must be \"#rgb\" or \"#rrggbb\", got \"red\"")) { try Mark.scatter(x: [1], y: [1], color: "red") }
        #expect(throws: PlotError("rule: y must be finite, got nan")) { try Mark.rule(y: .nan) }
    }

    @Test func escaping() {
        #expect(SVGWriter.escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&apos;")
        #expect(SVGWriter.escape("tab\tok\u{0}\u{1B}[2J") == "tab\tok\u{FFFD}\u{FFFD}[2J")
        #expect(SVGWriter.number(12.345) == "12.35")
        #expect(SVGWriter.number(-0.001) == "0")
        #expect(SVGWriter.number(3) == "3")
        #expect(SVGWriter.number(-2.5) == "-2.5")
    }

    @Test func writesAtomicallyMakingDirectories() throws {
        let scratch = try ScratchDirectory()
        var figure = Figure(title: "written")
        try figure.add(.scatter(x: [1, 2], y: [3, 4]))
        let path = scratch.path + "/figures/sub/figure.svg"
        try figure.write(to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == figure.svg())
        // Rewritten in place, with no temporary file left behind.
        try figure.write(to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/figures/sub") == ["figure.svg"])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o644)
        #expect(throws: PlotError.self) { try figure.write(to: "/proc/no/such/figure.svg") }
    }
}
