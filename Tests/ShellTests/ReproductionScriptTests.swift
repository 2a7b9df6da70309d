import Foundation
import Testing

/// The reproduction scripts, black-box: each runs with --quick on SST from the command line, prints
/// its table beside the paper's, and writes it as Markdown, CSV and JSON; run again, it trains
/// nothing (every model comes from the run store).
@Suite(.serialized) struct ReproductionScriptTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Each script and the files it must write under out/<script>/.
    static let scripts: [(String, [String])] = [
        ("table3", ["table3.md", "table3.csv", "table3.json"]),
    ]

    @Test(arguments: scripts.map(\.0))
    func quickRunWritesItsFiles(script: String) throws {
        let directory = try TemporaryDirectory()
        let path = Self.repository.appendingPathComponent("scripts/\(script).lua").path
        let arguments = [path, "--quick", "--datasets", "sst", "--out", directory.url.path]
        let environment = ["SASHELL_DATA": DatasetShellTests.data]
        let run = try Sashell.run(arguments, environment: environment, in: directory.url)
        #expect(run.status == 0, "\(run.stderr)")
        for file in Self.scripts.first(where: { $0.0 == script })!.1 {
            let written = directory.url.appendingPathComponent("\(script)/\(file)").path
            #expect(FileManager.default.fileExists(atPath: written), "\(file) missing; output:\n\(run.stdout)")
        }
        #expect(run.stdout.contains("QUICK"), "a quick run says so beside its numbers")
        // A second run reuses every model: no epoch is trained.
        #expect((run.stdout + run.stderr).contains("epoch 1/"))
        let again = try Sashell.run(arguments, environment: environment, in: directory.url)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(!(again.stdout + again.stderr).contains("epoch 1/"), "\(again.stdout)")
    }

    /// The examples, with their small settings: each runs to the end and prints what it promises.
    @Test(arguments: [("entmax_vs_sparsemax", "Kendall tau with sparsemax"), ("own_data", "test accuracy")])
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
