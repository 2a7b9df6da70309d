import Foundation
import JSON
@testable import SashellCore
import TestSupport
import Testing

@Suite struct ResultTableTests {
    func example() -> ResultTable {
        var table = ResultTable(title: "Accuracy", columns: ["dataset", "ours", "paper"], notes: ["seeds 1, 2"])
        table.append([.text("sst"), .sample([0.8, 0.9]), .number(0.82)])
        table.append([.text("imdb, \"full\""), .number(0.9), .integer(4356)])
        return table
    }

    /// By hand: text left-aligned, numbers right-aligned, a sample as mean ± sd (n) with the
    /// sample standard deviation √((0.05² + 0.05²) / 1) = 0.0707.
    @Test func terminalText() {
        #expect(example().text == """
            Accuracy
            dataset                    ours  paper
            ------------  -----------------  -----
            sst           0.850 ± 0.071 (2)  0.820
            imdb, "full"              0.900   4356
            seeds 1, 2
            """)
    }

    @Test func markdownEscapesPipes() {
        var table = ResultTable(title: "T", columns: ["a|b"])
        table.append([.integer(1)])
        #expect(table.markdown == "## T\n\n| a\\|b |\n| --- |\n| 1 |\n")
    }

    /// A sample column is three CSV columns; fields with commas or quotes are quoted (RFC 4180).
    @Test func csvSplitsSamplesAndQuotes() {
        let lines = example().csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "dataset,ours,ours_sd,ours_n,paper")
        #expect(lines[1].hasPrefix("sst,0.85"))
        #expect(lines[1].hasSuffix(",2,0.82"))
        #expect(lines[2] == "\"imdb, \"\"full\"\"\",0.9,,,4356")
    }

    /// JSON keeps every value of a sample, and reads back with the project's parser.
    @Test func jsonRoundTrip() throws {
        let text = try example().json.canonicalText()
        let value = try JSONValue.parse(text)
        guard case .object(let fields) = value, case .array(let rows)? = fields["rows"], case .array(let first) = rows[0],
              case .object(let sample) = first[1] else {
            Issue.record("unexpected JSON \(text)")
            return
        }
        #expect(sample["values"] == .array([.number(0.8), .number(0.9)]))
        #expect(sample["n"] == .number(2))
    }

    @Test func savesThreeFiles() throws {
        let directory = try ScratchDirectory()
        let paths = try example().save(directory: directory.path + "/out/table", name: "accuracy")
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["accuracy.md", "accuracy.csv", "accuracy.json"])
        for path in paths { #expect(FileManager.default.fileExists(atPath: path)) }
        #expect(try String(contentsOfFile: paths[0], encoding: .utf8) == example().markdown)
    }
}
