import Foundation
import SashellCore
import TestSupport
import Testing

/// The built-in datasets against the tables of ../shared/data/README.md: counts after J&W's
/// length filter, label balances, vocabulary sizes, and the length statistics J&W recorded.
@Suite struct DataBuiltinTests {
    /// (examples, label 0, label 1) of a split.
    func balance(_ split: Split?) -> [Int] {
        guard let statistics = split?.statistics else { return [] }
        return [statistics.count, statistics.negatives, statistics.positives]
    }

    @Test func sstBothVersions() throws {
        let current = try builtin("sst")
        #expect(balance(current.train) == [6355, 3034, 3321])
        #expect(balance(current.dev) == [821, 397, 424])
        #expect(balance(current.test) == [1725, 863, 862])
        #expect(current.vocabulary.count == 13826)
        // J&W's datastats/sst.txt: mean 18.704169944925255, std 8.082032597326135 over kept train.
        #expect(abs(current.train.statistics.meanLength - 18.704169944925255) < 1e-12)
        #expect(abs(current.train.statistics.standardDeviationLength - 8.082032597326135) < 1e-12)
        let paper = try builtin("sst", version: "paper2018")
        #expect(balance(paper.train) == [6355, 3034, 3321])
        #expect(balance(paper.test) == [1725, 863, 862])
        #expect(paper.dev?.count == 821)
        #expect(paper.vocabulary.count == 16175)
    }

    @Test func imdbBothVersions() throws {
        let current = try builtin("imdb")
        #expect(balance(current.train) == [17200, 8667, 8533])
        #expect(balance(current.dev) == [4297, 2187, 2110])
        #expect(balance(current.test) == [4356, 2184, 2172])
        #expect(current.vocabulary.count == 12487)
        #expect(current.test?.statistics.maxLength == 398)
        // paper2018 without a held-out dev is J&W's datastats/imdb.txt to every digit.
        let paper = try builtin("imdb", version: "paper2018", devFraction: 0)
        #expect(balance(paper.train) == [21497, 10854, 10643])
        #expect(paper.dev == nil)
        #expect(balance(paper.test) == [4356, 2184, 2172])
        #expect(paper.vocabulary.count == 13916)
        #expect(paper.train.statistics.minLength == 10 && paper.train.statistics.maxLength == 398)
        #expect(abs(paper.train.statistics.meanLength - 179.650974554589) < 1e-9)
        #expect(abs(paper.train.statistics.standardDeviationLength - 82.37233501121844) < 1e-9)
    }

    @Test func twentyNewsBothVersions() throws {
        let current = try builtin("20news")
        #expect(balance(current.train) == [1145, 568, 577])
        #expect(balance(current.dev) == [278, 140, 138])
        #expect(balance(current.test) == [357, 179, 178])
        #expect(current.vocabulary.count == 6515)
        let paper = try builtin("20news", version: "paper2018", devFraction: 0)
        #expect(balance(paper.train) == [1426, 716, 710])
        #expect(balance(paper.test) == [354, 171, 183])
        #expect(paper.vocabulary.count == 8853)
        #expect(paper.vocabulary.words[4] == "")
        #expect(paper.train.statistics.minLength == 7 && paper.train.statistics.maxLength == 496)
        #expect(abs(paper.train.statistics.meanLength - 115.54347826086956) < 1e-9)
        #expect(abs(paper.train.statistics.standardDeviationLength - 99.54542474620168) < 1e-9)
    }

    /// Without the filter, every line of the files (the README's per-file table).
    @Test func unfilteredCountsAreTheFileLines() throws {
        let sst = try builtin("sst", lengthFilter: false)
        #expect(balance(sst.train) == [6920, 3310, 3610])
        #expect(balance(sst.dev) == [872, 428, 444])
        #expect(balance(sst.test) == [1821, 912, 909])
        #expect(sst.test?.statistics.maxLength == 52)
        let news = try builtin("20news", version: "paper2018", lengthFilter: false, devFraction: 0)
        #expect(balance(news.train) == [1594, 795, 799])
        #expect(news.train.statistics.maxLength == 11907)
    }

