import Autodiff
import Foundation
@testable import SashellCore
import TestSupport
import Testing

/// A researcher's own data, word vectors and batching, on small fixtures written here.
@Suite struct DataCustomTests {
    let scratch: ScratchDirectory

    init() throws {
        scratch = try ScratchDirectory()
    }

    @Test func tsvWithMappedLabels() throws {
        let train = try scratch.write("train.tsv", """
            sentiment\ttext
            pos\tGreat film , great cast
            neg\tdull film
            pos\tgreat
            neg\t   
            neg\tdull and long
            """)
        let test = try scratch.write("test.tsv", "sentiment\ttext\npos\tgreat unseen film\n")
        var options = CustomDatasetOptions(train: train)
        options.test = test
        options.labelField = "sentiment"
        options.labels = ["pos": 1, "neg": 0]
        options.tokenizer = .lower
        options.minCount = 2
        options.devFraction = 0
        let dataset = try Dataset(custom: options)
        // Named after the folder, as the file is named after its split.
        #expect(dataset.name == URL(fileURLWithPath: scratch.path).lastPathComponent)
        #expect(dataset.version == nil)
        // The whitespace-only text has no tokens and is skipped.
        #expect(dataset.train.examples.map(\.label) == [1, 0, 1, 0])
        #expect(dataset.provenance.contains { $0.contains("1 texts without tokens skipped") })
        // Words of at least two training examples, in code-point order after the specials.
        #expect(dataset.vocabulary.words == Vocabulary.specials + ["dull", "film", "great"])
        let example = try #require(dataset.test?.examples.first)
        #expect(example.tokens == ["great", "unseen", "film"])
        #expect(example.ids == [2, 6, 1, 5, 3])
        #expect(example.id == "test.tsv:2")
        #expect(dataset.dev == nil)
    }

