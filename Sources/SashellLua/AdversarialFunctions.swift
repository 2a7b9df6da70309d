import Autodiff
import Foundation
import LuaBridge
import SashellCore

/// `sa.adversarial`, `sa.adversarial_attention` and `sa.permute_attention`: the adversarial
/// experiments on attention — Wiegreffe & Pinter's adversary trained with Meister et al.'s
/// divergence (App. C.1, Table 5), and Jain & Wallace's search and permutations with the
/// intermediate representations fixed (§4).
enum AdversarialFunctions {
    static var module: LuaModule {
        LuaModule("sa", doc: SashellLibrary.doc, functions: [
            adversarial(),
            .init("adversarial_attention", doc: """
                sa.adversarial_attention(m, x [, {candidates=5, steps=500, epsilon=0.01, lr=0.01, \
                penalty=500, seed=0}]) is Jain & Wallace's adversarial attention for x (an example, a \
                text or an array of tokens) without retraining: with m's intermediate representations \
                fixed, Adam searches for attention over x's tokens as far from m's (in JSD) as it can \
                get while the prediction moves by less than epsilon. Each of the candidates is the \
                softmax of free logits (so it stays a distribution), started at random as J&W's, \
                and minimises -JSD + penalty * max(0, |y - y_m| - epsilon), minus the mean JSD among \
                the candidates. Returns {jsd=, attention=, prediction_change=, p=, p_base=, found=, \
                candidates={{jsd=, prediction_change=, attention=}, ...}}: the most divergent \
                candidate within epsilon (found=true), or m's own attention (jsd=0, found=false) \
                when none is.
                """) { stack in
                let m = try stack.argument(1, as: LuaModel.self)
                let example = try m.example(stack, at: 2)
                let options = try searchOptions(stack.options(3, [
                    .integer("candidates", default: 5), .integer("steps", default: 500), .number("epsilon", default: 0.01),
                    .number("lr", default: 0.01), .number("penalty", default: 500), .integer("seed", default: 0),
                ]))
                let search = m.model.searchAdversarialAttention(example, options: options) { Interrupt.isRequested }
                try Interrupt.check()
                let best = search.best
                stack.push(LuaRecord([
                    ("jsd", best?.jensenShannon ?? 0), ("attention", tensor(best?.attention ?? search.baseAttention)),
                    ("prediction_change", best?.predictionChange ?? 0), ("p", best?.probability ?? search.baseProbability),
                    ("p_base", search.baseProbability), ("found", best != nil),
                    ("candidates", search.candidates.map { candidate in
                        LuaRecord([("jsd", candidate.jensenShannon), ("prediction_change", candidate.predictionChange),
                                   ("attention", tensor(candidate.attention))])
                    }),
                ]))
                return 1
            },
            .init("permute_attention", doc: """
                sa.permute_attention(m, x [, {n=100, seed=0}]) is Jain & Wallace's permutation \
                experiment on x (an example, a text or an array of tokens): m's attention weights are \
                shuffled over x's tokens n times (random permutations from seed) while the \
                intermediate representations stay in place, and each shuffled attention is decoded. \
                Returns {median=, mean=, max=, differences=, p_base=}: the median, mean and largest \
                |y_permuted - y| (J&W report the median per example), the tensor of all n, and y with \
                m's own attention.
                """) { stack in
                let m = try stack.argument(1, as: LuaModel.self)
                let example = try m.example(stack, at: 2)
                let options = try stack.options(3, [.integer("n", default: 100), .integer("seed", default: 0)])
                let count = options.value("n", as: Int.self)!
                guard (1...1_000_000).contains(count) else {
                    throw LuaArgumentError(argument: 3, problem: .invalid("option 'n' must be between 1 and 1000000, got \(count)"))
                }
                let result = m.model.permuteAttention(example, count: count, seed: try options.seed(optionsAt: 3)) { Interrupt.isRequested }
                try Interrupt.check()
                let differences = result.differences
                stack.push(LuaRecord([
                    ("median", result.median), ("mean", differences.reduce(0, +) / Double(differences.count)),
                    ("max", differences.max()!), ("differences", tensor(differences.map(Float.init))),
                    ("p_base", result.baseProbability),
                ]))
                return 1
            },
        ])
    }

