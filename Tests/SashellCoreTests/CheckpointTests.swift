import Autodiff
import Foundation
import JSON
@testable import SashellCore
import TestSupport
import Testing

/// Checkpoints: save and load round trips that keep every bit, a file built by hand from the
/// safetensors spec byte for byte, and a clear error naming the file for every way a file can be wrong.
@Suite struct CheckpointTests {
    /// Three examples of different lengths over a vocabulary of 12 ids.
    static let examples = [[5, 6, 7, 8, 9], [10, 4], [11, 6, 5, 7]].enumerated().map { i, tokens in
        Example(id: "\(i)", text: "", label: i % 2, ids: [2] + tokens.map(Int32.init) + [3], tokenizer: .space)
    }

    static func vocabulary(_ count: Int) -> Vocabulary {
        try! Vocabulary(words: Vocabulary.specials + (4..<count).map { "w\($0)" })
    }

    /// A small model whose weights are all redrawn from another seed, so that a loaded model
    /// cannot pass by being rebuilt from the config's seed alone.
    static func model(_ encoder: ModelConfig.EncoderKind, _ attention: AttentionKind, _ projection: Projection,
                      embedding: Int = 6, preNorm: Bool = false, trainEmbeddings: Bool = true, seed: UInt64 = 3) -> Classifier {
        var config = ModelTests.config(encoder, attention, projection, embedding: embedding, preNorm: preNorm, seed: seed)
        config.trainEmbeddings = trainEmbeddings
        let model = Classifier(config: config)
        var generator = RandomGenerator(seed: 99)
        for (_, variable) in model.parameters {
            variable.assign(.normal(variable.value.shape, std: 0.5, generator: &generator))
        }
        return model
    }

    static func bits(_ tensor: Tensor) -> [UInt32] { tensor.scalars.map(\.bitPattern) }

    /// Loading `path` fails with a `CheckpointError` naming the file whose problem mentions `phrase`.
    static func expectError(loading path: String, _ phrase: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try Classifier.load(from: path)
            Issue.record("\(path) loaded, expected an error about '\(phrase)'", sourceLocation: sourceLocation)
        } catch let error as CheckpointError {
            #expect(error.path == path, sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix(path + ": "), sourceLocation: sourceLocation)
            #expect(error.problem.contains(phrase), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("not a CheckpointError: \(error)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Round trips

    static let roundTrips: [(ModelConfig.EncoderKind, AttentionKind, Projection, Int, Bool, Bool, UInt64)] = [
        (.lstm, .additive, .sparsemax, 6, false, true, 3),
        (.lstm, .dot, .sparsegen(lambda: 0.3), 5, false, false, 1 << 60 + 1),
        (.transformer, .dot, .softmax, 6, false, true, 3),
        (.transformer, .deep, .gumbel(tau: 0.7, seed: 1 << 62 + 5), 4, true, false, 11),
        (.transformer, .additive, .entmax(alpha: 1.5), 6, true, true, 0),
    ]

    @Test(arguments: roundTrips.indices)
    func roundTripKeepsEveryBit(_ index: Int) throws {
        let (encoder, attention, projection, embedding, preNorm, trainEmbeddings, seed) = Self.roundTrips[index]
        let model = Self.model(encoder, attention, projection, embedding: embedding, preNorm: preNorm,
                               trainEmbeddings: trainEmbeddings, seed: seed)
        let scratch = try ScratchDirectory()
        let path = scratch.path + "/model.safetensors"
        let history: JSONValue = ["epochs": [["loss": 0.693, "accuracy": 0.5], ["loss": 0.25, "accuracy": 1]], "best": 2]
        let extra: [String: JSONValue] = ["dataset": "sst", "notes": ["a", 1, true, nil]]
        try model.save(to: path, vocabulary: Self.vocabulary(12), tokenizer: .keras, history: history, extra: extra)

        let loaded = try Classifier.load(from: path)
        #expect(loaded.model.config == model.config)
        #expect(loaded.vocabulary.words == Self.vocabulary(12).words)
        #expect(loaded.tokenizer == .keras)
        #expect(loaded.history == history)
        #expect(loaded.extra == extra)
        #expect(loaded.sashellVersion == sashellVersion)
        #expect(loaded.formatVersion == Checkpoint.formatVersion)

        let saved = model.parameters, restored = loaded.model.parameters
        #expect(saved.map(\.name) == restored.map(\.name))
        for ((name, before), (_, after)) in zip(saved, restored) {
            #expect(after.value.shape == before.value.shape, "\(name)")
            #expect(Self.bits(after.value) == Self.bits(before.value), "\(name)")
            #expect(after.requiresGrad == before.requiresGrad, "\(name)")
        }
        #expect(loaded.model.parameters[0].variable.requiresGrad == trainEmbeddings)
        #expect(loaded.model.trainableCount == model.trainableCount)

        let batch = Batch(Self.examples)
        let logits = model.forward(batch).logits.value, reloaded = loaded.model.forward(batch).logits.value
        #expect(Self.bits(reloaded) == Self.bits(logits))
        #expect(Self.bits(loaded.model.forward(batch).attention.value) == Self.bits(model.forward(batch).attention.value))

        // The tensors sit under the PyTorch names, as a safetensors reader sees them.
        let file = try Safetensors.read(from: path)
        #expect(Set(file.tensors.keys) == Set(saved.map(\.name)))
        #expect(file.metadata["format"] == "sashell.classifier")
        #expect(file.metadata["format_version"] == "1")
    }

    @Test func historyIsOptionalAndSavingReplacesAtomically() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path + "/model.safetensors"
        try Self.model(.lstm, .additive, .softmax).save(to: path, vocabulary: Self.vocabulary(12), tokenizer: .space,
                                                         history: ["epochs": 3])
        try Self.model(.lstm, .additive, .softmax, seed: 4).save(to: path, vocabulary: Self.vocabulary(12), tokenizer: .lower)
        let loaded = try Classifier.load(from: path)
        #expect(loaded.history == JSONValue?.none)  // (a bare nil would be JSONValue.null)
        #expect(loaded.tokenizer == .lower)
        #expect(loaded.model.config.seed == 4)
        #expect(loaded.extra.isEmpty)
        // No temporary file is left beside the checkpoint.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["model.safetensors"])
    }

