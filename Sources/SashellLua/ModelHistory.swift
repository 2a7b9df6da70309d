import JSON
import LuaBridge
import SashellCore

/// A model's training history as Lua and checkpoints see it: made by `m:fit` from a
/// `TrainingHistory`, or read back from a checkpoint's `history` metadata (its JSON form).
struct ModelHistory: Equatable {
    struct Epoch: Equatable {
        var epoch: Int
        var trainLoss: Double
        var devAccuracy: Double?
        var devAUC: Double?
        var devLoss: Double?
        var seconds: Double
        var examplesPerSecond: Double
    }

    var epochs: [Epoch]
    /// The epoch (from 1) whose weights the model holds.
    var bestEpoch: Int?
    var interrupted: Bool
    var positiveWeight: Double

    init(_ history: TrainingHistory) {
        epochs = history.epochs.map { e in
            Epoch(epoch: e.epoch, trainLoss: e.trainLoss, devAccuracy: e.dev?.accuracy, devAUC: e.dev?.auc,
                  devLoss: e.dev?.loss, seconds: e.seconds, examplesPerSecond: e.examplesPerSecond)
        }
        bestEpoch = history.bestEpoch
        interrupted = history.interrupted
        positiveWeight = Double(history.positiveWeight)
    }

    /// The history `json` (as `json` writes it) describes, or nil if it is not one.
    init?(json: JSONValue) {
        guard case .object(let fields) = json, case .array(let entries)? = fields["epochs"] else { return nil }
        var epochs: [Epoch] = []
        for entry in entries {
            guard case .object(let e) = entry, let epoch = e["epoch"]?.number.flatMap(Int.init(exactly:)) else { return nil }
            epochs.append(Epoch(epoch: epoch, trainLoss: e["train_loss"]?.number ?? .nan, devAccuracy: e["dev_accuracy"]?.number,
                                devAUC: e["dev_auc"]?.number, devLoss: e["dev_loss"]?.number,
                                seconds: e["seconds"]?.number ?? 0, examplesPerSecond: e["examples_per_second"]?.number ?? 0))
        }
        self.epochs = epochs
        bestEpoch = fields["best_epoch"]?.number.flatMap(Int.init(exactly:))
        if case .bool(let flag)? = fields["interrupted"] { interrupted = flag } else { interrupted = false }
        positiveWeight = fields["pos_weight"]?.number ?? 1
    }

    /// {"epochs": [{"epoch", "train_loss", "dev_accuracy", "dev_auc", "dev_loss", "seconds",
    /// "examples_per_second"}, ...], "best_epoch", "interrupted", "pos_weight"}: absent dev
    /// measures are left out, and a number that is not finite (a diverged loss) is null.
    var json: JSONValue {
        .object([
            "epochs": .array(epochs.map { e in
                var fields: [String: JSONValue] = [
                    "epoch": .number(Double(e.epoch)), "train_loss": Self.number(e.trainLoss),
                    "seconds": Self.number(e.seconds), "examples_per_second": Self.number(e.examplesPerSecond),
                ]
                if let value = e.devAccuracy { fields["dev_accuracy"] = Self.number(value) }
                if let value = e.devAUC { fields["dev_auc"] = Self.number(value) }
                if let value = e.devLoss { fields["dev_loss"] = Self.number(value) }
                return .object(fields)
            }),
            "best_epoch": bestEpoch.map { .number(Double($0)) } ?? .null,
            "interrupted": .bool(interrupted),
            "pos_weight": Self.number(positiveWeight),
        ])
    }

    /// The epoch whose weights the model holds.
    var kept: Epoch? { bestEpoch.flatMap { best in epochs.first { $0.epoch == best } } }

    /// m.history as a table: {epochs={{epoch=, train_loss=, dev_accuracy=, dev_auc=, dev_loss=,
    /// seconds=, examples_per_second=}, ...}, best_epoch=, interrupted=, pos_weight=}.
    var table: LuaRecord {
        let epochs = epochs.map { e in
            LuaRecord([("epoch", e.epoch), ("train_loss", e.trainLoss), ("dev_accuracy", e.devAccuracy),
                       ("dev_auc", e.devAUC), ("dev_loss", e.devLoss), ("seconds", e.seconds),
                       ("examples_per_second", e.examplesPerSecond)])
        }
        return LuaRecord([("epochs", epochs), ("best_epoch", bestEpoch), ("interrupted", interrupted),
                          ("pos_weight", positiveWeight)])
    }

    /// A run store epoch's metrics: the epoch's fields but `epoch` and `seconds`.
    static func metrics(_ e: EpochSummary) -> [String: JSONValue] {
        var metrics: [String: JSONValue] = ["train_loss": number(e.trainLoss), "examples_per_second": number(e.examplesPerSecond)]
        if let dev = e.dev {
            metrics["dev_accuracy"] = number(dev.accuracy)
            metrics["dev_auc"] = dev.auc.map(number) ?? .null
            metrics["dev_loss"] = number(dev.loss)
        }
        return metrics
    }

    static func number(_ value: Double) -> JSONValue { value.isFinite ? .number(value) : .null }
}

extension JSONValue {
    /// The number, if this is one.
    var number: Double? {
        if case .number(let value) = self { value } else { nil }
    }
}
