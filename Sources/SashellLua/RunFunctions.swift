import Foundation
import JSON
import LuaBridge
import RunStore
import SashellCore

/// `sa.train` and `sa.runs`: training through the run store, so that experiment scripts never
/// train again what they have trained, and listing what they trained.
///
/// A run's key is the config (every sa.model and m:fit option with its default filled in; see
/// `ModelSpec.keyFields` and `ModelTraining.keyFields`), the model's seed, the dataset's name and
/// version, and a fingerprint of its data (`fingerprint`). Its model is kept as a checkpoint under
/// `<results>/models/`, its record in `<results>/runs/sashell.db`.
enum RunFunctions {
    static var module: LuaModule {
        LuaModule("sa", doc: SashellLibrary.doc, functions: [
            .init("train", doc: """
                sa.train{dataset=ds, model={...}, fit={...} [, seed=, results=DIR]} trains a model \
                through the run store and returns it with its run (a table as sa.runs gives): model \
                holds sa.model's options (dataset defaults to ds) and fit m:fit's; seed, when given, \
                is the default seed of both. If a finished run of the same key (every model and fit \
                option with its default, the seed, the dataset's name and version and a fingerprint \
                of its examples and vocabulary) exists and its checkpoint does, that model is loaded \
                instead of training. Otherwise the model is trained, each epoch recorded, saved to \
                DIR/models/, evaluated on ds.test, and the run finished. Ctrl-C keeps the model and \
                marks the run interrupted (trained again next time); an error marks it failed. The \
                results directory DIR is option results, else $SASHELL_RESULTS, else ./results; the \
                store is DIR/runs/sashell.db.
                """) { stack in
                let plan = try plan(stack, at: 1)
                let (model, run) = try execute(plan)
                stack.push(model)
                stack.push(run)
                return 2
            },
            .init("runs", doc: """
                sa.runs([filter] [, {results=DIR}]) lists the runs of the store in DIR (as sa.train \
                finds it), oldest first, as tables {id, status ("running", "finished", "failed" or \
                "interrupted"), dataset, version, seed, config, test ({accuracy, auc, loss, n}), \
                wall_seconds, examples_per_second, checkpoint, started, finished, error, key, \
                fingerprint, epochs ({epoch, train_loss, dev_accuracy, dev_auc, dev_loss, \
                examples_per_second, wall_seconds}, ...)}. A filter's names match the columns (id, \
                status, seed, dataset, dataset_version, data_fingerprint, checkpoint_path...) or the \
                config's fields (encoder, projection, hidden, epochs, lr, fit_seed...): \
                sa.runs{dataset="sst", projection="sparsemax"}.
                """) { stack in
                let filter: [String: JSONValue]
                switch stack.type(at: 1) {
                case .none, .nil: filter = [:]
                case .table:
                    guard case .object(let fields) = try stack.jsonValue(at: 1, what: "the run filter") else {
                        throw LuaArgumentError(argument: 1, problem: .invalid("a run filter names its fields: {dataset=\"sst\", ...}"))
                    }
                    filter = fields
                default:
                    throw LuaArgumentError(argument: 1, problem: .wrongType(expected: "table"))
                }
                let options = try stack.options(2, [.string("results")])
                let results = resultsDirectory(options.value("results"))
                let path = RunStore.defaultPath(resultsDirectory: results)
                guard FileManager.default.fileExists(atPath: path) else {
                    stack.newTable()
                    return 1
                }
                let tables = try storeErrors {
                    let store = try RunStore(path: path)
                    return try store.runs(matching: storeFilter(filter, known: store.runs(), results: results)).map { try table($0, store: store) }
                }
                stack.push(tables)
                return 1
            },
        ])
    }

    // MARK: Planning

    /// What sa.train's options ask for, with the run's key.
    struct Plan {
        let dataset: Dataset
        let spec: ModelSpec
        let settings: TrainingOptions
        let key: RunKey
        /// The results directory, absolute.
        let results: String

        var storePath: String { RunStore.defaultPath(resultsDirectory: results) }
        /// `models/<the key's first 16 hex digits>.safetensors`, relative to the results directory
        /// (as the store records it, so that a results directory can be moved or copied whole).
        var checkpoint: String { "models/" + key.digest.prefix(16) + ".safetensors" }
        var checkpointPath: String { results + "/" + checkpoint }
    }