    @Test func configJSON() throws {
        var config = ModelConfig(vocabularySize: 20000)
        config.encoder = .transformer
        config.projection = .sparsegen(lambda: 0.3)
        #expect(try config.json.canonicalText() == #"{"attention":"additive","embedding_dimension":300,"encoder":"transformer","feed_forward":512,"hidden":128,"layers":2,"pre_norm":false,"projection":{"lambda":0.3,"name":"sparsegen"},"seed":0,"train_embeddings":true,"vocabulary_size":20000}"#)
        for projection: Projection in [.softmax, .sparsemax, .uniform, .sparsegen(lambda: -0.7), .entmax(alpha: 1.1),
                                       .gumbel(tau: 0.1, seed: .max)] {
            config.projection = projection
            config.seed = .max - 3
            let text = try config.json.canonicalText()
            #expect(try ModelConfig(json: JSONValue.parse(text)) == config, "\(text)")
        }
        // Seeds beyond 2^53 are written as strings, which a Double would round.
        #expect(try config.json.canonicalText().contains(#""seed":"18446744073709551612""#))
        // The token scale is written only when it is not 1, as files from before it read.
        var scaled = config
        scaled.embeddingScale = 11.5
        let scaledText = try scaled.json.canonicalText()
        let plainText = try config.json.canonicalText()
        #expect(scaledText.contains(#""embedding_scale":11.5,"#) && !plainText.contains("embedding_scale"))
        #expect(try ModelConfig(json: JSONValue.parse(scaledText)) == scaled)

        let bad: [(String, String)] = [
            (#"[1]"#, "must be a JSON object"),
            (#"{"vocabulary_size":12}"#, "has no 'embedding_dimension'"),
            (try config.json.canonicalText().replacingOccurrences(of: #""hidden":128"#, with: #""hidden":128,"heads":4"#), "unknown key 'heads'"),
            (try config.json.canonicalText().replacingOccurrences(of: #""hidden":128"#, with: #""hidden":1.5"#), "config.hidden must be an integer"),
            (try config.json.canonicalText().replacingOccurrences(of: #""hidden":128"#, with: #""hidden":0"#), "sizes must be positive"),
            (try config.json.canonicalText().replacingOccurrences(of: #""encoder":"transformer""#, with: #""encoder":"gru""#), "config.encoder must be one of lstm, transformer"),
            (try config.json.canonicalText().replacingOccurrences(of: #""hidden":128"#, with: #""hidden":128,"embedding_scale":"big""#), "config.embedding_scale must be a number"),
            (try config.json.canonicalText().replacingOccurrences(of: #""hidden":128"#, with: #""hidden":128,"embedding_scale":-2"#), "embedding_scale must be a finite positive number"),
            (#"{"attention":"dot","embedding_dimension":4,"encoder":"lstm","feed_forward":8,"hidden":2,"layers":1,"pre_norm":false,"projection":{"name":"entmax"},"seed":0,"train_embeddings":true,"vocabulary_size":9}"#, "entmax needs a number 'alpha'"),
            (#"{"attention":"dot","embedding_dimension":4,"encoder":"lstm","feed_forward":8,"hidden":2,"layers":1,"pre_norm":false,"projection":{"name":"entmax","alpha":0.5},"seed":0,"train_embeddings":true,"vocabulary_size":9}"#, "alpha must be >= 1"),
            (#"{"attention":"dot","embedding_dimension":4,"encoder":"lstm","feed_forward":8,"hidden":2,"layers":1,"pre_norm":false,"projection":{"name":"softmax","tau":1},"seed":0,"train_embeddings":true,"vocabulary_size":9}"#, "softmax has no parameter 'tau'"),
            (#"{"attention":"dot","embedding_dimension":4,"encoder":"lstm","feed_forward":8,"hidden":2,"layers":1,"pre_norm":false,"projection":{"name":"softmax"},"seed":-1,"train_embeddings":true,"vocabulary_size":9}"#, "config.seed must be a non-negative integer"),
        ]
        for (text, phrase) in bad {
            #expect {
                try ModelConfig(json: JSONValue.parse(text))
            } throws: { error in
                "\(error)".contains(phrase)
            }
        }
    }

    // MARK: A file built from the spec by hand

    /// The tiny model of the fixture: V = 5, E = 2, a BiLSTM of 1 unit per direction, additive
    /// attention (H = 2 → 1), frozen embeddings. Its tensors by sorted name, each filled with
    /// k + j/4 - 3 for the k-th tensor's j-th scalar (all exact in binary).
    static let fixtureTensors: [(name: String, shape: [Int])] = [
        ("attention.attn1.bias", [1]), ("attention.attn1.weight", [1, 2]), ("attention.attn2.weight", [1, 1]),
        ("decoder.bias", [1]), ("decoder.weight", [1, 2]), ("embedding.weight", [5, 2]),
        ("encoder.rnn.bias_hh_l0", [4]), ("encoder.rnn.bias_hh_l0_reverse", [4]),
        ("encoder.rnn.bias_ih_l0", [4]), ("encoder.rnn.bias_ih_l0_reverse", [4]),
        ("encoder.rnn.weight_hh_l0", [4, 1]), ("encoder.rnn.weight_hh_l0_reverse", [4, 1]),
        ("encoder.rnn.weight_ih_l0", [4, 2]), ("encoder.rnn.weight_ih_l0_reverse", [4, 2]),
    ]

    static func fixtureScalars(_ k: Int, _ shape: [Int]) -> [Float] {
        (0..<shape.reduce(1, *)).map { Float(k) + Float($0) / 4 - 3 }
    }

    static let fixtureMetadata = #"""
    "__metadata__":{"config":"{\"attention\":\"additive\",\"embedding_dimension\":2,\"encoder\":\"lstm\",\"feed_forward\":512,\"hidden\":1,\"layers\":2,\"pre_norm\":false,\"projection\":{\"name\":\"softmax\"},\"seed\":7,\"train_embeddings\":false,\"vocabulary_size\":5}","format":"sashell.classifier","format_version":"1","history":"{\"loss\":[0.5,0.25]}","sashell_version":"0.1.0","tokenizer":"space","vocabulary":"[\"<0>\",\"<UNK>\",\"<SOS>\",\"<EOS>\",\"good\"]"}
    """#

    /// The safetensors bytes of the fixture, from the spec: the header's length as 8 little-endian
    /// bytes, the JSON header (padded with spaces to a multiple of 8), then the scalars of each
    /// tensor in turn as little-endian IEEE 754 binary32. `spaced` writes the header as a
    /// different writer might: other key order, spaces after separators.
    static func fixtureBytes(spaced: Bool = false) -> [UInt8] {
        var entries = [fixtureMetadata]
        var data: [UInt8] = []
        for (k, (name, shape)) in fixtureTensors.enumerated() {
            let begin = data.count
            for scalar in fixtureScalars(k, shape) {
                let bits = scalar.bitPattern
                data += [UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 24)]
            }
            let dims = shape.map(String.init).joined(separator: spaced ? ", " : ",")
            entries.append(spaced
                ? #""\#(name)": {"data_offsets": [\#(begin), \#(data.count)], "shape": [\#(dims)], "dtype": "F32"}"#
                : #""\#(name)":{"dtype":"F32","shape":[\#(dims)],"data_offsets":[\#(begin),\#(data.count)]}"#)
        }
        if spaced { entries.reverse() }
        var header = Array("{\(entries.joined(separator: spaced ? ", " : ","))}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        let length = UInt64(header.count)
        return (0..<8).map { UInt8(length >> (8 * $0) & 0xFF) } + header + data
    }

    static func fixtureModel() -> Classifier {
        var config = ModelConfig(vocabularySize: 5)
        config.embeddingDimension = 2
        config.hidden = 1
        config.trainEmbeddings = false
        config.seed = 7
        let model = Classifier(config: config)
        let byName = Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, $0.variable) })
        #expect(byName.count == fixtureTensors.count)
        for (k, (name, shape)) in fixtureTensors.enumerated() {
            byName[name]!.assign(Tensor(shape: shape, scalars: fixtureScalars(k, shape)))
        }
        return model
    }

    static let fixtureVocabulary = try! Vocabulary(words: Vocabulary.specials + ["good"])

    @Test func writerProducesTheSpecBytes() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path + "/tiny.safetensors"
        try Self.fixtureModel().save(to: path, vocabulary: Self.fixtureVocabulary, tokenizer: .space, history: ["loss": [0.5, 0.25]])
        let written = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let expected = Self.fixtureBytes()
        #expect(written.count == expected.count)
        #expect(written == expected, "\(String(decoding: written.prefix(1200), as: UTF8.self))")
        // The first bytes, spelt out: the header length, then '{"__metadata__"'.
        let headerLength = Int(expected[0]) | Int(expected[1]) << 8
        #expect(written[2..<8].allSatisfy { $0 == 0 } && headerLength % 8 == 0)
        #expect(String(decoding: written[8..<23], as: UTF8.self) == #"{"__metadata__""#)
        #expect(written.count == 8 + headerLength + 4 * (2 + 1 + 1 + 1 + 2 + 10 + 4 * 4 + 4 * 2 + 8 * 2))
    }

    @Test(arguments: [false, true])
    func readerLoadsTheSpecBytes(_ spaced: Bool) throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path + "/tiny.safetensors"
        try Data(Self.fixtureBytes(spaced: spaced)).write(to: URL(fileURLWithPath: path))
        let loaded = try Classifier.load(from: path)
        let expected = Self.fixtureModel()
        #expect(loaded.model.config == expected.config)
        #expect(loaded.model.config.trainEmbeddings == false && !loaded.model.parameters[0].variable.requiresGrad)
        #expect(loaded.vocabulary.words == ["<0>", "<UNK>", "<SOS>", "<EOS>", "good"])
        #expect(loaded.tokenizer == .space)
        #expect(loaded.history == ["loss": [0.5, 0.25]])
        #expect(loaded.sashellVersion == "0.1.0")
        let byName = Dictionary(uniqueKeysWithValues: loaded.model.parameters.map { ($0.name, $0.variable.value) })
        for (k, (name, shape)) in Self.fixtureTensors.enumerated() {
            #expect(byName[name]?.shape == shape, "\(name)")
            #expect(byName[name]?.scalars == Self.fixtureScalars(k, shape), "\(name)")
        }
    }

    // MARK: Errors

    /// A valid checkpoint of the fixture model in `scratch`, and its tensors and metadata.
    static func saved(in scratch: ScratchDirectory) throws -> (path: String, tensors: [String: Tensor], metadata: [String: String]) {
        let path = scratch.path + "/good.safetensors"
        try fixtureModel().save(to: path, vocabulary: fixtureVocabulary, tokenizer: .space)
        let (tensors, metadata) = try Safetensors.read(from: path)
        return (path, tensors, metadata)
    }

    @Test func truncatedAndGarbageFiles() throws {
        let scratch = try ScratchDirectory()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.saved(in: scratch).path)))
        let headerEnd = 8 + Int(bytes[0]) + Int(bytes[1]) << 8
        let cuts: [(Int, String)] = [
            (0, "file too short"), (5, "file too short"), (8, "header length"), (100, "header length"),
            (headerEnd, "past the 0 bytes of data"), (headerEnd + 10, "past the 10 bytes of data"), (bytes.count - 1, "past the"),
        ]
        for (count, phrase) in cuts {
            let path = scratch.path + "/cut-\(count).safetensors"
            try Data(bytes.prefix(count)).write(to: URL(fileURLWithPath: path))
            Self.expectError(loading: path, phrase)
        }

        var generator = RandomGenerator(seed: 5)
        let noise = (0..<4096).map { _ in UInt8(generator.next() & 0xFF) }
        let garbage: [(String, [UInt8], String)] = [
            ("noise", noise, "header length"),
            ("small-length", [16, 0, 0, 0, 0, 0, 0, 0] + Array(noise.prefix(64)), "header is not a JSON object"),
            ("text", Array("this is not a model at all, just some text".utf8), "header length"),
            ("json", [2, 0, 0, 0, 0, 0, 0, 0] + Array("[]".utf8), "header is not a JSON object"),
        ]
        for (name, content, phrase) in garbage {
            let path = scratch.path + "/\(name).safetensors"
            try Data(content).write(to: URL(fileURLWithPath: path))
            Self.expectError(loading: path, phrase)
        }
        Self.expectError(loading: scratch.path + "/absent.safetensors", "cannot read the file")
        Self.expectError(loading: scratch.path, "cannot read the file")
    }

    /// Rewrites the fixture's checkpoint with its tensors and metadata changed by `change`, and
    /// expects loading it to fail about `phrase`.
    static func expectError(_ phrase: String, sourceLocation: SourceLocation = #_sourceLocation,
                            change: (inout [String: Tensor], inout [String: String]) -> Void) throws {
        let scratch = try ScratchDirectory()
        var (path, tensors, metadata) = try saved(in: scratch)
        change(&tensors, &metadata)
        try Safetensors.write(tensors, metadata: metadata, to: path)
        expectError(loading: path, phrase, sourceLocation: sourceLocation)
    }

    @Test func wrongTensors() throws {
        try Self.expectError("no tensor 'decoder.bias'") { tensors, _ in tensors["decoder.bias"] = nil }
        try Self.expectError("no tensor 'embedding.weight'") { tensors, _ in tensors["embedding.weight"] = nil }
        try Self.expectError("a tensor 'encoder.rnn.weight_ih_l1' that a BiLSTM") { tensors, _ in
            tensors["encoder.rnn.weight_ih_l1"] = Tensor(shape: [4, 2], scalars: Array(repeating: 0, count: 8))
        }
        try Self.expectError("tensor 'decoder.weight' has shape [2, 1], but a BiLSTM (embedding 2, hidden 1 per direction) + additive attention model needs [1, 2]") { tensors, _ in
            tensors["decoder.weight"] = Tensor(shape: [2, 1], scalars: [1, 2])
        }
        try Self.expectError("tensor 'embedding.weight' has shape [5, 3]") { tensors, _ in
            tensors["embedding.weight"] = Tensor(shape: [5, 3], scalars: Array(repeating: 0, count: 15))
        }
        // A config that claims a far larger model than the file holds is refused before it is built.
        try Self.expectError("the config describes a model of about") { _, metadata in
            metadata["config"] = metadata["config"]!.replacingOccurrences(of: #""hidden":1"#, with: #""hidden":1024"#)
                .replacingOccurrences(of: #""encoder":"lstm""#, with: #""encoder":"transformer""#)
                .replacingOccurrences(of: #""layers":2"#, with: #""layers":8"#)
        }
        // One beyond what any model may be is refused as a config.
        try Self.expectError("the model would have about") { _, metadata in
            metadata["config"] = metadata["config"]!.replacingOccurrences(of: #""hidden":1"#, with: #""hidden":4096"#)
                .replacingOccurrences(of: #""encoder":"lstm""#, with: #""encoder":"transformer""#)
                .replacingOccurrences(of: #""layers":2"#, with: #""layers":64"#)
        }
    }

    @Test func wrongMetadata() throws {
        try Self.expectError("not a sashell checkpoint (its safetensors metadata has no 'format')") { _, metadata in metadata = [:] }
        try Self.expectError("its format is 'pytorch'") { _, metadata in metadata["format"] = "pytorch" }
        try Self.expectError("format version 2, from a newer sashell") { _, metadata in metadata["format_version"] = "2" }
        try Self.expectError("format_version is 'one'") { _, metadata in metadata["format_version"] = "one" }
        try Self.expectError("format_version is missing") { _, metadata in metadata["format_version"] = nil }
        try Self.expectError("the checkpoint's 'config' is not valid JSON") { _, metadata in metadata["config"] = "{\"hidden\": " }
        try Self.expectError("the checkpoint's config is invalid: config has no 'seed'") { _, metadata in
            metadata["config"] = metadata["config"]!.replacingOccurrences(of: #","seed":7"#, with: "")
        }
        try Self.expectError("the checkpoint's metadata has no 'config'") { _, metadata in metadata["config"] = nil }
        try Self.expectError("the vocabulary holds 6 words but the config's vocabulary_size is 5") { _, metadata in
            metadata["vocabulary"] = #"["<0>","<UNK>","<SOS>","<EOS>","good","bad"]"#
        }
        try Self.expectError("the checkpoint's vocabulary is invalid: a vocabulary must start with") { _, metadata in
            metadata["vocabulary"] = #"["good","<0>","<UNK>","<SOS>","<EOS>"]"#
        }
        try Self.expectError("the checkpoint's vocabulary is not a JSON array of strings") { _, metadata in
            metadata["vocabulary"] = #"["<0>","<UNK>","<SOS>","<EOS>",5]"#
        }
        try Self.expectError("the checkpoint's tokenizer 'bpe' is not one of space, whitespace, lower, keras") { _, metadata in
            metadata["tokenizer"] = "bpe"
        }
        try Self.expectError("the checkpoint's 'history' is not valid JSON") { _, metadata in metadata["history"] = "[1," }
    }

    @Test func savingRefusesWhatItCannotWrite() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path + "/model.safetensors"
        let model = Self.fixtureModel()
        let cases: [(() throws -> Void, String)] = [
            ({ try model.save(to: path, vocabulary: Self.vocabulary(6), tokenizer: .space) }, "the vocabulary holds 6 words but the model embeds 5"),
            ({ try model.save(to: path, vocabulary: Self.fixtureVocabulary, tokenizer: .space, extra: ["config": 1]) }, "'config' is reserved"),
            ({ try model.save(to: path, vocabulary: Self.fixtureVocabulary, tokenizer: .space, history: ["loss": .number(.nan)]) }, "history.loss is nan"),
            ({ try model.save(to: scratch.path + "/absent/model.safetensors", vocabulary: Self.fixtureVocabulary, tokenizer: .space) }, "cannot create a temporary file"),
        ]
        for (save, phrase) in cases {
            #expect {
                try save()
            } throws: { error in
                (error as? CheckpointError).map { $0.problem.contains(phrase) && $0.description.hasPrefix($0.path + ": ") } ?? false
            }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
