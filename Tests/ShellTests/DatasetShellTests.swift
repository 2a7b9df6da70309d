import Foundation
import Testing

/// Datasets from the command line, black-box: the built binary loading the paper's data and a
/// user's own.
@Suite struct DatasetShellTests {
    /// The real datasets beside the checkout (../shared/data), from this file's path.
    static let data = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data").path

    @Test func sstFromTheCommandLine() throws {
        let run = try Sashell.run(["-e", "ds = sa.dataset('sst', {data=[[\(Self.data)]]}); print(#ds.test); print(ds.test[1].ids[1])"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "1725\n2\n")
        #expect(run.stderr.isEmpty)
    }

    @Test func dataDirectoryFromTheEnvironment() throws {
        let directory = try TemporaryDirectory()
        let run = try Sashell.run(["-e", "print(#sa.dataset('sst').train)"], environment: ["SASHELL_DATA": Self.data],
                                  in: directory.url)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "6355\n")
    }

    @Test func customTSVEndToEnd() throws {
        let directory = try TemporaryDirectory()
        try directory.write("text\tlabel\ngreat fun film\tpos\ndull film\tneg\nfun\tpos\n", to: "mine.tsv")
        try directory.write("""
            local ds = sa.dataset{train='mine.tsv', labels={neg=0, pos=1}, dev_fraction=0}
            print(#ds.train, #ds.vocab, ds.train[2].label, table.concat(ds.train[1].ids, ' '))
            local b = ds.train:batches{size=2, seed=1}
            print(#b, b[1].ids:shape()[1] + b[2].ids:shape()[1])
            print(ds)
            """, to: "script.lua")
        let run = try Sashell.run(["script.lua"], in: directory.url)
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        // Vocabulary: <0> <UNK> <SOS> <EOS> dull film fun great; "great fun film".
        #expect(lines.first == "3\t8\t0\t2 7 6 5 3", "\(run.stdout)")
        #expect(lines.dropFirst().first == "2\t3", "\(run.stdout)")
        #expect(run.stdout.contains("dataset mine: train 3; vocabulary 8\n  train: mine.tsv (tsv)"), "\(run.stdout)")
    }

    @Test func badInputIsAnErrorNotACrash() throws {
        let directory = try TemporaryDirectory()
        try directory.write("text\tlabel\nhello\tmaybe\n", to: "bad.tsv")
        let run = try Sashell.run(["-e", "sa.dataset{train='bad.tsv'}"], in: directory.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("bad.tsv:2: label 'maybe' is not 0 or 1"), "\(run.stderr)")
    }

    @Test func missingDataNamesThePathsTried() throws {
        let directory = try TemporaryDirectory()
        let run = try Sashell.run(["-e", "sa.dataset('sst')"],
                                  environment: ["SASHELL_DATA": "", "HOME": directory.url.path, "XDG_DATA_HOME": ""],
                                  in: directory.url)
        #expect(run.status == 1)
        #expect(run.stderr.contains("cannot find sst; tried:"), "\(run.stderr)")
        #expect(run.stderr.contains(directory.url.path + "/data/sst"), "\(run.stderr)")
        #expect(run.stderr.contains("SASHELL_DATA"), "\(run.stderr)")
    }

    @Test func helpOnDataset() throws {
        let run = try Sashell.run(["-e", "help(sa.dataset)"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("sa.dataset(name"), "\(run.stdout)")
        #expect(run.stdout.contains("sa.dataset{train=path"))
    }
}