    /// paper2018 IMDb and 20News have no dev: a stratified, seeded part of train is held out.
    @Test func heldOutDevIsStratifiedAndSeeded() throws {
        let a = try builtin("20news", version: "paper2018", seed: 7)
        #expect(balance(a.dev) == [285, 143, 142])
        #expect(balance(a.train) == [1141, 573, 568])
        let trainIDs = Set(a.train.examples.map(\.id))
        #expect(a.dev!.examples.allSatisfy { !trainIDs.contains($0.id) })
        #expect(a.provenance.contains { $0.contains("20% of train (285 of 1426, seed 7)") })
        let b = try builtin("20news", version: "paper2018", seed: 7)
        #expect(b.dev!.examples.map(\.id) == a.dev!.examples.map(\.id))
        let c = try builtin("20news", version: "paper2018", seed: 8)
        #expect(c.dev!.examples.map(\.id) != a.dev!.examples.map(\.id))
    }

    /// The first SST test sentence, encoded by hand from sst/vocab.json: J&W's
    /// [<SOS>] + ids + [<EOS>], with <UNK> for words not in the vocabulary.
    @Test func encodingOfKnownExamples() throws {
        let sst = try builtin("sst")
        let vocabulary = sst.vocabulary
        let first = try #require(sst.test?.examples.first)
        #expect(first.id.hasPrefix("test:"))
        #expect(first.tokens == first.text.split(separator: " ").map(String.init))
        #expect(first.ids.first == 2 && first.ids.last == 3)
        #expect(first.ids.count == first.tokens.count + 2)
        for (token, id) in zip(first.tokens, first.ids.dropFirst()) {
            #expect(id == vocabulary.id(token) ?? 1)
            #expect(vocabulary.word(Int(id)) == (id == 1 ? "<UNK>" : token))
        }
        // Test words unseen in train are <UNK> in the current version and known in paper2018,
        // whose vocabulary was fitted on every split.
        let unseen = sst.test!.examples.flatMap(\.tokens).first { vocabulary.id($0) == nil }
        let word = try #require(unseen)
        #expect(try builtin("sst", version: "paper2018").vocabulary.id(word) != nil)
        #expect(vocabulary.encode([word, "the"]) == [2, 1, vocabulary.id("the")!, 3])
    }

    /// Fitting on the training texts with J&W's min_df reproduces their vocabulary files.
    @Test func fittedVocabularyMatchesJW() throws {
        for (name, minCount) in [("sst", 1), ("20news", 2)] {
            let dataset = try builtin(name, lengthFilter: false)
            let fitted = Vocabulary(fittedOn: dataset.train.examples.map(\.tokens), minCount: minCount)
            #expect(fitted.words == dataset.vocabulary.words, "\(name)")
        }
    }

    @Test func errors() throws {
        var options = BuiltinDatasetOptions()
        options.dataDirectory = sharedData
        #expect(throws: DataError.self) { try Dataset(builtin: "mnist", options: options) }
        options.version = "2019"
        let version = #expect(throws: DataError.self) { try Dataset(builtin: "sst", options: options) }
        #expect(version?.description.contains("current, paper2018") == true)
        // A data directory given explicitly is the only one searched.
        let explicit = #expect(throws: DataError.self) {
            try DataDirectory.locate("imdb", explicit: "/nonexistent", layout: "DIR/imdb/", environment: ["SASHELL_DATA": sharedData])
        }
        #expect(explicit?.description.hasPrefix("cannot find imdb; tried:\n  /nonexistent/imdb (the data option)\nexpected layout: DIR/imdb/") == true)
        let missing = #expect(throws: DataError.self) {
            try DataDirectory.locate("imdb", explicit: nil, layout: "DIR/imdb/",
                                     environment: ["SASHELL_DATA": "/also/missing", "HOME": "/home/x"],
                                     currentDirectory: "/nowhere/checkout")
        }
        let message = missing?.description ?? ""
        #expect(message.contains("/also/missing/imdb ($SASHELL_DATA)"))
        #expect(message.contains("/nowhere/checkout/data/imdb (in the current directory)"))
        #expect(message.contains("/nowhere/shared/data/imdb (beside the current directory)"))
        #expect(message.contains("/home/x/.local/share/sashell/imdb ($XDG_DATA_HOME/sashell)"))
        #expect(message.contains("set SASHELL_DATA"))
    }
}
