import Foundation
import JSON
import LuaBridge
import SashellCore

/// `sa.model`: the paper's classifiers, every architectural choice an option.
enum ModelFunctions {
    static var module: LuaModule {
        LuaModule("sa", doc: SashellLibrary.doc, functions: [
            .init("model", doc: """
                sa.model{dataset=ds (or vocab=ds.vocab) [, encoder="lstm", attention="additive", \
                projection="softmax", lambda=, alpha=, tau=, embedding=300, embeddings=, vectors=, \
                train_embeddings=true, hidden=128, layers=2, ffn=512, norm="post", embedding_scale=1, seed=0, \
                data=DIR]} makes a classifier as the paper's (App. B): embeddings, a 1-layer BiLSTM \
                (hidden units per direction) or a Transformer encoder (layers one-head layers of width \
                hidden, feed-forward ffn, sinusoidal positions, post- or pre-norm; the embeddings, \
                mapped to width hidden, are multiplied by embedding_scale before the positions are \
                added: math.sqrt(hidden) as in "Attention is all you need" suits unit-norm vectors such \
                as "word2vec"), attention scores \
                ("additive": v^T tanh(W h + b); "dot": a learned query, scaled; "deep": a 2-layer tanh \
                MLP), the projection φ ("softmax", "sparsemax", "sparsegen" with lambda < 1, "entmax" \
                with alpha >= 1, "gumbel" with tau > 0, "uniform") over the real tokens, and a linear \
                decoder of the context Σ α_i h_i to one logit. The embeddings are seeded N(0, 1) rows \
                of width embedding, or pretrained vectors: embeddings="glove", "word2vec" or a path \
                (see sa.vectors; their width wins), or vectors=sa.vectors(...).
                """) { stack in
                let options = try stack.options(1, declared())
                stack.push(try ModelSpec(options, argument: 1).build())
                return 1
            },
        ])
    }

    /// sa.model's options; `seed` is the seed's default (sa.train passes its own).
    static func declared(seed: Int = 0) -> [LuaOption] {
        [
            .object("dataset", LuaDataset.self), .object("vocab", LuaVocabulary.self),
            .string("encoder", oneOf: ModelConfig.EncoderKind.allCases.map(\.rawValue), default: "lstm"),
            .string("attention", oneOf: AttentionKind.allCases.map(\.rawValue), default: "additive"),
            .string("projection", oneOf: ["softmax", "sparsemax", "sparsegen", "entmax", "gumbel", "uniform"], default: "softmax"),
            .number("lambda"), .number("alpha"), .number("tau"),
            .integer("embedding"), .string("embeddings"), .object("vectors", LuaWordVectors.self),
            .boolean("train_embeddings", default: true), .integer("hidden", default: 128), .integer("layers", default: 2),
            .integer("ffn", default: 512), .string("norm", oneOf: ["post", "pre"], default: "post"), .number("embedding_scale"),
            .integer("seed", default: seed), .string("data"),
        ]
    }

    /// The projection and its parameter, each parameter allowed only with its projection.
    fileprivate static func projection(_ options: LuaOptions, seed: UInt64, argument: Int32) throws -> Projection {
        let name = options.value("projection", as: String.self)!
        let given = ["lambda", "alpha", "tau"].filter { options.value($0, as: Double.self) != nil }
        let needed = ["sparsegen": "lambda", "entmax": "alpha", "gumbel": "tau"][name]
        if let stray = given.first(where: { $0 != needed }) {
            throw invalid("option '\(stray)' is not a parameter of \(name)", argument)
        }
        let value = needed.flatMap { options.value($0, as: Double.self) }.map(Float.init)
        if let needed, value == nil { throw invalid("projection \(name) needs option '\(needed)'", argument) }
        let projection: Projection = switch name {
        case "sparsemax": .sparsemax
        case "sparsegen": .sparsegen(lambda: value!)
        case "entmax": .entmax(alpha: value!)
        case "gumbel": .gumbel(tau: value!, seed: seed)
        case "uniform": .uniform
        default: .softmax
        }
        if let reason = projection.invalidReason { throw invalid(reason, argument) }
        return projection
    }

    /// The vectors of option `vectors`, or loaded for option `embeddings`, reporting their coverage.
    fileprivate static func pretrainedVectors(_ spec: ModelSpec) throws -> WordVectors? {
        let (vocabulary, seed) = (spec.vocabulary, spec.config.seed)
        if let vectors = spec.vectors { return vectors }
        guard let path = try spec.vectorFile() else { return nil }
        do {
            let vectors = try WordVectors(path: path, vocabulary: vocabulary, seed: seed)
            ModelTraining.report(vectors.report(seed: seed))
            return vectors
        } catch let error as DataError {
            throw ScriptError(error.description)
        }
    }

    fileprivate static func invalid(_ problem: String, _ argument: Int32 = 1) -> LuaArgumentError {
        LuaArgumentError(argument: argument, problem: .invalid(problem))
    }
}

/// What sa.model's options describe, before anything is loaded or allocated: sa.model builds it at
/// once; sa.train first looks in the run store for a model of the same `keyFields`.
struct ModelSpec {
    let vocabulary: Vocabulary
    let tokenizer: Tokenizer
    /// The config; its embedding dimension is provisional when pretrained vectors set it.
    private(set) var config: ModelConfig
    /// Option `embedding`, when given.
    let askedDimension: Int?
    /// Option `embeddings` (a name of sa.vectors or a path), or nil.
    let embeddingsName: String?
    /// Option `vectors`, or nil.
    let vectors: WordVectors?
    /// Option `data`, where named vectors are looked for.
    let dataDirectory: String?
    let argument: Int32