    /// Reads sa.train's option table at `argument`.
    static func plan(_ stack: LuaStack, at argument: Int32) throws -> Plan {
        let position = stack.absoluteIndex(argument)
        let options = try stack.options(position, [
            .object("dataset", LuaDataset.self), .table("model"), .table("fit"), .integer("seed"), .string("results"),
        ])
        guard let dataset = options.value("dataset", as: LuaDataset.self) else {
            throw LuaArgumentError(argument: argument, problem: .invalid("give the data to train on: dataset=ds"))
        }
        let seed = options.value("seed", as: Int.self) ?? 0
        guard seed >= 0 else {
            throw LuaArgumentError(argument: argument, problem: .invalid("option 'seed' must be non-negative, got \(seed)"))
        }
        let spec = try nested("model", options, stack, argument: argument) { table in
            try ModelSpec(stack.options(table, ModelFunctions.declared(seed: seed)), argument: argument, dataset: dataset)
        }
        let settings = try nested("fit", options, stack, argument: argument) { table in
            try ModelTraining.settings(stack.options(table, ModelTraining.declared(seed: seed)), argument: argument)
        }
        guard spec.vocabulary.isSame(as: dataset.dataset.vocabulary) else {
            throw LuaArgumentError(argument: argument, problem: .invalid("the model's vocabulary is not the dataset's (\(spec.vocabulary.count) and \(dataset.dataset.vocabulary.count) ids)"))
        }
        let config = try spec.keyFields().merging(ModelTraining.keyFields(settings)) { model, _ in model }
        let key = try storeErrors {
            try RunKey(config: config, seed: spec.config.seed, dataset: dataset.dataset.name,
                       datasetVersion: dataset.dataset.version ?? "", dataFingerprint: Fingerprint.of(dataset.dataset))
        }
        return Plan(dataset: dataset.dataset, spec: spec, settings: settings, key: key,
                    results: resultsDirectory(options.value("results")))
    }

    /// Runs `body` on the nested option table `name` (pushed, at the index `body` gets), its
    /// bad options reported as sa.train's argument: "(model: unknown option 'hiden' ...)".
    private static func nested<T>(_ name: String, _ options: LuaOptions, _ stack: LuaStack, argument: Int32,
                                  _ body: (Int32) throws -> T) throws -> T {
        options.push(name)
        let table = stack.top
        defer { stack.remove(at: table) }
        do {
            return try body(table)
        } catch let error as LuaArgumentError {
            switch error.problem {
            case .invalid(let problem): throw LuaArgumentError(argument: argument, problem: .invalid("\(name): \(problem)"))
            case .wrongType(let expected): throw LuaArgumentError(argument: argument, problem: .invalid("\(name): \(expected) expected"))
            }
        }
    }

    /// The results directory: `explicit`, else $SASHELL_RESULTS, else ./results, made absolute.
    static func resultsDirectory(_ explicit: String?) -> String {
        let environment = ProcessInfo.processInfo.environment["SASHELL_RESULTS"].flatMap { $0.isEmpty ? nil : $0 }
        return URL(fileURLWithPath: explicit ?? environment ?? "results").standardizedFileURL.path
    }

    // MARK: Running

    /// Returns the model of the plan's finished run if its checkpoint exists, else trains one
    /// (stopping when `shouldStop`, by default at Ctrl-C), recording the run. Returns the model
    /// and the run's table.
    static func execute(_ plan: Plan, shouldStop: () -> Bool = { Interrupt.isRequested }) throws -> (LuaModel, LuaJSON) {
        let store = try storeErrors { try RunStore(path: plan.storePath) }
        if let run = try storeErrors({ try store.finishedRun(key: plan.key) }) {
            if let stored = run.checkpointPath, case let path = stored.hasPrefix("/") ? stored : plan.results + "/" + stored,
               FileManager.default.fileExists(atPath: path) {
                let model: LuaModel
                do {
                    model = try LuaModel(checkpoint: path)
                } catch {
                    throw ScriptError("sa.train: cannot load the model of run \(run.id): \(error) (delete the file to train it again)")
                }
                let test = run.testMetrics?["accuracy"]?.number.map { "; test accuracy \(ModelTraining.format($0))" } ?? ""
                ModelTraining.report("sa.train: reusing run \(run.id) (\(run.dataset), seed \(run.seed)\(test))")
                model.run = (plan.storePath, run.id)
                return (model, try storeErrors { try table(run, store: store) })
            }
            ModelTraining.report("sa.train: the checkpoint of run \(run.id) is missing; training it again")
            try storeErrors { try store.deleteRun(run.id) }
        }

        let model = try plan.spec.build()
        try ModelTraining.check(plan.dataset, for: model, argument: 1)
        let id = try storeErrors { try store.beginRun(plan.key, sashellVersion: sashellVersion) }
        do {
            var recordingError: Error?
            let start = Date()
            let history = ModelTraining.train(model, on: plan.dataset, settings: plan.settings, epochEnded: { summary in
                guard recordingError == nil else { return }
                do {
                    try store.recordEpoch(id, epoch: summary.epoch, metrics: summary.metrics, wallSeconds: summary.seconds)
                } catch {
                    recordingError = error
                }
            }, shouldStop: shouldStop)
            let wallSeconds = Date().timeIntervalSince(start)
            if let recordingError { throw recordingError }
            if history.interrupted {
                try store.failRun(id, status: .interrupted, message: "interrupted after \(history.epochs.count) of \(plan.settings.epochs) epochs")
            } else {
                let path = plan.checkpointPath
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try model.save(to: path, extra: ["run_key": .string(plan.key.digest)])
                var test: [String: JSONValue] = [:]
                if let split = plan.dataset.test, split.count > 0 {
                    let evaluation = model.model.evaluate(split)
                    test = ["accuracy": .finite(evaluation.accuracy), "auc": evaluation.auc.map(JSONValue.finite) ?? .null,
                            "loss": .finite(evaluation.loss), "n": .number(Double(evaluation.count))]
                }
                let rates = history.epochs.map(\.examplesPerSecond)
                try store.finishRun(id, testMetrics: test, wallSeconds: wallSeconds,
                                    examplesPerSecond: rates.isEmpty ? 0 : rates.reduce(0, +) / Double(rates.count),
                                    checkpointPath: plan.checkpoint)
                model.run = (plan.storePath, id)
            }
        } catch {
            try? store.failRun(id, status: .failed, message: "\(error)")
            throw ScriptError("sa.train: run \(id) failed: \(error)")
        }
        return (model, try storeErrors { try table(store.run(id)!, store: store) })
    }

