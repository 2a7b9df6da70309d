import Autodiff
import Foundation
import JSON
import LuaBridge
import RunStore
import SashellCore

/// sa.adversarial's work: training an adversary with a progress bar and epoch lines, its report,
/// and the run store, so that a script run again reuses every adversary it trained.
///
/// An adversary's run key is its own settings (mode, λ, the training options with defaults
/// filled in and rates resolved, the initial embeddings of an unfrozen one), its seed, the data
/// (as sa.train's keys), and the base model: its configuration and a fingerprint of every one of
/// its weights. Training is deterministic, so the same base weights (from sa.train, m:fit or
/// sa.load alike) and settings give the same adversary. The store lists it among the runs with
/// config field `adversarial` set to the mode: sa.runs{adversarial="frozen"}.
enum AdversarialRuns {
    /// What sa.adversarial's arguments ask for.
    struct Plan {
        let base: LuaModel
        let dataset: Dataset
        let options: AdversarialOptions
        /// The unfrozen adversary's initial embeddings, when given.
        let vectors: WordVectors?
        /// nil with store=false.
        let results: String?
    }

    /// Trains (or, from the store, loads) the plan's adversary; returns it and its report.
    static func execute(_ plan: Plan, shouldStop: () -> Bool = { Interrupt.isRequested }) throws -> (LuaModel, LuaJSON) {
        guard let results = plan.results else {
            let (adversary, history) = train(plan, shouldStop: shouldStop)
            return (adversary, LuaJSON(.object(report(plan, adversary: adversary, history: history, run: nil))))
        }
        let key = try RunFunctions.storeErrors {
            try RunKey(config: keyFields(plan), seed: plan.options.seed, dataset: plan.dataset.name,
                       datasetVersion: plan.dataset.version ?? "", dataFingerprint: Fingerprint.of(plan.dataset))
        }
        let store = try RunFunctions.storeErrors { try RunStore(path: RunStore.defaultPath(resultsDirectory: results)) }
        if let reused = try reuse(key, store: store, results: results) { return reused }

        let id = try RunFunctions.storeErrors { try store.beginRun(key, sashellVersion: sashellVersion) }
        do {
            var recordingError: Error?
            let start = Date()
            let (adversary, history) = train(plan, epochEnded: { epoch in
                guard recordingError == nil else { return }
                do {
                    try store.recordEpoch(id, epoch: epoch.epoch, metrics: metrics(epoch), wallSeconds: epoch.seconds)
                } catch {
                    recordingError = error
                }
            }, shouldStop: shouldStop)
            let wallSeconds = Date().timeIntervalSince(start)
            if let recordingError { throw recordingError }
            let report = report(plan, adversary: adversary, history: history, run: id)
            if history.interrupted {
                try store.failRun(id, status: .interrupted, message: "interrupted after \(history.epochs.count) of \(plan.options.epochs) epochs")
            } else {
                let checkpoint = "models/" + key.digest.prefix(16) + ".safetensors"
                let path = results + "/" + checkpoint
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try adversary.save(to: path, extra: ["run_key": .string(key.digest), "adversarial": .string(plan.options.mode.rawValue)])
                let rates = history.epochs.map(\.examplesPerSecond)
                try store.finishRun(id, testMetrics: stored(report), wallSeconds: wallSeconds,
                                    examplesPerSecond: rates.isEmpty ? 0 : rates.reduce(0, +) / Double(rates.count),
                                    checkpointPath: checkpoint)
            }
            return (adversary, LuaJSON(.object(report)))
        } catch {
            try? store.failRun(id, status: .failed, message: "\(error)")
            throw ScriptError("sa.adversarial: run \(id) failed: \(error)")
        }
    }

