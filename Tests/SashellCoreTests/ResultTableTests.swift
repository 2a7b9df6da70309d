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

    /// A nonzero number that would round to 0.000 shows its size; zero stays 0.000.
    @Test func tinyNumbersAreNotZero() {
        let table = ResultTable(title: "T", columns: ["p"])
        #expect(table.format(.number(3.2e-7)) == "3.2e-07")
        #expect(table.format(.number(-0.0004)) == "-4.0e-04")
        #expect(table.format(.number(0.0006)) == "0.001")
        #expect(table.format(.number(0)) == "0.000")
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

    /// By hand, seeds {1, 2, 3}, {4, 5}, {6}: pooled mean 21 / 6 = 3.5, sd √(17.5 / 5) = 1.871
    /// (squares 6.25 + 2.25 + 0.25 + 0.25 + 2.25 + 6.25); the seeds' means 2, 4.5, 6 have mean
    /// 12.5 / 3 and sd √((2.1667² + 0.3333² + 1.8333²) / 2) = √(8.1667 / 2) = 2.021.
    @Test func seedsShowTheSpreadAcrossSeeds() {
        let table = ResultTable(title: "T", columns: ["tau"])
        #expect(table.format(.seeds([[1, 2, 3], [4, 5], [6]])) == "3.500 ± 1.871 (6); seeds ± 2.021 (3)")
        // One seed, or one seed with values, looks like its sample.
        #expect(table.format(.seeds([[1, 2, 3]])) == "2.000 ± 1.000 (3)")
        #expect(table.format(.seeds([[1, 2, 3], []])) == table.format(.sample([1, 2, 3])))
        // A seed without values is left out of the spread: means 2 and 4.5, sd 2.5 / √2 = 1.768;
        // pooled 1...5, mean 3, sd √(10 / 4) = 1.581.
        #expect(table.format(.seeds([[1, 2, 3], [], [4, 5]])) == "3.000 ± 1.581 (5); seeds ± 1.768 (2)")
        #expect(table.format(.seeds([])) == "–")
        #expect(table.format(.seeds([[], []])) == "–")
        #expect(table.format(.seeds([[1, .nan], [2]])) == "NaN")
    }

    func seedsExample() -> ResultTable {
        var table = ResultTable(title: "T", columns: ["model", "tau", "paper"])
        table.append([.text("a"), .seeds([[1, 2, 3], [4, 5], [6]]), .number(0.5)])
        table.append([.text("b"), .sample([0.8, 0.9])])
        return table
    }

    /// A column with samples per seed gains the spread across seeds and how many seeds it is over;
    /// its other cells leave those fields empty.
    @Test func csvOfSeeds() throws {
        let lines = seedsExample().csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "model,tau,tau_sd,tau_n,tau_seed_sd,tau_seeds,paper")
        let fields = lines[1].components(separatedBy: ",")
        #expect(fields.count == 7)
        #expect(fields[0] == "a" && fields[1] == "3.5" && fields[3] == "6" && fields[5] == "3" && fields[6] == "0.5")
        #expect(abs(try #require(Double(fields[2])) - 1.8708286933869707) < 1e-12)
        #expect(abs(try #require(Double(fields[4])) - 2.0207259421636903) < 1e-12)
        #expect(lines[2].hasPrefix("b,0.85") && lines[2].hasSuffix(",2,,,"))
    }

    /// JSON keeps the pooled summary, the spread, and each seed's sample with its values.
    @Test func jsonOfSeeds() throws {
        let value = try JSONValue.parse(try seedsExample().json.canonicalText())
        guard case .object(let fields) = value, case .array(let rows)? = fields["rows"], case .array(let first) = rows[0],
              case .object(let cell) = first[1], case .array(let seeds)? = cell["seeds"], seeds.count == 3,
              case .object(let second) = seeds[1] else {
            Issue.record("unexpected JSON \(value)")
            return
        }
        #expect(cell["mean"] == .number(3.5))
        #expect(cell["n"] == .number(6))
        #expect(abs((cell["seed_sd"]?.number ?? 0) - 2.0207259421636903) < 1e-12)
        #expect(second["values"] == .array([.number(4), .number(5)]))
        #expect(second["mean"] == .number(4.5))
        #expect(second["n"] == .number(2))
    }

    @Test func savesThreeFiles() throws {
        let directory = try ScratchDirectory()
        let paths = try example().save(directory: directory.path + "/out/table", name: "accuracy")
        #expect(paths.map { ($0 as NSString).lastPathComponent } == ["accuracy.md", "accuracy.csv", "accuracy.json"])
        for path in paths { #expect(FileManager.default.fileExists(atPath: path)) }
        #expect(try String(contentsOfFile: paths[0], encoding: .utf8) == example().markdown)
    }
}