    /// sa.adversarial, stopping training when `shouldStop` (by default, at Ctrl-C).
    static func adversarial(shouldStop: @escaping () -> Bool = { Interrupt.isRequested }) -> LuaModule.Function {
        .init("adversarial", doc: """
            sa.adversarial(m, ds, {mode=, lambda=1 [, epochs=8, batch=32, lr=, weight_decay=1e-5, \
            attention_lr=, seed=, noise=0.1, train_decoder=true, scorer="fresh", vectors=, store=true, \
            results=DIR]}) trains an adversary of the model m on ds.train and returns it with a \
            report. The adversary learns to predict what m predicts while its attention differs from m's: \
            its loss is TVD(y_adv, y_m) - lambda * JSD(a_adv, a_m) per example (Wiegreffe & Pinter \
            section 4 with the JSD of Meister et al. App. C.1: KL against sparse attention is \
            infinite); the labels are not used. mode="frozen" takes m's weights and keeps its \
            embeddings and encoder fixed, so its intermediate representations are m's and only \
            the attention scorer and (train_decoder) the decoder learn; the scorer starts from \
            fresh seeded weights, as m's own are a local minimum of the loss (scorer="base" starts \
            from them, nudged by 1% noise, and may not move). mode="unfrozen" trains a new model \
            of m's configuration from scratch, its weights drawn from seed and its embeddings vectors=sa.vectors(...) if given (the \
            vectors m started from, for W&P's protocol), else m's if m does not train them, else \
            random. Training is m:fit's (Adam with AMSGrad, J&W's batches, a progress bar, Ctrl-C \
            keeps the best epoch so far) at lr 1e-3 for the BiLSTM and 1e-4 for the Transformer \
            unless given (W&P's adversary's rate, ten times Table 4's), keeping the epoch with the \
            lowest dev objective. The report, on ds.test: {jsd= (mean JSD between the two \
            attentions, as Table 5), jsd_sd=, tvd= (mean |y_adv - y_m|), tvd_sd=, accuracy=, \
            accuracy_base=, accuracy_difference=, agreement= (share of equal predicted labels), n=, \
            mode=, lambda=, best_epoch=, epochs={...}, interrupted=, run=, reused=}. seed \
            (default m's seed + 1) seeds everything. Through the run store (as sa.train; \
            store=false to skip it) an adversary of the same weights of m, settings and data is \
            loaded, not trained again.
            """) { stack in
            let (adversary, report) = try AdversarialRuns.execute(plan(stack), shouldStop: shouldStop)
            stack.push(adversary)
            stack.push(report)
            return 2
        }
    }

    // MARK: sa.adversarial's arguments

    /// sa.adversarial's options.
    static var declared: [LuaOption] {
        [
            .string("mode", oneOf: AdversarialOptions.Mode.allCases.map(\.rawValue)), .number("lambda", default: 1),
            .integer("epochs", default: 8), .integer("batch", default: 32), .number("lr"), .number("weight_decay", default: 1e-5),
            .number("attention_lr"), .integer("seed"), .number("noise", default: 0.1), .boolean("train_decoder"),
            .string("scorer", oneOf: ["fresh", "base"]),
            .object("vectors", LuaWordVectors.self), .boolean("store", default: true), .string("results"),
        ]
    }