    /// Reads and checks sa.model's options (`ModelFunctions.declared`) in the table at
    /// `argument`; `dataset`, when given, stands in for options dataset and vocab.
    init(_ options: LuaOptions, argument: Int32, dataset fallback: LuaDataset? = nil) throws {
        self.argument = argument
        if let dataset = options.value("dataset", as: LuaDataset.self) ?? (options.value("vocab", as: LuaVocabulary.self) == nil ? fallback : nil) {
            (vocabulary, tokenizer) = (dataset.dataset.vocabulary, dataset.dataset.tokenizer)
        } else if let vocab = options.value("vocab", as: LuaVocabulary.self) {
            (vocabulary, tokenizer) = (vocab.vocabulary, vocab.tokenizer)
        } else {
            throw ModelFunctions.invalid("give the data the model reads: dataset=ds or vocab=ds.vocab", argument)
        }
        let seed = try options.seed(optionsAt: argument)
        var config = ModelConfig(vocabularySize: vocabulary.count)
        config.encoder = ModelConfig.EncoderKind(rawValue: options.value("encoder")!)!
        config.attention = AttentionKind(rawValue: options.value("attention")!)!
        config.projection = try ModelFunctions.projection(options, seed: seed, argument: argument)
        config.trainEmbeddings = options.value("train_embeddings")!
        config.hidden = options.value("hidden")!
        config.layers = options.value("layers")!
        config.feedForward = options.value("ffn")!
        config.preNorm = options.value("norm", as: String.self) == "pre"
        if let scale = options.value("embedding_scale", as: Double.self) { config.embeddingScale = Float(scale) }
        config.seed = seed
        askedDimension = options.value("embedding", as: Int.self)
        config.embeddingDimension = askedDimension ?? 300
        embeddingsName = options.value("embeddings", as: String.self)
        dataDirectory = options.value("data", as: String.self)
        vectors = options.value("vectors", as: LuaWordVectors.self)?.vectors
        if let vectors {
            guard vectors.matrix.shape[0] == vocabulary.count else {
                throw ModelFunctions.invalid("the vectors were aligned with another vocabulary (\(vectors.matrix.shape[0]) ids, not \(vocabulary.count))", argument)
            }
            config.embeddingDimension = vectors.dimension
        }
        self.config = config
        if let vectors { try checkDimension(vectors.dimension) }
        if let reason = config.invalidReason { throw ModelFunctions.invalid(reason, argument) }
    }

    private func checkDimension(_ dimension: Int) throws {
        if let askedDimension, askedDimension != dimension {
            throw ModelFunctions.invalid("option 'embedding' is \(askedDimension), but the vectors are \(dimension)-d (leave it out to take theirs)", argument)
        }
    }

    /// Loads the pretrained vectors, if any, and makes the model.
    func build() throws -> LuaModel {
        var config = config
        let vectors = try ModelFunctions.pretrainedVectors(self)
        if let vectors {
            try checkDimension(vectors.dimension)
            config.embeddingDimension = vectors.dimension
        }
        if let reason = config.invalidReason { throw ModelFunctions.invalid(reason, argument) }
        let source = vectors.map { v in
            "\(v.path.split(separator: "/").last ?? "")'s \(v.dimension)-d vectors for \((v.coverage * 1000).rounded() / 10)% of the words"
        } ?? "random N(0, 1) rows"
        return LuaModel(Classifier(config: config, embeddings: vectors?.matrix), vocabulary: vocabulary,
                        tokenizer: tokenizer, embeddingSource: source)
    }

    /// The model's part of a run key: every option with its default filled in (the projection's
    /// parameter only with its projection; embedding null when pretrained vectors set it;
    /// embeddings "random", a name of sa.vectors or the vectors' path, and the fingerprint of
    /// the vector file's bytes, which a name or path does not pin). The seed is the key's own.
    func keyFields() throws -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "encoder": .string(config.encoder.rawValue), "attention": .string(config.attention.rawValue),
            "projection": .string(config.projection.name),
            "embedding": vectors == nil && embeddingsName == nil ? .number(Double(config.embeddingDimension))
                : vectors.map { .number(Double($0.dimension)) } ?? askedDimension.map { .number(Double($0)) } ?? .null,
            "embeddings": .string(vectors?.path ?? embeddingsName ?? "random"),
            "train_embeddings": .bool(config.trainEmbeddings), "hidden": .number(Double(config.hidden)),
        ]
        // The Transformer's own sizes; a BiLSTM ignores them, so they must not tell two of its runs apart.
        if config.encoder == .transformer {
            fields["layers"] = .number(Double(config.layers))
            fields["ffn"] = .number(Double(config.feedForward))
            fields["norm"] = .string(config.preNorm ? "pre" : "post")
            fields["embedding_scale"] = .shortest(config.embeddingScale)
        }
        for (name, value) in config.projection.parameters { fields[name] = .number(value) }
        if let path = try vectorFile() { fields["embeddings_fingerprint"] = .string(try Fingerprint.ofFile(path)) }
        return fields
    }

    /// The file of the pretrained vectors, if any: option vectors' path, or option embeddings
    /// (a name of sa.vectors, looked for as sa.vectors does, or a path).
    func vectorFile() throws -> String? {
        if let vectors { return vectors.path }
        guard let name = embeddingsName else { return nil }
        do {
            return try WordVectors.named[name].map { try DataDirectory.locate($0, explicit: dataDirectory, layout: "DIR/\($0)") } ?? name
        } catch let error as DataError {
            throw ScriptError(error.description)
        }
    }
}
