import Foundation
import JSON
import Autodiff
import LuaBridge
import RunStore
import SashellCore

/// A classifier as Lua sees it, with the vocabulary and tokenizer its inputs go through.
final class LuaModel: LuaObject {
    static let luaTypeName = "model"

    let model: Classifier
    let vocabulary: Vocabulary
    let tokenizer: Tokenizer
    /// The history of the last `fit`, if any.
    var history: TrainingHistory?
    /// What the embeddings were made from, for `tostring`.
    let embeddingSource: String
    /// The run of the store whose model this is, while its weights are that run's (sa.train sets
    /// it, m:fit clears it): results computed from the model, such as feature importance, are
    /// cached under it.
    var run: (store: String, id: RunID)?

    init(_ model: Classifier, vocabulary: Vocabulary, tokenizer: Tokenizer, embeddingSource: String,
         history: TrainingHistory? = nil) {
        self.model = model
        self.vocabulary = vocabulary
        self.tokenizer = tokenizer
        self.embeddingSource = embeddingSource
        self.history = history
    }

    /// The model of the checkpoint at `path` (see `Classifier.load`), with its history.
    convenience init(checkpoint path: String) throws {
        let loaded = try Classifier.load(from: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        self.init(loaded.model, vocabulary: loaded.vocabulary, tokenizer: loaded.tokenizer,
                  embeddingSource: "loaded from \(name)", history: loaded.history.flatMap(TrainingHistory.init(json:)))
    }

    /// Writes the model with its vocabulary, tokenizer and history to the checkpoint `path`, atomically.
    func save(to path: String, extra: [String: JSONValue] = [:]) throws {
        try model.save(to: path, vocabulary: vocabulary, tokenizer: tokenizer, history: history?.json, extra: extra)
    }

    static var luaClass: LuaClass<LuaModel> {
        LuaClass(
            doc: """
                A text classifier (sa.model): m:fit(ds, opts) trains it, m:forward(x) runs it on an \
                example or a text, m:predict(x) gives P(label 1), m:evaluate(split) measures it, \
                m:save(path) writes it to a checkpoint that sa.load(path) reads back. \
                m.config is its configuration and m.history the record of its training.
                """,
            methods: [
                .init("forward", doc: """
                    m:forward(x) runs the model on x (an example, a text or an array of tokens): a table \
                    {p=, logit=, attention=, hidden=, tokens=} where attention is a tensor over the \
                    tokens (without <SOS> and <EOS>, summing to 1), hidden the n × H tensor of their \
                    intermediate representations and tokens the words.
                    """) { m, stack in
                    let example = try m.example(stack, at: 2)
                    let output = m.model.inference(Batch([example]))
                    let (n, width) = (example.length, m.model.config.stateWidth)
                    let attention = Array(output.attention.value.scalars[1...n])
                    let hidden = Array(output.hidden.value.scalars[width..<(n + 1) * width])
                    let logit = Double(output.logits.value.scalars[0])
                    stack.pushRecord(["p": 1 / (1 + Foundation.exp(-logit)), "logit": logit,
                                      "attention": LuaTensor(Tensor(shape: [n], scalars: attention)),
                                      "hidden": LuaTensor(Tensor(shape: [n, width], scalars: hidden)),
                                      "tokens": example.tokens.isEmpty ? [] : m.tokens(of: example)])
                    return 1
                },
                .init("predict", doc: """
                    m:predict(x) is P(label 1) for x, an example, a text or an array of tokens; for a \
                    split, a tensor of the probabilities of its examples in order.
                    """) { m, stack in
                    if stack.value(at: 2, as: LuaSplit.self) != nil {
                        let split = try m.split(stack, at: 2)
                        stack.push(LuaTensor(Tensor(shape: [split.count], scalars: m.model.probabilities(split).map(Float.init))))
                    } else {
                        let example = try m.example(stack, at: 2)
                        stack.push(m.model.probabilities(Split(name: "x", examples: [example]))[0])
                    }
                    return 1
                },
                .init("evaluate", doc: """
                    m:evaluate(split) is {accuracy=, auc=, loss=, n=} on split: accuracy at threshold 0.5, \
                    ROC AUC (nil when split has one label only) and mean cross-entropy.
                    """) { m, stack in
                    let split = try m.split(stack, at: 2)
                    guard split.count > 0 else { throw LuaArgumentError(argument: 2, problem: .invalid("the split is empty")) }
                    let evaluation = m.model.evaluate(split)
                    stack.pushRecord(["accuracy": evaluation.accuracy, "auc": evaluation.auc, "loss": evaluation.loss,
                                      "n": evaluation.count])
                    return 1
                },
                .init("fit", doc: ModelTraining.doc) { m, stack in
                    try ModelTraining.fit(m, stack)
                },
                .init("save", doc: """
                    m:save(path) writes m to the safetensors file path (atomically: a temporary file, \
                    then a rename), with its vocabulary, tokenizer, configuration and m.history; \
                    sa.load(path) reads it back. The tensors are named and laid out as PyTorch's \
                    modules (see the README), so safetensors.torch.load_file(path) reads them too.
                    """) { m, stack in
                    let path = try stack.argument(2, as: String.self)
                    do {
                        try m.save(to: path)
                    } catch {
                        throw ScriptError("cannot save the model to \(error)")
                    }
                    return 0
                },
            ],
            metamethods: [
                .toString: { stack in
                    stack.push(try stack.argument(1, as: LuaModel.self).summary)
                    return 1
                },
                .index: { stack in
                    let m = try stack.argument(1, as: LuaModel.self)
                    switch try stack.fieldName(at: 2, of: "model", fields: ["config", "history", "vocab"]) {
                    case "config": stack.push(m.configTable)
                    case "history": stack.push(m.history?.table)
                    default: stack.push(LuaVocabulary(m.vocabulary, tokenizer: m.tokenizer))
                    }
                    return 1
                },
            ])
    }

    /// Argument `position` as an example: an example object, a text (tokenised and encoded as the
    /// model's data is) or an array of tokens. It must hold at least one token.
    func example(_ stack: LuaStack, at position: Int32) throws -> Example {
        let example: Example
        if let object = stack.value(at: position, as: LuaExample.self) {
            guard object.vocabulary.isSame(as: vocabulary) else { throw Self.otherVocabulary(position) }
            example = object.example
        } else if stack.type(at: position) == .table {
            guard let tokens = stack.value(at: position, as: [String].self) else {
                throw LuaArgumentError(argument: position, problem: .invalid("an array of tokens must hold strings only"))
            }
            example = Example(id: "tokens", text: tokens.joined(separator: " "), label: 0, ids: vocabulary.encode(tokens), tokenizer: .space)
        } else if stack.type(at: position) == .string {
            let text = stack.value(at: position, as: String.self)!
            example = Example(id: "text", text: text, label: 0, ids: vocabulary.encode(tokenizer.tokens(text)), tokenizer: tokenizer)
        } else {
            throw LuaArgumentError(argument: position, problem: .wrongType(expected: "example, string or table"))
        }
        guard example.length > 0 else { throw LuaArgumentError(argument: position, problem: .invalid("the input has no tokens")) }
        return example
    }

    /// Argument `position` as a split encoded with the model's vocabulary.
    func split(_ stack: LuaStack, at position: Int32) throws -> Split {
        let object = try stack.argument(position, as: LuaSplit.self)
        guard object.vocabulary.isSame(as: vocabulary) else { throw Self.otherVocabulary(position) }
        return object.split
    }

    private static func otherVocabulary(_ position: Int32) -> LuaArgumentError {
        LuaArgumentError(argument: position, problem: .invalid("it is encoded with another vocabulary than the model's"))
    }

    /// The words the model reads for `example`: its tokens, with the ones it does not know shown as <UNK>.
    func tokens(of example: Example) -> [String] {
        example.ids.dropFirst().dropLast().map { id in
            id == Vocabulary.unknown ? "<UNK>" : vocabulary.word(Int(id)) ?? "<UNK>"
        }
    }

    /// "model: BiLSTM 300→2×128, additive attention, sparsemax; 4.52M parameters (embeddings GloVe 50-d)".
    var summary: String {
        let c = model.config
        var lines = ["model: \(c.summary), \(c.projection.name); \(model.trainableCount) trained parameters",
                     "  embeddings: \(embeddingSource)\(c.trainEmbeddings ? "" : ", frozen"); vocabulary \(vocabulary.count); seed \(c.seed)"]
        if let history, let best = history.bestEpoch {
            let dev = history.keptEpoch?.dev
            lines.append("  trained \(history.epochs.count) epoch\(history.epochs.count == 1 ? "" : "s")\(history.interrupted ? " (interrupted)" : ""); kept epoch \(best)"
                + (dev.map { ": dev accuracy \(ModelTraining.format($0.accuracy)), AUC \($0.auc.map(ModelTraining.format) ?? "-")" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    /// m.config: the options that would make this model again with sa.model.
    var configTable: LuaRecord {
        let c = model.config
        var fields: [(String, any LuaPushable)] = [
            ("encoder", c.encoder.rawValue), ("attention", c.attention.rawValue), ("projection", c.projection.name),
            ("embedding", c.embeddingDimension), ("hidden", c.hidden), ("train_embeddings", c.trainEmbeddings), ("seed", Int(exactly: c.seed).map { $0 as any LuaPushable } ?? String(c.seed)),
        ]
        if c.encoder == .transformer {
            fields += [("layers", c.layers), ("ffn", c.feedForward), ("norm", c.preNorm ? "pre" : "post"),
                       ("embedding_scale", Double(c.embeddingScale))]
        }
        fields += c.projection.parameters.map { ($0.key, $0.value as any LuaPushable) }
        return LuaRecord(fields)
    }
}

