import Foundation
import Testing

/// The reproduction scripts, black-box: each runs with --quick on SST from the command line, prints
/// its table beside the paper's, and writes it as Markdown, CSV and JSON; run again, it trains
/// nothing (every model comes from the run store).
@Suite(.serialized) struct ReproductionScriptTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Each script and the files it must write under out/<script>/.
    static let outputs: [String: [String]] = [
        "table1": ["table1.md", "table1.csv", "table1.json"], "table2": ["table2.md", "table2.csv", "table2.json"],
        "table3": ["table3.md", "table3.csv", "table3.json"], "table5": ["table5.md", "table5.csv", "table5.json"],
        "table6": ["table6.md", "table6.csv", "table6.json"], "figure1": ["figure1.svg"], "figure2": ["figure2.svg"],
        "figure3": ["figure3.svg"], "figure4": ["figure4.svg"],
    ]

    /// reproduce_all.lua runs every script with --quick on SST; each writes its files and says its
    /// numbers are quick ones. A script run again afterwards trains nothing: every model comes
    /// from the run store. With a second seed (whose models are trained then), a cell shows the
    /// spread across seeds.
    @Test func everyScriptRunsQuickly() throws {
        let directory = try TemporaryDirectory()
        let environment = ["SASHELL_DATA": DatasetShellTests.data]
        func script(_ name: String) -> String { Self.repository.appendingPathComponent("scripts/\(name).lua").path }
        let run = try Sashell.run([script("reproduce_all"), "--quick", "--datasets", "sst", "--out", directory.url.path],
                                  environment: environment, in: directory.url)
        #expect(run.status == 0, "\(run.stderr)")
        for (name, files) in Self.outputs {
            for file in files {
                let written = directory.url.appendingPathComponent("\(name)/\(file)").path
                #expect(FileManager.default.fileExists(atPath: written), "\(name)/\(file) missing")
            }
        }
        #expect(run.stdout.contains("QUICK"), "a quick run says so beside its numbers")
        #expect((run.stdout + run.stderr).contains("epoch 1/"))
        let again = try Sashell.run([script("table6"), "--quick", "--datasets", "sst", "--out", directory.url.path],
                                    environment: environment, in: directory.url)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!(again.stdout + again.stderr).contains("epoch 1/"), "\(again.stdout)")
        #expect(again.stdout.contains("Table 6"))
        let seeds = try Sashell.run([script("table1"), "--quick", "--datasets", "sst", "--seeds", "1,2", "--out", directory.url.path],
                                    environment: environment, in: directory.url)
        #expect(seeds.status == 0, "\(seeds.stderr)")
        #expect(seeds.stdout.contains("(80); seeds ± "), "\(seeds.stdout)")
    }

    /// The examples, with their small settings: each runs to the end and prints what it promises.
    @Test(arguments: [("quickstart", "sparsemax attends to"), ("entmax_vs_sparsemax", "Kendall tau with sparsemax"),
                      ("own_data", "test accuracy")])
    func examplesRun(example: String, promise: String) throws {
        let directory = try TemporaryDirectory()
        let path = Self.repository.appendingPathComponent("examples/\(example).lua").path
        let run = try Sashell.run([path, "--quick"], environment: ["SASHELL_DATA": DatasetShellTests.data], in: directory.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains(promise), "\(run.stdout)")
    }

    @Test func unknownArgumentIsAUsageError() throws {
        let run = try Sashell.run([Self.repository.appendingPathComponent("scripts/table3.lua").path, "--fast"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("unknown argument \"--fast\"\nusage: sashell "), "\(run.stderr)")
    }
}