    /// The finished run of `key` with its adversary and report, if its checkpoint exists.
    private static func reuse(_ key: RunKey, store: RunStore, results: String) throws -> (LuaModel, LuaJSON)? {
        guard let run = try RunFunctions.storeErrors({ try store.finishedRun(key: key) }) else { return nil }
        guard let stored = run.checkpointPath, case let path = stored.hasPrefix("/") ? stored : results + "/" + stored,
              FileManager.default.fileExists(atPath: path) else {
            ModelTraining.report("sa.adversarial: the checkpoint of run \(run.id) is missing; training it again")
            try RunFunctions.storeErrors { try store.deleteRun(run.id) }
            return nil
        }
        let adversary: LuaModel
        do {
            adversary = try LuaModel(checkpoint: path)
        } catch {
            throw ScriptError("sa.adversarial: cannot load the adversary of run \(run.id): \(error) (delete the file to train it again)")
        }
        var fields = run.testMetrics ?? [:]
        fields["epochs"] = .array(try RunFunctions.storeErrors { try store.epochs(of: run.id) }.map { epoch in
            var row = epoch.metrics
            row["epoch"] = .number(Double(epoch.epoch))
            row["seconds"] = .number(epoch.wallSeconds)
            return .object(row)
        })
        fields["mode"] = run.config["adversarial"]
        fields["lambda"] = run.config["lambda"]
        fields["interrupted"] = .bool(false)
        fields["run"] = .number(Double(run.id.rawValue))
        fields["reused"] = .bool(true)
        let jsd = fields["jsd"]?.number.map { "; test JSD \(ModelTraining.format($0))" } ?? ""
        ModelTraining.report("sa.adversarial: reusing run \(run.id) (\(run.dataset), seed \(run.seed)\(jsd))")
        return (adversary, LuaJSON(.object(fields)))
    }

    // MARK: Training

    /// Trains the plan's adversary with a progress bar per epoch and a line per epoch, calling
    /// `epochEnded` after each; stops at the next batch when `shouldStop` (by default, Ctrl-C).
    static func train(_ plan: Plan, epochEnded: (AdversarialEpoch) -> Void = { _ in },
                      shouldStop: () -> Bool = { Interrupt.isRequested }) -> (LuaModel, AdversarialHistory) {
        let (base, options) = (plan.base.model, plan.options)
        let adversary = base.adversarialStart(options, embeddings: plan.vectors?.matrix)
        let bar = EpochProgress<AdversarialEpoch>(label: { "adversary epoch \($0)/\(options.epochs)" })
        let history = adversary.fitAdversary(against: base, on: plan.dataset, options: options, progress: { event in
            guard let summary = bar.show(event) else { return }
            ModelTraining.report(line(summary, of: options.epochs))
            epochEnded(summary)
        }, shouldStop: shouldStop)
        if history.interrupted {
            bar.stopped("interrupted: keeping the adversary of epoch \(history.bestEpoch.map(String.init) ?? "-")")
        }
        let source = switch options.mode {
        case .frozen: "the base model's, kept fixed (frozen adversary)"
        case .unfrozen:
            plan.vectors.map { "\($0.path.split(separator: "/").last ?? "")'s \($0.dimension)-d vectors" }
                ?? (base.config.trainEmbeddings ? "random N(0, 1) rows" : "the base model's (it does not train them)")
        }
        return (LuaModel(adversary, vocabulary: plan.base.vocabulary, tokenizer: plan.base.tokenizer, embeddingSource: source), history)
    }

    /// "adversary epoch 3/8: train loss -0.412 (TVD 0.021, JSD 0.433), dev TVD 0.030, JSD 0.440,
    /// accuracy 0.800 (12.1 s, 520 ex/s)".
    private static func line(_ epoch: AdversarialEpoch, of epochs: Int) -> String {
        let f = ModelTraining.format
        let dev = epoch.dev.map { ", dev TVD \(f($0.meanTotalVariation)), JSD \(f($0.meanJensenShannon)), accuracy \(f($0.accuracy))" } ?? ""
        return "adversary epoch \(epoch.epoch)/\(epochs): train loss \(f(epoch.trainLoss)) (TVD \(f(epoch.trainTotalVariation)), "
            + "JSD \(f(epoch.trainJensenShannon)))\(dev) (\(String(format: "%.1f", epoch.seconds)) s, \(Int(epoch.examplesPerSecond.rounded())) ex/s)"
    }

    // MARK: Reports

    /// sa.adversarial's report: the comparison with the base model on the test split (Table 5's
    /// JSD and accuracies), the settings, and the training record.
    static func report(_ plan: Plan, adversary: LuaModel, history: AdversarialHistory, run: RunID?) -> [String: JSONValue] {
        let test = AttentionComparison(adversary.model, against: plan.base.model, on: plan.dataset.test!)
        let jsd = test.jensenShannon, tvd = test.totalVariation
        var fields: [String: JSONValue] = [
            "jsd": .finite(test.meanJensenShannon), "jsd_sd": .finite(standardDeviation(jsd)),
            "tvd": .finite(test.meanTotalVariation), "tvd_sd": .finite(standardDeviation(tvd)),
            "accuracy": .number(test.accuracy), "accuracy_base": .number(test.baseAccuracy),
            "accuracy_difference": .number(test.accuracy - test.baseAccuracy), "agreement": .number(test.agreement),
            "n": .number(Double(test.count)),
            "mode": .string(plan.options.mode.rawValue), "lambda": .shortest(plan.options.lambda),
            "best_epoch": history.bestEpoch.map { .number(Double($0)) } ?? .null,
            "interrupted": .bool(history.interrupted), "reused": .bool(false),
            "epochs": .array(history.epochs.map { epoch in
                var row = metrics(epoch)
                row["epoch"] = .number(Double(epoch.epoch))
                row["seconds"] = .number(epoch.seconds)
                return .object(row)
            }),
        ]
        fields["run"] = run.map { .number(Double($0.rawValue)) }
        return fields
    }