    @Test func jsonlAndCsvAgree() throws {
        let rows = [("a b", 1), ("b c", 0), ("c d, e", 1), ("d", 0)]
        let jsonl = try scratch.writeGzip("data.jsonl.gz", rows.map { #"{"text": "\#($0.0)", "label": \#($0.1)}"# }.joined(separator: "\n"))
        let csv = try scratch.write("data.csv", "label,text\n" + rows.map { "\($0.1),\"\($0.0)\"" }.joined(separator: "\n"))
        var a = CustomDatasetOptions(train: jsonl)
        a.devFraction = 0
        var b = CustomDatasetOptions(train: csv)
        b.devFraction = 0
        let (x, y) = (try Dataset(custom: a), try Dataset(custom: b))
        #expect(x.train.examples.map(\.ids) == y.train.examples.map(\.ids))
        #expect(x.train.examples.map(\.text) == rows.map(\.0))
        #expect(x.vocabulary.words == y.vocabulary.words)
    }

    @Test func heldOutDevIsFittedOut() throws {
        let lines = (0..<40).map { #"{"text": "w\#($0) shared", "label": \#($0 % 2)}"# }
        var options = CustomDatasetOptions(train: try scratch.write("d.jsonl", lines.joined(separator: "\n")))
        options.seed = 3
        let dataset = try Dataset(custom: options)
        #expect(dataset.train.count == 32 && dataset.dev?.count == 8)
        #expect(dataset.dev!.statistics.positives == 4)
        // The vocabulary is fitted after holding out dev: dev's own words are unknown.
        for example in dataset.dev!.examples {
            #expect(example.ids[1] == Vocabulary.unknown)
        }
        #expect(dataset.vocabulary.count == 4 + 32 + 1)
    }

    @Test func errorsNameFileAndLine() throws {
        let bad = try scratch.write("bad.jsonl", "{\"text\": \"ok\", \"label\": 1}\n{\"text\": \"x\", \"label\": \"positive\"}\n")
        #expect(throws: DataError("\(bad):2: label 'positive' is not 0 or 1 (the models are binary classifiers; map labels to 0 and 1 with labels={...})")) {
            try Dataset(custom: CustomDatasetOptions(train: bad))
        }
        let three = try scratch.write("three.csv", "text,label\na,2\n")
        #expect(throws: DataError("\(three):2: label '2' is not 0 or 1 (the models are binary classifiers; map labels to 0 and 1 with labels={...})")) {
            try Dataset(custom: CustomDatasetOptions(train: three))
        }
        let noText = try scratch.write("n.csv", "body,label\na,1\n")
        #expect(throws: DataError("\(noText):2: no field 'text' (fields: body, label; choose one with text=)")) {
            try Dataset(custom: CustomDatasetOptions(train: noText))
        }
        let number = try scratch.write("n.jsonl", "{\"text\": 5, \"label\": 1}")
        #expect(throws: DataError("\(number):1: field 'text' must be a string, got a number")) {
            try Dataset(custom: CustomDatasetOptions(train: number))
        }
        var unmapped = CustomDatasetOptions(train: try scratch.write("m.tsv", "text\tlabel\na\tpos\nb\tneutral\n"))
        unmapped.labels = ["pos": 1, "neg": 0]
        #expect(throws: DataError("\(unmapped.train):3: label 'neutral' is not in labels={neg, pos}")) {
            try Dataset(custom: unmapped)
        }
        let unknown = try scratch.write("data.txt", "x")
        #expect(throws: DataError("cannot tell the format of \(unknown) from its name; pass format=\"jsonl\", \"csv\" or \"tsv\"")) {
            try Dataset(custom: CustomDatasetOptions(train: unknown))
        }
    }

    @Test func wordVectorsAlignWithTheVocabulary() throws {
        let vocabulary = try Vocabulary(words: Vocabulary.specials + ["cat", "dog", "emu"])
        let text = "4 3\ncat 1 2 3\nzebra 9 9 9\ndog -1.5e0 0.25 4 \ncat 7 7 7\n"
        for path in [try scratch.write("v.vec", text), try scratch.writeGzip("v.vec.gz", text),
                     try scratch.write("glove.txt", text.split(separator: "\n").dropFirst().joined(separator: "\n"))] {
            let vectors = try WordVectors(path: path, vocabulary: vocabulary, seed: 1)
            #expect(vectors.dimension == 3)
            #expect(vectors.found == 2 && vectors.vocabularyWords == 3)
            #expect(abs(vectors.coverage - 2.0 / 3) < 1e-12)
            let rows = (0..<7).map { Array(vectors.matrix.scalars[$0 * 3..<$0 * 3 + 3]) }
            #expect(rows[0] == [0, 0, 0])
            #expect(rows[4] == [1, 2, 3])  // the first line for a word wins
            #expect(rows[5] == [-1.5, 0.25, 4])
            // emu and the specials get seeded random rows on the vectors' own scale.
            let loaded: [Double] = [1, 2, 3, -1.5, 0.25, 4]
            let mean = loaded.reduce(0, +) / 6
            let sd = (loaded.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 6).squareRoot()
            #expect(abs(Double(vectors.randomScale) - sd) < 1e-6)
            #expect(rows[6] != [0, 0, 0] && rows[1] != rows[2])
            #expect(try WordVectors(path: path, vocabulary: vocabulary, seed: 1).matrix == vectors.matrix)
            #expect(try WordVectors(path: path, vocabulary: vocabulary, seed: 2).matrix != vectors.matrix)
        }
    }

    @Test func wordVectorErrors() throws {
        let vocabulary = try Vocabulary(words: Vocabulary.specials + ["cat"])
        let ragged = try scratch.write("r.vec", "cat 1 2\ndog 1\n")
        #expect(throws: DataError("\(ragged):2: 1 values, expected 2 (is this a word-vector text file?)")) {
            try WordVectors(path: ragged, vocabulary: vocabulary, seed: 0)
        }
        let nan = try scratch.write("n.vec", "2 2\ncat 1 nan\n")
        #expect(throws: DataError("\(nan):2: 'nan' is not a finite number")) {
            try WordVectors(path: nan, vocabulary: vocabulary, seed: 0)
        }
        let empty = try scratch.write("e.vec", "")
        #expect(throws: DataError("\(empty): no vectors")) { try WordVectors(path: empty, vocabulary: vocabulary, seed: 0) }
        // A header alone does not fix the dimension (it could claim any size).
        let header = try scratch.write("h.vec", "1 100000000000\n")
        #expect(throws: DataError("\(header): no vectors")) { try WordVectors(path: header, vocabulary: vocabulary, seed: 0) }
    }

    /// The README's coverage table for sst/vocab.json.
    @Test func sharedVectorsCoverage() throws {
        let sst = try builtin("sst")
        let glove = try WordVectors(path: sharedData + "/" + WordVectors.named["glove"]!, vocabulary: sst.vocabulary, seed: 0)
        #expect(glove.found == 13534 && glove.vocabularyWords == 13822 && glove.dimension == 50)
        #expect(glove.matrix.shape == [13826, 50])
        // GloVe's published first values for "the".
        let the = Int(sst.vocabulary.id("the")!)
        #expect(Array(glove.matrix.scalars[the * 50..<the * 50 + 3]) == [0.418, 0.24968, -0.41242])
    }

    @Test func trainingBatchesFollowJW() throws {
        let lengths = [3, 50, 7, 20, 20, 5, 9, 31, 2, 11, 40, 13]
        let split = Split(name: "train", examples: lengths.enumerated().map { i, n in
            Example(id: "\(i)", text: Array(repeating: "w", count: n).joined(separator: " "), label: i % 2,
                    ids: [2] + Array(repeating: 4, count: n) + [3], tokenizer: .space)
        })
        let batches = split.trainingBatches(size: 5, seed: 9, epoch: 1)
        #expect(batches.map(\.count).sorted() == [2, 5, 5])
        #expect(batches.flatMap(\.indices).sorted() == Array(0..<12))
        for batch in batches {
            #expect(batch.width == batch.lengths.max())
            #expect(batch.ids.count == batch.count * batch.width)
            for (row, index) in batch.indices.enumerated() {
                let ids = Array(batch.ids[row * batch.width..<(row + 1) * batch.width])
                #expect(Array(ids.prefix(batch.lengths[row])) == split.examples[index].ids)
                #expect(ids.dropFirst(batch.lengths[row]).allSatisfy { $0 == 0 })
                #expect(batch.labels[row] == Float(index % 2))
            }
            #expect(batch.mask.scalars.reduce(0, +) == Float(batch.lengths.reduce(0, +)))
        }
        // Same seed and epoch, same batches; another epoch, another order.
        #expect(split.trainingBatches(size: 5, seed: 9, epoch: 1).map(\.indices) == batches.map(\.indices))
        #expect((2...6).contains { split.trainingBatches(size: 5, seed: 9, epoch: $0).map(\.indices) != batches.map(\.indices) })
        // Without noise, batches are runs of the length order.
        let sorted = split.trainingBatches(size: 4, seed: 1, epoch: 1, noise: 0).map { $0.indices.map { lengths[$0] } }
        #expect(sorted.sorted { $0[0] < $1[0] } == [[2, 3, 5, 7], [9, 11, 13, 20], [20, 31, 40, 50]])
        #expect(split.inferenceBatches(size: 4).map { $0.indices.map { lengths[$0] } } == [[2, 3, 5, 7], [9, 11, 13, 20], [20, 31, 40, 50]])
    }

    /// J&W's noise moves a length n (in ids) by an integer in [floor(-0.1n), ceil(0.1n)): with
    /// two lengths far apart the order never changes, with equal lengths both orders occur.
    @Test func lengthNoiseBounds() throws {
        func split(_ lengths: [Int]) -> Split {
            Split(name: "t", examples: lengths.map { Example(id: "", text: "", label: 0, ids: Array(repeating: 4, count: $0), tokenizer: .space) })
        }
        let apart = split([100, 123])
        #expect((1...50).allSatisfy { apart.trainingBatches(size: 2, seed: UInt64($0), epoch: 1)[0].indices == [0, 1] })
        let equal = split([100, 100])
        let orders = Set((1...50).map { equal.trainingBatches(size: 2, seed: UInt64($0), epoch: 1)[0].indices })
        #expect(orders == [[0, 1], [1, 0]])
    }
}