    /// sa.adversarial's arguments, checked: the model (1), the dataset (2) and the options (3).
    static func plan(_ stack: LuaStack) throws -> AdversarialRuns.Plan {
        let m = try stack.argument(1, as: LuaModel.self)
        let dataset = try stack.argument(2, as: LuaDataset.self).dataset
        let options = try stack.options(3, declared)
        guard dataset.vocabulary.isSame(as: m.vocabulary) else {
            throw invalid(2, "the dataset's vocabulary is not the model's (\(dataset.vocabulary.count) and \(m.vocabulary.count) ids)")
        }
        guard dataset.train.count > 0 else { throw invalid(2, "the training split is empty") }
        guard (dataset.test?.count ?? 0) > 0 else { throw invalid(2, "the dataset has no test split to report on") }
        guard let modeName = options.value("mode", as: String.self) else {
            throw invalid(3, "give the mode: mode='frozen' (m's weights, its representations fixed) or mode='unfrozen' (a new model)")
        }
        var settings = AdversarialOptions(mode: AdversarialOptions.Mode(rawValue: modeName)!)
        settings.lambda = try number(options, "lambda", orZero: true)!
        settings.epochs = try positive(options, "epochs")
        settings.batchSize = try positive(options, "batch")
        settings.learningRate = try number(options, "lr")
        settings.attentionLearningRate = try number(options, "attention_lr")
        settings.weightDecay = try number(options, "weight_decay", orZero: true)!
        let noise = options.value("noise", as: Double.self)!
        guard (0...1).contains(noise) else { throw invalid(3, "option 'noise' must be in [0, 1], got \(noise)") }
        settings.lengthNoise = noise
        if let seed = options.value("seed", as: Int.self) {
            guard seed >= 0 else { throw invalid(3, "option 'seed' must be non-negative, got \(seed)") }
            settings.seed = UInt64(seed)
        } else {
            settings.seed = m.model.config.seed &+ 1
        }
        let trainDecoder = options.value("train_decoder", as: Bool.self)
        let scorer = options.value("scorer", as: String.self)
        let vectors = options.value("vectors", as: LuaWordVectors.self)?.vectors
        switch settings.mode {
        case .frozen:
            if vectors != nil { throw invalid(3, "option 'vectors' is for mode='unfrozen' (a frozen adversary keeps m's embeddings)") }
            settings.trainDecoder = trainDecoder ?? true
            settings.freshScorer = scorer != "base"
        case .unfrozen:
            if trainDecoder != nil { throw invalid(3, "option 'train_decoder' is for mode='frozen' (an unfrozen adversary trains everything)") }
            if scorer != nil { throw invalid(3, "option 'scorer' is for mode='frozen' (an unfrozen adversary starts afresh)") }
        }
        if let vectors {
            guard vectors.matrix.shape[0] == m.vocabulary.count else {
                throw invalid(3, "the vectors were aligned with another vocabulary (\(vectors.matrix.shape[0]) ids, not \(m.vocabulary.count))")
            }
            guard vectors.dimension == m.model.config.embeddingDimension else {
                throw invalid(3, "the vectors are \(vectors.dimension)-d, m's embeddings \(m.model.config.embeddingDimension)-d")
            }
        }
        let results = options.value("store", as: Bool.self)! ? RunFunctions.resultsDirectory(options.value("results")) : nil
        if results == nil, options.value("results", as: String.self) != nil {
            throw invalid(3, "option 'results' names the run store, which store=false leaves out")
        }
        return AdversarialRuns.Plan(base: m, dataset: dataset, options: settings, vectors: vectors, results: results)
    }

    // MARK: Option checks

    /// Option `name`, a positive (or, with `orZero`, non-negative) number that a Float holds.
    private static func number(_ options: LuaOptions, _ name: String, orZero: Bool = false,
                               argument: Int32 = 3) throws(LuaArgumentError) -> Float? {
        guard let value = options.value(name, as: Double.self) else { return nil }
        guard orZero ? value >= 0 : value > 0, Float(value).isFinite else {
            throw invalid(argument, "option '\(name)' must be a \(orZero ? "non-negative" : "positive") number below 3.4e38, got \(value)")
        }
        return Float(value)
    }

    /// Option `name`, a positive integer.
    private static func positive(_ options: LuaOptions, _ name: String, argument: Int32 = 3) throws(LuaArgumentError) -> Int {
        let value = options.value(name, as: Int.self)!
        guard value > 0 else { throw invalid(argument, "option '\(name)' must be positive, got \(value)") }
        return value
    }

    /// sa.adversarial_attention's options (argument 3), checked.
    private static func searchOptions(_ options: LuaOptions) throws -> AttentionSearchOptions {
        var search = AttentionSearchOptions()
        search.candidates = options.value("candidates")!
        guard (1...64).contains(search.candidates) else {
            throw invalid(3, "option 'candidates' must be between 1 and 64, got \(search.candidates)")
        }
        search.steps = options.value("steps")!
        guard (0...1_000_000).contains(search.steps) else {
            throw invalid(3, "option 'steps' must be between 0 and 1000000, got \(search.steps)")
        }
        let epsilon = options.value("epsilon", as: Double.self)!
        guard epsilon >= 0, epsilon.isFinite else { throw invalid(3, "option 'epsilon' must be a non-negative number, got \(epsilon)") }
        search.epsilon = epsilon
        search.learningRate = try number(options, "lr")!
        search.penalty = try number(options, "penalty", orZero: true)!
        search.seed = try options.seed(optionsAt: 3)
        return search
    }

    private static func invalid(_ argument: Int32, _ problem: String) -> LuaArgumentError {
        LuaArgumentError(argument: argument, problem: .invalid(problem))
    }

    private static func tensor(_ values: [Float]) -> LuaTensor {
        LuaTensor(Tensor(shape: [values.count], scalars: values))
    }
}