    // MARK: Runs as tables

    /// The names sa.runs gives columns, and the columns they are.
    static let columnNames = ["version": "dataset_version", "fingerprint": "data_fingerprint",
                              "checkpoint": "checkpoint_path", "error": "error_message"]

    /// sa.runs's filter in the store's terms. A name must be a column (as sa.runs names it or as
    /// the store does) or a config field of some run: a misspelt name is an error, not an empty list.
    static func storeFilter(_ filter: [String: JSONValue], known runs: [RunRecord], results: String) throws -> [String: JSONValue] {
        let fields = Set(runs.flatMap(\.config.keys))
        var mapped: [String: JSONValue] = [:]
        for (name, value) in filter {
            let column = columnNames[name] ?? name
            guard RunFilter.columns.contains(column) || fields.contains(name) else {
                let valid = (Set(columnNames.keys).union(RunFilter.columns).union(fields)).sorted()
                throw LuaArgumentError(argument: 1, problem: .invalid("runs have no field '\(name)' (fields: \(valid.joined(separator: ", ")))"))
            }
            // A checkpoint as sa.runs prints it (absolute) is stored relative to the results directory.
            if column == "checkpoint_path", case .string(let path) = value, path.hasPrefix(results + "/") {
                mapped[column] = .string(String(path.dropFirst(results.count + 1)))
            } else {
                mapped[column] = value
            }
        }
        return mapped
    }

    /// A run as sa.runs lists it.
    static func table(_ run: RunRecord, store: RunStore) throws -> LuaJSON {
        let dates = ISO8601DateFormatter()
        let epochs = try store.epochs(of: run.id).map { epoch -> JSONValue in
            var fields = epoch.metrics
            fields["epoch"] = .number(Double(epoch.epoch))
            fields["wall_seconds"] = .number(epoch.wallSeconds)
            return .object(fields)
        }
        var fields: [String: JSONValue] = [
            "id": .number(Double(run.id.rawValue)), "key": .string(run.key), "status": .string(run.status.rawValue),
            "dataset": .string(run.dataset), "version": .string(run.datasetVersion), "seed": .number(Double(run.seed)),
            "fingerprint": .string(run.dataFingerprint), "config": .object(run.config),
            "started": .string(dates.string(from: run.startedAt)), "epochs": .array(epochs),
            "sashell_version": .string(run.sashellVersion),
        ]
        fields["test"] = run.testMetrics.map(JSONValue.object)
        fields["wall_seconds"] = run.wallSeconds.map(JSONValue.number)
        fields["examples_per_second"] = run.examplesPerSecond.map(JSONValue.number)
        // Stored relative to the results directory, which holds the store in runs/.
        let results = URL(fileURLWithPath: store.path).deletingLastPathComponent().deletingLastPathComponent().path
        fields["checkpoint"] = run.checkpointPath.map { .string($0.hasPrefix("/") ? $0 : results + "/" + $0) }
        fields["finished"] = run.finishedAt.map { .string(dates.string(from: $0)) }
        fields["error"] = run.errorMessage.map(JSONValue.string)
        return LuaJSON(.object(fields))
    }

    /// `body`, with a run store's errors as script errors (after `prefix`, such as "sa.fi.over: ").
    static func storeErrors<T>(prefix: String = "", _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RunStoreError {
            throw ScriptError(prefix + error.description)
        }
    }
}
