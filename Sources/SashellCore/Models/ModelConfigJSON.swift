import JSON

/// A config as JSON: how checkpoints record it (the layout at the top of Checkpoint.swift).
extension ModelConfig {
    /// The config as a JSON object with snake_case keys (the layout at the top of Checkpoint.swift);
    /// `init(json:)` reads it back to an equal config.
    public var json: JSONValue {
        var projectionFields: [String: JSONValue]
        switch projection {
        case .softmax: projectionFields = ["name": "softmax"]
        case .sparsemax: projectionFields = ["name": "sparsemax"]
        case .uniform: projectionFields = ["name": "uniform"]
        case .sparsegen(let lambda): projectionFields = ["name": "sparsegen", "lambda": .shortest(lambda)]
        case .entmax(let alpha): projectionFields = ["name": "entmax", "alpha": .shortest(alpha)]
        case .gumbel(let tau, let seed): projectionFields = ["name": "gumbel", "tau": .shortest(tau), "seed": Self.number(seed)]
        }
        var fields: [String: JSONValue] = [
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
        ]
        // Only when not 1, so that files of unscaled models read as they did before the option.
        if embeddingScale != 1 { fields["embedding_scale"] = .shortest(embeddingScale) }
        return .object(fields)
    }

    /// The config `json` describes (as `json` writes it: every key present but the optional
    /// `embedding_scale`, no others), or a
    /// `DataError` naming the first key that is missing, unknown or of the wrong kind, or the
    /// reason the config is invalid.
    public init(json: JSONValue) throws(DataError) {
        let fields = try Self.object(json, "config", keys: [
            "vocabulary_size", "embedding_dimension", "train_embeddings", "encoder", "hidden", "layers",
            "feed_forward", "pre_norm", "attention", "projection", "seed",
        ], optional: ["embedding_scale"])
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
        if let scale = fields["embedding_scale"] {
            guard case .number(let value) = scale else { throw DataError("config.embedding_scale must be a number") }
            embeddingScale = Float(value)
        }

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

    /// A seed as a JSON number when a Double holds it exactly, else as a decimal string.
    private static func number(_ seed: UInt64) -> JSONValue {
        seed < 1 << 53 ? .number(Double(seed)) : .string(String(seed))
    }

    private static func object(_ value: JSONValue, _ name: String, keys: [String], optional: [String] = []) throws(DataError)
        -> [String: JSONValue] {
        guard case .object(let fields) = value else { throw DataError("\(name) must be a JSON object, not \(value.kindName)") }
        if let missing = keys.first(where: { fields[$0] == nil }) { throw DataError("\(name) has no '\(missing)'") }
        if let unknown = fields.keys.filter({ !keys.contains($0) && !optional.contains($0) }).sorted().first {
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
