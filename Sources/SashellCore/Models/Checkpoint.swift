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
///                      "seed": n, "train_embeddings": bool, "vocabulary_size": V}
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

extension ModelConfig {
    /// The config as a JSON object with snake_case keys (the layout at the top of Checkpoint.swift);
    /// `init(json:)` reads it back to an equal config.
    public var json: JSONValue {
        var projectionFields: [String: JSONValue]
        switch projection {
        case .softmax: projectionFields = ["name": "softmax"]
        case .sparsemax: projectionFields = ["name": "sparsemax"]
        case .uniform: projectionFields = ["name": "uniform"]
        case .sparsegen(let lambda): projectionFields = ["name": "sparsegen", "lambda": Self.number(lambda)]
        case .entmax(let alpha): projectionFields = ["name": "entmax", "alpha": Self.number(alpha)]
        case .gumbel(let tau, let seed): projectionFields = ["name": "gumbel", "tau": Self.number(tau), "seed": Self.number(seed)]
        }
        return .object([
            "vocabulary_size": .number(Double(vocabularySize)),
            "embedding_dimension": .number(Double(embeddingDimension)),
            "train_embeddings": .bool(trainEmbeddings),
            "encoder": .string(encoder.rawValue),
            "hidden": .number(Double(hidden)),
            "layers": .number(Double(layers)),
            "feed_forward": .number(Double(feedForward)),
            "pre_norm": .bool(preNorm),
            "attention": .string(attention.rawValue),
            "projection": .object(projectionFields),
            "seed": Self.number(seed),
        ])
    }

    /// The config `json` describes (as `json` writes it: every key present, no others), or a
    /// `DataError` naming the first key that is missing, unknown or of the wrong kind, or the
    /// reason the config is invalid.
    public init(json: JSONValue) throws(DataError) {
        let fields = try Self.object(json, "config", keys: [
            "vocabulary_size", "embedding_dimension", "train_embeddings", "encoder", "hidden", "layers",
            "feed_forward", "pre_norm", "attention", "projection", "seed",
        ])
        self.init(vocabularySize: try Self.integer(fields, "vocabulary_size"))
        embeddingDimension = try Self.integer(fields, "embedding_dimension")
        trainEmbeddings = try Self.boolean(fields, "train_embeddings")
        encoder = try Self.choice(fields, "encoder")
        hidden = try Self.integer(fields, "hidden")
        layers = try Self.integer(fields, "layers")
        feedForward = try Self.integer(fields, "feed_forward")
        preNorm = try Self.boolean(fields, "pre_norm")
        attention = try Self.choice(fields, "attention")
        seed = try Self.seed(fields["seed"]!, "seed")

        guard case .object(let named) = fields["projection"]!, case .string(let name)? = named["name"] else {
            throw DataError("config.projection must be an object with a string 'name'")
        }
        func parameter(_ key: String) throws(DataError) -> Float {
            guard case .number(let value)? = named[key] else {
                throw DataError("config.projection: \(name) needs a number '\(key)'")
            }
            return Float(value)
        }
        let projectionKeys: Set<String>
        switch name {
        case "softmax": projection = .softmax; projectionKeys = ["name"]
        case "sparsemax": projection = .sparsemax; projectionKeys = ["name"]
        case "uniform": projection = .uniform; projectionKeys = ["name"]
        case "sparsegen": projection = .sparsegen(lambda: try parameter("lambda")); projectionKeys = ["name", "lambda"]
        case "entmax": projection = .entmax(alpha: try parameter("alpha")); projectionKeys = ["name", "alpha"]
        case "gumbel":
            guard let seed = named["seed"] else { throw DataError("config.projection: gumbel needs a 'seed'") }
            projection = .gumbel(tau: try parameter("tau"), seed: try Self.seed(seed, "projection.seed"))
            projectionKeys = ["name", "tau", "seed"]
        default:
            throw DataError("config.projection.name '\(name)' is not one of softmax, sparsemax, sparsegen, entmax, gumbel, uniform")
        }
        if let unknown = named.keys.filter({ !projectionKeys.contains($0) }).sorted().first {
            throw DataError("config.projection: \(name) has no parameter '\(unknown)'")
        }
        if let reason = invalidReason { throw DataError("config: \(reason)") }
    }

    /// "BiLSTM (embedding 300, hidden 128) + additive attention": the architecture, in messages about the shapes it needs.
    var summary: String {
        switch encoder {
        case .lstm: "BiLSTM (embedding \(embeddingDimension), hidden \(hidden)) + \(attention.rawValue) attention"
        case .transformer:
            "Transformer (embedding \(embeddingDimension), d \(hidden), \(layers) layers, feed-forward \(feedForward)) + \(attention.rawValue) attention"
        }
    }


    /// A Float as the JSON number of its shortest decimal form (0.3, not 0.30000001192092896),
    /// which reads back to the same Float.
    private static func number(_ value: Float) -> JSONValue {
        if let short = Double("\(value)"), Float(short) == value { return .number(short) }
        return .number(Double(value))
    }

    /// A seed as a JSON number when a Double holds it exactly, else as a decimal string.
    private static func number(_ seed: UInt64) -> JSONValue {
        seed < 1 << 53 ? .number(Double(seed)) : .string(String(seed))
    }

    private static func object(_ value: JSONValue, _ name: String, keys: [String]) throws(DataError) -> [String: JSONValue] {
        guard case .object(let fields) = value else { throw DataError("\(name) must be a JSON object, not \(value.kindName)") }
        if let missing = keys.first(where: { fields[$0] == nil }) { throw DataError("\(name) has no '\(missing)'") }
        if let unknown = fields.keys.filter({ !keys.contains($0) }).sorted().first {
            throw DataError("\(name) has an unknown key '\(unknown)'")
        }
        return fields
    }

    private static func integer(_ fields: [String: JSONValue], _ key: String) throws(DataError) -> Int {
        guard case .number(let value) = fields[key]!, value == value.rounded(), abs(value) < 0x1p53 else {
            throw DataError("config.\(key) must be an integer")
        }
        return Int(value)
    }

    private static func boolean(_ fields: [String: JSONValue], _ key: String) throws(DataError) -> Bool {
        guard case .bool(let value) = fields[key]! else { throw DataError("config.\(key) must be true or false, not \(fields[key]!.kindName)") }
        return value
    }

    private static func choice<Choice: RawRepresentable & CaseIterable>(_ fields: [String: JSONValue], _ key: String) throws(DataError) -> Choice
        where Choice.RawValue == String {
        guard case .string(let name) = fields[key]!, let value = Choice(rawValue: name) else {
            throw DataError("config.\(key) must be one of \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    private static func seed(_ value: JSONValue, _ key: String) throws(DataError) -> UInt64 {
        switch value {
        case .number(let number) where number >= 0 && number < 0x1p53 && number == number.rounded():
            return UInt64(number)
        case .string(let text) where UInt64(text) != nil:
            return UInt64(text)!
        default:
            throw DataError("config.\(key) must be a non-negative integer (or its decimal string)")
        }
    }
}
