import JSON

/// The training history as JSON: what a checkpoint's `history` metadata and the run store's
/// epoch metrics hold.
///
///     {"epochs": [{"epoch", "train_loss", "dev_accuracy", "dev_auc", "dev_loss", "dev_n",
///                  "seconds", "examples_per_second"}, ...],
///      "best_epoch", "interrupted", "pos_weight"}
///
/// Dev measures are absent without a dev split; a number that is not finite (a diverged loss)
/// is null, as JSON has no NaN.
extension TrainingHistory {
    public var json: JSONValue {
        .object([
            "epochs": .array(epochs.map { .object(["epoch": .number(Double($0.epoch)), "seconds": .finite($0.seconds)]
                                                  .merging($0.metrics) { a, _ in a }) }),
            "best_epoch": bestEpoch.map { .number(Double($0)) } ?? .null,
            "interrupted": .bool(interrupted),
            "pos_weight": .finite(Double(positiveWeight)),
        ])
    }

    /// The history `json` describes, or nil if it does not describe one.
    public init?(json: JSONValue) {
        guard case .object(let fields) = json, case .array(let entries)? = fields["epochs"] else { return nil }
        self.init()
        for entry in entries {
            guard case .object(let e) = entry, let epoch = e["epoch"]?.number.flatMap(Int.init(exactly:)) else { return nil }
            let dev = e["dev_accuracy"]?.number.map { accuracy in
                Evaluation(accuracy: accuracy, auc: e["dev_auc"]?.number, loss: e["dev_loss"]?.number ?? .nan,
                           count: e["dev_n"]?.number.flatMap(Int.init(exactly:)) ?? 0)
            }
            epochs.append(EpochSummary(epoch: epoch, trainLoss: e["train_loss"]?.number ?? .nan, dev: dev,
                                       seconds: e["seconds"]?.number ?? 0, examplesPerSecond: e["examples_per_second"]?.number ?? 0))
        }
        bestEpoch = fields["best_epoch"]?.number.flatMap(Int.init(exactly:))
        if case .bool(let flag)? = fields["interrupted"] { interrupted = flag }
        positiveWeight = Float(fields["pos_weight"]?.number ?? 1)
    }
}

extension EpochSummary {
    /// The epoch's measures, as the run store records them (without `epoch` and `seconds`).
    public var metrics: [String: JSONValue] {
        var metrics: [String: JSONValue] = ["train_loss": .finite(trainLoss), "examples_per_second": .finite(examplesPerSecond)]
        if let dev {
            metrics["dev_accuracy"] = .finite(dev.accuracy)
            metrics["dev_auc"] = dev.auc.map(JSONValue.finite) ?? .null
            metrics["dev_loss"] = .finite(dev.loss)
            metrics["dev_n"] = .number(Double(dev.count))
        }
        return metrics
    }
}