    /// What the store keeps of a report as the run's test metrics: the measures on the test
    /// split and the kept epoch (the rest is in the run's config and epochs).
    private static func stored(_ report: [String: JSONValue]) -> [String: JSONValue] {
        let names = ["jsd", "jsd_sd", "tvd", "tvd_sd", "accuracy", "accuracy_base", "accuracy_difference", "agreement", "n", "best_epoch"]
        return report.filter { names.contains($0.key) }
    }

    /// An epoch's measures (all but its number and time), as the store records them.
    private static func metrics(_ epoch: AdversarialEpoch) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "train_loss": .finite(epoch.trainLoss), "train_tvd": .finite(epoch.trainTotalVariation),
            "train_jsd": .finite(epoch.trainJensenShannon), "examples_per_second": .finite(epoch.examplesPerSecond),
        ]
        if let dev = epoch.dev, let loss = epoch.devLoss {
            fields["dev_loss"] = .finite(loss)
            fields["dev_tvd"] = .finite(dev.meanTotalVariation)
            fields["dev_jsd"] = .finite(dev.meanJensenShannon)
            fields["dev_accuracy"] = .number(dev.accuracy)
        }
        return fields
    }

    /// The sample standard deviation (n − 1), as the paper's ± columns; NaN for a NaN value.
    private static func standardDeviation(_ values: [Double]) -> Double {
        values.count > 1 ? (try? meanAndStandardDeviation(values))?.sd ?? .nan : 0
    }

    // MARK: Keys

    /// What tells two adversaries apart, besides the seed and the data.
    static let revision = 1

    static func keyFields(_ plan: Plan) throws -> [String: JSONValue] {
        let options = plan.options
        let base = plan.base.model
        let lr = JSONValue.shortest(options.learningRate(for: base.config.encoder))
        guard case .object(var baseFields) = base.config.json else { preconditionFailure("a config is an object") }
        baseFields["weights"] = .string(Fingerprint.of(base))
        var fields: [String: JSONValue] = [
            "adversarial": .string(options.mode.rawValue), "lambda": .shortest(options.lambda),
            "epochs": .number(Double(options.epochs)), "batch": .number(Double(options.batchSize)), "lr": lr,
            "weight_decay": .shortest(options.weightDecay), "attention_lr": options.attentionLearningRate.map(JSONValue.shortest) ?? lr,
            "noise": .number(options.lengthNoise), "base": .object(baseFields), "revision": .number(Double(revision)),
        ]
        switch options.mode {
        case .frozen:
            fields["train_decoder"] = .bool(options.trainDecoder)
            fields["scorer"] = .string(options.freshScorer ? "fresh" : "base")
        case .unfrozen:
            fields["embeddings"] = .string(plan.vectors?.path ?? (base.config.trainEmbeddings ? "random" : "base"))
            if let vectors = plan.vectors { fields["embeddings_fingerprint"] = .string(Fingerprint.of(vectors.matrix)) }
        }
        return fields
    }

    /// `body`, with a run store's errors as script errors.
}

extension Fingerprint {
    /// "fnv1a64 …" of a model's weights: every parameter's name, shape and values, bit for bit.
    static func of(_ model: Classifier) -> String {
        var fingerprint = Fingerprint()
        for (name, parameter) in model.parameters {
            fingerprint.mix(name)
            fingerprint.mix(parameter.value)
        }
        return "fnv1a64 \(fingerprint.hex)"
    }

    /// "fnv1a64 …" of a tensor's shape and values.
    static func of(_ tensor: Tensor) -> String {
        var fingerprint = Fingerprint()
        fingerprint.mix(tensor)
        return "fnv1a64 \(fingerprint.hex)"
    }

    private mutating func mix(_ tensor: Tensor) {
        for dimension in tensor.shape { mix(UInt64(dimension)) }
        mix(UInt64.max)
        for scalar in tensor.scalars { mix(UInt64(scalar.bitPattern)) }
    }
}
