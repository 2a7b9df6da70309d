import Foundation
import JSON
import LuaBridge
import SashellCore

/// `m:fit`: training from Lua, with a progress bar per epoch, a line per epoch, and Ctrl-C.
enum ModelTraining {
    static let doc = """
        m:fit(ds [, {epochs=8, batch=32, lr=1e-4, weight_decay=1e-5, attention_lr=, seed=0, \
        select="auc", noise=0.1, pos_weight=}]) trains m on ds.train with Adam (AMSGrad), as the \
        paper's Table 4 and J&W: lr is Table 4's for the BiLSTM (its 1e-5 for the Transformer \
        underfits in 8 epochs; see the README), the attention scorer has no weight decay and \
        attention_lr (default lr), batches are J&W's length-bucketed ones, pos_weight defaults to \
        negatives/positives of train, and the weights of the epoch with the best dev measure \
        (select: "auc", "accuracy" or "loss") are kept. A progress bar shows each \
        epoch, and a line sums it up. Ctrl-C stops at the next batch, keeping the best weights so \
        far. The same seed and thread count give the same model, bit for bit. Returns m.history.
        """

    static func fit(_ m: LuaModel, _ stack: LuaStack) throws -> Int32 {
        let dataset = try stack.argument(2, as: LuaDataset.self).dataset
        let settings = try self.settings(stack.options(3, declared()), argument: 3)
        try check(dataset, for: m, argument: 2)
        m.run = nil  // the weights will no longer be the run's
        let history = train(m, on: dataset, settings: settings)
        stack.push(history.table)
        return 1
    }

    /// m:fit's options; `seed` is the seed's default (sa.train passes its own).
    static func declared(seed: Int = 0) -> [LuaOption] {
        [
            .integer("epochs", default: 8), .integer("batch", default: 32), .number("lr"), .number("weight_decay", default: 1e-5),
            .number("attention_lr"), .integer("seed", default: seed), .string("select", oneOf: TrainingOptions.Selection.allCases.map(\.rawValue), default: "auc"),
            .number("noise", default: 0.1), .number("pos_weight"),
        ]
    }

    /// The training options of m:fit's option table (`declared`) at `argument`, checked.
    static func settings(_ options: LuaOptions, argument: Int32) throws -> TrainingOptions {
        func positive(_ value: Int, _ name: String) throws(LuaArgumentError) -> Int {
            guard value > 0 else { throw LuaArgumentError(argument: argument, problem: .invalid("option '\(name)' must be positive, got \(value)")) }
            return value
        }
        /// A positive number that a Float holds (1e300 would be infinite).
        func rate(_ name: String) throws(LuaArgumentError) -> Float? {
            guard let value = options.value(name, as: Double.self) else { return nil }
            guard value > 0, Float(value).isFinite else {
                throw LuaArgumentError(argument: argument, problem: .invalid("option '\(name)' must be a positive number below 3.4e38, got \(value)"))
            }
            return Float(value)
        }
        var settings = TrainingOptions()
        settings.epochs = try positive(options.value("epochs")!, "epochs")
        settings.batchSize = try positive(options.value("batch")!, "batch")
        if let lr = try rate("lr") { settings.learningRate = lr }
        settings.attentionLearningRate = try rate("attention_lr")
        settings.positiveWeight = try rate("pos_weight")
        let decay = options.value("weight_decay", as: Double.self)!
        let noise = options.value("noise", as: Double.self)!
        guard decay >= 0, Float(decay).isFinite else { throw LuaArgumentError(argument: argument, problem: .invalid("option 'weight_decay' must be non-negative, got \(decay)")) }
        guard (0...1).contains(noise) else { throw LuaArgumentError(argument: argument, problem: .invalid("option 'noise' must be in [0, 1], got \(noise)")) }
        settings.weightDecay = Float(decay)
        settings.lengthNoise = noise
        settings.seed = try options.seed(optionsAt: argument)
        settings.selection = TrainingOptions.Selection(rawValue: options.value("select")!)!
        return settings
    }

