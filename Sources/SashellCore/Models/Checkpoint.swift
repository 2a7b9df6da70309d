/// Model checkpoints: a trained `Classifier` with its vocabulary, tokenizer and training history,
/// in one safetensors file (`m:save(path)` / `sa.load(path)`).
///
/// # Layout
///
/// The file is plain safetensors (see `Safetensors`): an 8-byte little-endian header length, a
/// JSON header, then the tensors' raw little-endian Float32 scalars. Every tensor is `"F32"`,
/// laid out in the order of the sorted names, and named and shaped as PyTorch's modules name
/// and shape theirs (`Classifier.parameters`), so `safetensors.torch.load_file(path)` gives a
/// state dict:
///
///     embedding.weight                         [V, E]     nn.Embedding (row 0, padding, is zero)
///     encoder.rnn.weight_ih_l0                 [4h, E]    nn.LSTM(E, h, bidirectional=True), gates i, f, g, o
///     encoder.rnn.weight_hh_l0                 [4h, h]
///     encoder.rnn.bias_ih_l0, bias_hh_l0       [4h]
///     encoder.rnn.…_reverse                    the backward direction's four
///     encoder.input.weight, .bias              [d, E], [d]   Transformer only, when E ≠ d
///     encoder.layers.i.self_attn.in_proj_weight, in_proj_bias, out_proj.weight, out_proj.bias,
///       linear1.*, linear2.*, norm1.*, norm2.*   nn.TransformerEncoderLayer's
///     attention.attn1.weight, .bias, attention.attn2.weight (.attn3 for "deep"),
///       or attention.key.weight, .bias and attention.query [H] for "dot"
///     decoder.weight, decoder.bias             [1, H], [1]  nn.Linear (weights are out × in)
///
/// The header's `__metadata__` (a string-to-string map, as safetensors requires) holds:
///
///     format          "sashell.classifier"
///     format_version  "1" (a reader refuses a larger one: it was written by a newer sashell)
///     sashell_version the writer's version, e.g. "0.1.0"
///     config          canonical JSON (sorted keys, no spaces) of the `ModelConfig`:
///                     {"attention": "additive"|"dot"|"deep", "embedding_dimension": E,
///                      "encoder": "lstm"|"transformer", "feed_forward": n, "hidden": h,
///                      "layers": n, "pre_norm": bool, "projection": {"name": "softmax"|"sparsemax"|
///                      "uniform"} or {"name": "sparsegen", "lambda": x} or {"name": "entmax",
///                      "alpha": x} or {"name": "gumbel", "tau": x, "seed": n},
///                      "seed": n, "train_embeddings": bool, "vocabulary_size": V,
///                      and "embedding_scale": x only when a Transformer's is not 1}
///                     (seeds of 2^53 or more, which a JSON number cannot hold exactly, are
///                     written as decimal strings)
///     vocabulary      a JSON array of the V words, in id order: "<0>", "<UNK>", "<SOS>", "<EOS>", …
///     tokenizer       "space", "whitespace", "lower" or "keras"
///     history         canonical JSON of the training history (absent if there is none)
///     anything else   the caller's extra entries, each canonical JSON
///
/// Loading builds a `Classifier` of the stored config and gives each parameter the stored tensor
/// of its name; a missing or extra tensor, a shape that differs, or a vocabulary whose size is
/// not the embedding's rows is an error naming the file.
import Autodiff
import JSON

/// Constants of the checkpoint format.
public enum Checkpoint {
    /// The `format` metadata of a classifier checkpoint.
    public static let format = "sashell.classifier"
    /// The newest `format_version` this sashell writes and reads.
    public static let formatVersion = 1
    /// The metadata keys the checkpoint itself uses; extra entries cannot take them.
    public static let reservedKeys: Set<String> = [
        "format", "format_version", "sashell_version", "config", "vocabulary", "tokenizer", "history",
    ]
}

/// A checkpoint that cannot be written or read, naming the file and the problem.
public struct CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}

/// What a checkpoint holds: the model and everything needed to use it on new text.
public struct LoadedModel {
    public let model: Classifier
    public let vocabulary: Vocabulary
    public let tokenizer: Tokenizer
    /// The training history saved with the model, if any.
    public let history: JSONValue?
    /// The version of sashell that wrote the file.
    public let sashellVersion: String
    /// The file's `format_version`.
    public let formatVersion: Int
    /// The metadata entries that are not the checkpoint's own (each parsed as JSON if it is
    /// JSON, else kept as a string, for entries another tool added).
    public let extra: [String: JSONValue]
}

extension Classifier {
    /// Writes the model, `vocabulary`, `tokenizer`, the training `history` and the `extra`
    /// metadata entries to the safetensors file `path`, atomically (see the layout above).
    public func save(to path: String, vocabulary: Vocabulary, tokenizer: Tokenizer, history: JSONValue? = nil,
                     extra: [String: JSONValue] = [:]) throws {
        func fail(_ problem: String) -> CheckpointError { CheckpointError(path: path, problem: problem) }
        guard vocabulary.count == config.vocabularySize else {
            throw fail("the vocabulary holds \(vocabulary.count) words but the model embeds \(config.vocabularySize)")
        }
        if let reserved = extra.keys.filter(Checkpoint.reservedKeys.contains).sorted().first {
            throw fail("the extra metadata entry '\(reserved)' is reserved for the checkpoint itself")
        }
        var metadata: [String: String] = [
            "format": Checkpoint.format,
            "format_version": String(Checkpoint.formatVersion),
            "sashell_version": sashellVersion,
            "tokenizer": tokenizer.rawValue,
        ]
        do {
            metadata["config"] = try config.json.canonicalText(path: "config")
            metadata["vocabulary"] = try JSONValue.array(vocabulary.words.map(JSONValue.string)).canonicalText()
            if let history { metadata["history"] = try history.canonicalText(path: "history") }
            for (key, value) in extra { metadata[key] = try value.canonicalText(path: key) }
        } catch {
            throw fail("cannot save: \(error)")
        }
        var tensors: [String: Tensor] = [:]
        for (name, variable) in parameters {
            precondition(tensors.updateValue(variable.value, forKey: name) == nil, "two parameters named \(name)")
        }
        do {
            try Safetensors.write(tensors, metadata: metadata, to: path)
        } catch let error as SafetensorsError {
            throw fail(error.problem)
        }
    }

