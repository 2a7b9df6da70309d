import Foundation
import LuaBridge
import SashellCore

/// `sa.model`: the paper's classifiers, every architectural choice an option.
enum ModelFunctions {
    static var module: LuaModule {
        LuaModule("sa", doc: SashellLibrary.doc, functions: [
            .init("model", doc: """
                sa.model{dataset=ds (or vocab=ds.vocab) [, encoder="lstm", attention="additive", \
                projection="softmax", lambda=, alpha=, tau=, embedding=300, embeddings=, vectors=, \
                train_embeddings=true, hidden=128, layers=2, ffn=512, norm="post", seed=0, data=DIR]} \
                makes a classifier as the paper's (App. B): embeddings, a 1-layer BiLSTM (hidden units \
                per direction) or a Transformer encoder (layers one-head layers of width hidden, \
                feed-forward ffn, sinusoidal positions, post- or pre-norm), attention scores \
                ("additive": v^T tanh(W h + b); "dot": a learned query, scaled; "deep": a 2-layer tanh \
                MLP), the projection φ ("softmax", "sparsemax", "sparsegen" with lambda < 1, "entmax" \
                with alpha >= 1, "gumbel" with tau > 0, "uniform") over the real tokens, and a linear \
                decoder of the context Σ α_i h_i to one logit. The embeddings are seeded N(0, 1) rows \
                of width embedding, or pretrained vectors: embeddings="glove", "word2vec" or a path \
                (see sa.vectors; their width wins), or vectors=sa.vectors(...).
                """) { stack in
                let options = try stack.options(1, [
                    .object("dataset", LuaDataset.self), .object("vocab", LuaVocabulary.self),
                    .string("encoder", oneOf: ModelConfig.EncoderKind.allCases.map(\.rawValue), default: "lstm"),
                    .string("attention", oneOf: AttentionKind.allCases.map(\.rawValue), default: "additive"),
                    .string("projection", oneOf: ["softmax", "sparsemax", "sparsegen", "entmax", "gumbel", "uniform"], default: "softmax"),
                    .number("lambda"), .number("alpha"), .number("tau"),
                    .integer("embedding"), .string("embeddings"), .object("vectors", LuaWordVectors.self),
                    .boolean("train_embeddings", default: true), .integer("hidden", default: 128), .integer("layers", default: 2),
                    .integer("ffn", default: 512), .string("norm", oneOf: ["post", "pre"], default: "post"),
                    .integer("seed", default: 0), .string("data"),
                ])
                stack.push(try make(options, stack))
                return 1
            },
        ])
    }

    private static func make(_ options: LuaOptions, _ stack: LuaStack) throws -> LuaModel {
        let (vocabulary, tokenizer): (Vocabulary, Tokenizer)
        if let dataset = options.value("dataset", as: LuaDataset.self) {
            (vocabulary, tokenizer) = (dataset.dataset.vocabulary, dataset.dataset.tokenizer)
        } else if let vocab = options.value("vocab", as: LuaVocabulary.self) {
            (vocabulary, tokenizer) = (vocab.vocabulary, vocab.tokenizer)
        } else {
            throw invalid("give the data the model reads: dataset=ds or vocab=ds.vocab")
        }
        let seed = try options.seed(optionsAt: 1)
        var config = ModelConfig(vocabularySize: vocabulary.count)
        config.encoder = ModelConfig.EncoderKind(rawValue: options.value("encoder")!)!
        config.attention = AttentionKind(rawValue: options.value("attention")!)!
        config.projection = try projection(options, seed: seed)
        config.trainEmbeddings = options.value("train_embeddings")!
        config.hidden = options.value("hidden")!
        config.layers = options.value("layers")!
        config.feedForward = options.value("ffn")!
        config.preNorm = options.value("norm", as: String.self) == "pre"
        config.seed = seed
        config.embeddingDimension = options.value("embedding", as: Int.self) ?? 300

        let vectors = try pretrainedVectors(options, vocabulary: vocabulary, seed: seed)
        if let vectors {
            if let asked = options.value("embedding", as: Int.self), asked != vectors.dimension {
                throw invalid("option 'embedding' is \(asked), but the vectors are \(vectors.dimension)-d (leave it out to take theirs)")
            }
            config.embeddingDimension = vectors.dimension
        }
        if let reason = config.invalidReason { throw invalid(reason) }
        let source = vectors.map { v in
            "\(v.path.split(separator: "/").last ?? "")'s \(v.dimension)-d vectors for \((v.coverage * 1000).rounded() / 10)% of the words"
        } ?? "random N(0, 1) rows"
        return LuaModel(Classifier(config: config, embeddings: vectors?.matrix), vocabulary: vocabulary,
                        tokenizer: tokenizer, embeddingSource: source)
    }

    /// The projection and its parameter, each parameter allowed only with its projection.
    private static func projection(_ options: LuaOptions, seed: UInt64) throws -> Projection {
        let name = options.value("projection", as: String.self)!
        let given = ["lambda", "alpha", "tau"].filter { options.value($0, as: Double.self) != nil }
        let needed = ["sparsegen": "lambda", "entmax": "alpha", "gumbel": "tau"][name]
        if let stray = given.first(where: { $0 != needed }) {
            throw invalid("option '\(stray)' is not a parameter of \(name)")
        }
        let value = needed.flatMap { options.value($0, as: Double.self) }.map(Float.init)
        if let needed, value == nil { throw invalid("projection \(name) needs option '\(needed)'") }
        let projection: Projection = switch name {
        case "sparsemax": .sparsemax
        case "sparsegen": .sparsegen(lambda: value!)
        case "entmax": .entmax(alpha: value!)
        case "gumbel": .gumbel(tau: value!, seed: seed)
        case "uniform": .uniform
        default: .softmax
        }
        if let reason = projection.invalidReason { throw invalid(reason) }
        return projection
    }

    /// The vectors of option `vectors`, or loaded for option `embeddings`, reporting their coverage.
    private static func pretrainedVectors(_ options: LuaOptions, vocabulary: Vocabulary, seed: UInt64) throws -> WordVectors? {
        if let object = options.value("vectors", as: LuaWordVectors.self) {
            guard object.vectors.matrix.shape[0] == vocabulary.count else {
                throw invalid("the vectors were aligned with another vocabulary (\(object.vectors.matrix.shape[0]) ids, not \(vocabulary.count))")
            }
            return object.vectors
        }
        guard let name = options.value("embeddings", as: String.self) else { return nil }
        do {
            let path = try WordVectors.named[name].map {
                try DataDirectory.locate($0, explicit: options.value("data"), layout: "DIR/\($0)")
            } ?? name
            let vectors = try WordVectors(path: path, vocabulary: vocabulary, seed: seed)
            ModelTraining.report(vectors.report(seed: seed))
            return vectors
        } catch let error as DataError {
            throw ScriptError(error.description)
        }
    }

    private static func invalid(_ problem: String) -> LuaArgumentError {
        LuaArgumentError(argument: 1, problem: .invalid(problem))
    }
}