    /// Refuses a dataset that `m` cannot be trained on (the dataset is argument `argument`).
    static func check(_ dataset: Dataset, for m: LuaModel, argument: Int32) throws {
        guard dataset.vocabulary.isSame(as: m.vocabulary) else {
            throw LuaArgumentError(argument: argument, problem: .invalid("the dataset's vocabulary is not the model's (\(dataset.vocabulary.count) and \(m.vocabulary.count) ids)"))
        }
        let labels = Set(dataset.train.examples.map(\.label))
        guard labels.count == 2 else {
            throw LuaArgumentError(argument: argument, problem: .invalid("the training split must hold both labels, it has \(labels.map(String.init).joined(separator: ", ")) only"))
        }
    }

    /// Trains `m` with a progress bar per epoch and a line per epoch, calling `epochEnded` after
    /// each; stops at the next batch when `shouldStop` (by default, Ctrl-C). Sets and returns m.history.
    @discardableResult
    static func train(_ m: LuaModel, on dataset: Dataset, settings: TrainingOptions,
                      epochEnded: (EpochSummary) -> Void = { _ in },
                      shouldStop: () -> Bool = { Interrupt.isRequested }) -> TrainingHistory {
        let bar = EpochProgress<EpochSummary>(label: { "epoch \($0)/\(settings.epochs)" })
        let history = m.model.fit(dataset, options: settings, progress: { event in
            guard let summary = bar.show(event) else { return }
            report(summary, of: settings.epochs)
            epochEnded(summary)
        }, shouldStop: shouldStop)
        if history.interrupted {
            bar.stopped("interrupted: keeping the weights of epoch \(history.bestEpoch.map(String.init) ?? "-")")
        }
        m.history = history
        return history
    }

    /// What training does with a config and a seed; bump it when that changes (as when Gumbel
    /// noise became fresh for every step), so that the run store trains again rather than reuse
    /// a model that today's code would not make.
    static let revision = 1

    /// The training part of a run key: every option with its default filled in, pos_weight null
    /// for J&W's (computed from the data, which the key's fingerprint covers), and the training
    /// `revision`.
    static func keyFields(_ settings: TrainingOptions) -> [String: JSONValue] {
        let lr = JSONValue.shortest(settings.learningRate)
        return [
            "epochs": .number(Double(settings.epochs)), "batch": .number(Double(settings.batchSize)),
            "lr": lr, "weight_decay": .shortest(settings.weightDecay),
            "attention_lr": settings.attentionLearningRate.map(JSONValue.shortest) ?? lr,
            "select": .string(settings.selection.rawValue), "noise": .number(settings.lengthNoise),
            "pos_weight": settings.positiveWeight.map(JSONValue.shortest) ?? .null,
            "fit_seed": .number(Double(settings.seed)), "revision": .number(Double(revision)),
        ]
    }

    /// "epoch 3/8: train loss 0.412, dev accuracy 0.803, AUC 0.884 (41.2 s, 154 ex/s)".
    private static func report(_ summary: EpochSummary, of epochs: Int) {
        let dev = summary.dev.map { ", dev accuracy \(format($0.accuracy)), AUC \($0.auc.map(format) ?? "-")" } ?? ""
        report("epoch \(summary.epoch)/\(epochs): train loss \(format(summary.trainLoss))\(dev) "
               + "(\(String(format: "%.1f", summary.seconds)) s, \(Int(summary.examplesPerSecond.rounded())) ex/s)")
    }

    /// A line on standard error, unless the shell runs with -q.
    static func report(_ line: String) {
        guard !ProgressMeter.isSilenced.load(ordering: .relaxed) else { return }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func format(_ value: Double) -> String {
        String(format: "%.3f", value)
    }
}

extension TrainingHistory {
    /// m.history as a table: {epochs={{epoch=, train_loss=, dev_accuracy=, dev_auc=, dev_loss=,
    /// seconds=, examples_per_second=}, ...}, best_epoch=, interrupted=, pos_weight=}.
    var table: LuaRecord {
        let epochs = epochs.map { e in
            LuaRecord([("epoch", e.epoch), ("train_loss", e.trainLoss), ("dev_accuracy", e.dev?.accuracy),
                       ("dev_auc", e.dev?.auc), ("dev_loss", e.dev?.loss), ("seconds", e.seconds),
                       ("examples_per_second", e.examplesPerSecond)])
        }
        return LuaRecord([("epochs", epochs), ("best_epoch", bestEpoch), ("interrupted", interrupted),
                          ("pos_weight", Double(positiveWeight))])
    }
}