    /// Reads the checkpoint at `path` (written by `save(to:…)`, or by anyone following its layout).
    public static func load(from path: String) throws -> LoadedModel {
        func fail(_ problem: String) -> CheckpointError { CheckpointError(path: path, problem: problem) }
        let tensors: [String: Tensor], metadata: [String: String]
        do {
            (tensors, metadata) = try Safetensors.read(from: path)
        } catch let error as SafetensorsError {
            throw fail(error.problem)
        }

        guard let format = metadata["format"] else {
            throw fail("not a sashell checkpoint (its safetensors metadata has no 'format')")
        }
        guard format == Checkpoint.format else {
            throw fail("not a sashell classifier checkpoint (its format is '\(format)', not '\(Checkpoint.format)')")
        }
        guard let versionText = metadata["format_version"], let version = Int(versionText), version >= 1 else {
            throw fail("the checkpoint's format_version is \(metadata["format_version"].map { "'\($0)'" } ?? "missing"), not a positive integer")
        }
        guard version <= Checkpoint.formatVersion else {
            throw fail("the checkpoint has format version \(version), from a newer sashell; this sashell (\(sashellVersion)) reads versions up to \(Checkpoint.formatVersion)")
        }

        func json(_ key: String) throws -> JSONValue {
            guard let text = metadata[key] else { throw fail("the checkpoint's metadata has no '\(key)'") }
            do {
                return try JSONValue.parse(text)
            } catch {
                throw fail("the checkpoint's '\(key)' is not valid JSON (\(error))")
            }
        }
        let config: ModelConfig
        do {
            config = try ModelConfig(json: json("config"))
        } catch let error as DataError {
            throw fail("the checkpoint's config is invalid: \(error)")
        }
        guard case .array(let entries) = try json("vocabulary") else {
            throw fail("the checkpoint's vocabulary is not a JSON array of strings")
        }
        let words = entries.compactMap { if case .string(let word) = $0 { word } else { nil } }
        guard words.count == entries.count else { throw fail("the checkpoint's vocabulary is not a JSON array of strings") }
        let vocabulary: Vocabulary
        do {
            vocabulary = try Vocabulary(words: words)
        } catch {
            throw fail("the checkpoint's vocabulary is invalid: \(error)")
        }
        guard let tokenizerName = metadata["tokenizer"] else { throw fail("the checkpoint's metadata has no 'tokenizer'") }
        guard let tokenizer = Tokenizer(rawValue: tokenizerName) else {
            throw fail("the checkpoint's tokenizer '\(tokenizerName)' is not one of \(Tokenizer.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var history: JSONValue?
        if metadata["history"] != nil { history = try json("history") }

        // Check the embedding (the one tensor whose size the config does not bound) before
        // building anything, so that a config that lies cannot make us allocate a huge model.
        guard vocabulary.count == config.vocabularySize else {
            throw fail("the vocabulary holds \(vocabulary.count) words but the config's vocabulary_size is \(config.vocabularySize)")
        }
        guard let embedding = tensors["embedding.weight"] else { throw fail("the checkpoint has no tensor 'embedding.weight'") }
        guard embedding.shape == [config.vocabularySize, config.embeddingDimension] else {
            throw fail("tensor 'embedding.weight' has shape \(embedding.shape), but the config (vocabulary_size \(config.vocabularySize), embedding_dimension \(config.embeddingDimension)) needs [\(config.vocabularySize), \(config.embeddingDimension)]")
        }
        let stored = tensors.values.reduce(0) { $0 + $1.count }
        let described = config.scalarCountEstimate
        guard described <= Double(stored) + 0x1p24 else {
            throw fail("the config describes a model of about \(Int(described)) scalars but the file holds \(stored)")
        }

        let model = Classifier(config: config)
        let parameters = model.parameters
        let names = Set(parameters.map(\.name))
        if let missing = parameters.first(where: { tensors[$0.name] == nil }) {
            throw fail("the checkpoint has no tensor '\(missing.name)', which a \(config.summary) model needs")
        }
        if let extraName = tensors.keys.filter({ !names.contains($0) }).sorted().first {
            throw fail("the checkpoint has a tensor '\(extraName)' that a \(config.summary) model does not have")
        }
        for (name, variable) in parameters where tensors[name]!.shape != variable.value.shape {
            throw fail("tensor '\(name)' has shape \(tensors[name]!.shape), but a \(config.summary) model needs \(variable.value.shape)")
        }
        for (name, variable) in parameters { variable.assign(tensors[name]!) }

        var extra: [String: JSONValue] = [:]
        for (key, text) in metadata where !Checkpoint.reservedKeys.contains(key) {
            extra[key] = (try? JSONValue.parse(text)) ?? .string(text)
        }
        return LoadedModel(model: model, vocabulary: vocabulary, tokenizer: tokenizer, history: history,
                           sashellVersion: metadata["sashell_version"] ?? "unknown", formatVersion: version, extra: extra)
    }
}
