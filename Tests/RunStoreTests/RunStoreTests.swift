import JSON
import Foundation
import GRDB
import RunStore
import Testing

@Suite struct RunStoreTests {
    let config: [String: JSONValue] = ["encoder": "lstm", "projection": "sparsemax", "lr": 1e-4, "fit": ["epochs": 2]]

    @Test func defaultPathIsUnderRuns() {
        #expect(RunStore.defaultPath(resultsDirectory: "/r/results") == "/r/results/runs/sashell.db")
    }

    @Test func runRoundTripsWithEpochsAndResults() throws {
        let scratch = Scratch()
        let store = try scratch.store()
        let key = try sstKey(config, seed: 7)
        let before = Date()
        let id = try store.beginRun(key, sashellVersion: "0.1.0")
        try store.recordEpoch(id, epoch: 1, metrics: ["train_loss": 0.6, "dev_auc": 0.7], wallSeconds: 10)
        try store.recordEpoch(id, epoch: 2, metrics: ["train_loss": 0.4, "dev_auc": 0.8], wallSeconds: 11)
        try store.recordEpoch(id, epoch: 2, metrics: ["train_loss": 0.3, "dev_auc": 0.9], wallSeconds: 12)
        try store.finishRun(id, testMetrics: ["accuracy": 0.82, "auc": 0.9, "n": 1821], wallSeconds: 23.5,
                            examplesPerSecond: 2400, checkpointPath: "/r/checkpoints/1.safetensors")
        let payload = Data([0, 1, 2, 255])
        try store.storeResult(id, kind: "importance", key: "test/gradient", payload: payload)

        // Through a second store on the same file, as a later script would see it.
        let reopened = try RunStore(path: store.path)
        let run = try #require(try reopened.run(id))
        #expect(run.key == key.digest)
        #expect(run.status == .finished)
        #expect(run.config == config)
        #expect(run.seed == 7 && run.dataset == "sst" && run.datasetVersion == "1" && run.dataFingerprint == "abc123")
        #expect(run.sashellVersion == "0.1.0")
        #expect(run.startedAt >= before.addingTimeInterval(-1) && run.finishedAt! >= run.startedAt)
        #expect(run.wallSeconds == 23.5 && run.examplesPerSecond == 2400)
        #expect(run.checkpointPath == "/r/checkpoints/1.safetensors")
        #expect(run.testMetrics == ["accuracy": 0.82, "auc": 0.9, "n": 1821])
        #expect(run.errorMessage == nil)
        #expect(try reopened.epochs(of: id).map(\.epoch) == [1, 2])
        #expect(try reopened.epochs(of: id)[1].metrics == ["train_loss": 0.3, "dev_auc": 0.9])
        #expect(try reopened.epochs(of: id)[1].wallSeconds == 12)
        #expect(try reopened.result(id, kind: "importance", key: "test/gradient") == payload)
        #expect(try reopened.result(id, kind: "importance", key: "dev/gradient") == nil)
    }

    @Test func aFinishedRunIsReusedByKey() throws {
        let scratch = Scratch()
        let store = try scratch.store()
        #expect(try store.finishedRun(key: sstKey(config)) == nil)
        let id = try store.beginRun(sstKey(config), sashellVersion: "0.1.0")
        #expect(try store.finishedRun(key: sstKey(config)) == nil, "a running run is not reusable")
        try store.finishRun(id, testMetrics: ["accuracy": 0.8], wallSeconds: 1, examplesPerSecond: 1, checkpointPath: nil)

        // The same config written differently is the same run; another seed is not.
        let respelled = try sstKey(["fit": ["epochs": 2.0], "lr": 0.0001, "projection": "sparsemax", "encoder": "lstm"])
        #expect(try store.finishedRun(key: respelled)?.id == id)
        #expect(try store.finishedRun(key: sstKey(config, seed: 2)) == nil)
        #expect(throws: RunStoreError.alreadyFinished(id)) { try store.beginRun(respelled, sashellVersion: "0.1.0") }

        try store.deleteRun(id)
        #expect(try store.finishedRun(key: respelled) == nil)
        #expect(try store.beginRun(respelled, sashellVersion: "0.1.0") != id)
    }

    @Test(arguments: [nil, RunStatus.failed, RunStatus.interrupted])
    func aRunThatDidNotFinishIsReplacedOnBegin(ending: RunStatus?) throws {
        let scratch = Scratch()
        let store = try scratch.store()
        let key = try sstKey(config)
        let crashed = try store.beginRun(key, sashellVersion: "0.1.0")
        try store.recordEpoch(crashed, epoch: 1, metrics: ["train_loss": 0.6], wallSeconds: 1)
        try store.storeResult(crashed, kind: "importance", key: "dev", payload: Data([1]))
        if let ending { try store.failRun(crashed, status: ending, message: "Ctrl-C") }

        let retry = try store.beginRun(key, sashellVersion: "0.1.0")
        #expect(retry != crashed)
        #expect(try store.runs().map(\.id) == [retry])
        #expect(try store.epochs(of: retry).isEmpty)
        #expect(try store.result(retry, kind: "importance", key: "dev") == nil)
        let leftovers = try DatabaseQueue(path: store.path).read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM epochs) + (SELECT count(*) FROM results)")
        }
        #expect(leftovers == 0, "the old attempt's epochs and results go with it")
        // The old attempt's id is gone for good: a stale writer is told so.
        #expect(throws: RunStoreError.noSuchRun(crashed)) {
            try store.recordEpoch(crashed, epoch: 2, metrics: [:], wallSeconds: 1)
        }
    }

    @Test func failedRunsKeepTheirReasonAndRefuseFurtherWrites() throws {
        let scratch = Scratch()
        let store = try scratch.store()
        let id = try store.beginRun(sstKey(config), sashellVersion: "0.1.0")
        #expect(throws: RunStoreError.self) { try store.failRun(id, status: .finished, message: "no") }
        try store.failRun(id, status: .interrupted, message: "interrupted at epoch 3")
        let run = try #require(try store.run(id))
        #expect(run.status == .interrupted && run.errorMessage == "interrupted at epoch 3" && run.finishedAt != nil)
        #expect(throws: RunStoreError.notRunning(id, .interrupted)) {
            try store.finishRun(id, testMetrics: [:], wallSeconds: 1, examplesPerSecond: 1, checkpointPath: nil)
        }
        #expect(throws: RunStoreError.invalidValue("metrics.train_loss is nan, which JSON cannot hold")) {
            try store.recordEpoch(id, epoch: 1, metrics: ["train_loss": .number(.nan)], wallSeconds: 1)
        }
        #expect(throws: RunStoreError.noSuchRun(RunID(99))) { try store.epochs(of: RunID(99)) }
    }

    @Test func filtersMatchColumnsAndConfigFields() throws {
        let scratch = Scratch()
        let store = try scratch.store()
        func run(_ config: [String: JSONValue], seed: UInt64 = 1, dataset: String = "sst", finish: Bool = true) throws -> RunID {
            let key = try RunKey(config: config, seed: seed, dataset: dataset, datasetVersion: "1", dataFingerprint: "f")
            let id = try store.beginRun(key, sashellVersion: "0.1.0")
            if finish { try store.finishRun(id, testMetrics: [:], wallSeconds: 1, examplesPerSecond: 1, checkpointPath: nil) }
            return id
        }
        let lstmSparse = try run(["encoder": "lstm", "projection": "sparsemax", "lr": 1e-4, "fit": ["batch": 32],
                                  "frozen": true, "sizes": [128, 64]])
        let lstmSoft = try run(["encoder": "lstm", "projection": "softmax", "lr": 1e-4, "frozen": false])
        let transformerSparse = try run(["encoder": "transformer", "projection": "sparsemax", "lr": 1e-5], seed: 2)
        let imdb = try run(["encoder": "lstm", "projection": "sparsemax", "lr": "1e-4"], dataset: "imdb", finish: false)

        func ids(_ filter: [String: JSONValue]) throws -> [RunID] { try store.runs(matching: filter).map(\.id) }
        #expect(try ids([:]) == [lstmSparse, lstmSoft, transformerSparse, imdb])
        #expect(try ids(["dataset": "sst", "projection": "sparsemax"]) == [lstmSparse, transformerSparse])
        #expect(try ids(["encoder": "lstm", "status": "finished"]) == [lstmSparse, lstmSoft])
        #expect(try ids(["status": "running"]) == [imdb])
        #expect(try ids(["seed": 2]) == [transformerSparse])
        #expect(try ids(["id": .number(Double(lstmSoft.rawValue))]) == [lstmSoft])
        // Numbers match numbers whatever their spelling, and never strings.
        #expect(try ids(["lr": 0.0001]) == [lstmSparse, lstmSoft])
        #expect(try ids(["lr": "1e-4"]) == [imdb])
        #expect(try ids(["fit.batch": 32]) == [lstmSparse])
        #expect(try ids(["frozen": true]) == [lstmSparse])
        #expect(try ids(["frozen": false]) == [lstmSoft])
        #expect(try ids(["frozen": nil]) == [transformerSparse, imdb])
        #expect(try ids(["sizes": [128, 64.0]]) == [lstmSparse])
        #expect(try ids(["encoder": "gru"]).isEmpty)
        #expect(throws: RunStoreError.self) { try ids(["dataset": ["sst"]]) }
        #expect(throws: RunStoreError.self) { try ids(["fit..batch": 32]) }
    }

    @Test func aFileThatIsNotSQLiteIsAClearError() throws {
        let scratch = Scratch()
        let path = scratch.path("sashell.db")
        try FileManager.default.createDirectory(atPath: scratch.directory, withIntermediateDirectories: true)
        try Data(String(repeating: "not a database, just text\n", count: 200).utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: RunStoreError.self) { try RunStore(path: path) }
        #expect(error == .notARunStore(path: path, reason: "file is not a database"))
        #expect("\(error)" == "\(path) is not a sashell run store: file is not a database")
    }

    @Test func anotherProgramsDatabaseIsRefusedAndLeftAlone() throws {
        let scratch = Scratch()
        let path = scratch.path("other.db")
        try FileManager.default.createDirectory(atPath: scratch.directory, withIntermediateDirectories: true)
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE notes (text TEXT)") }
        #expect(throws: RunStoreError.notARunStore(path: path, reason: "it is another SQLite database (tables notes)")) {
            try RunStore(path: path)
        }
        let tables = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables == ["notes"])
    }

    @Test func aNewerSchemaIsAnError() throws {
        let scratch = Scratch()
        let path = try scratch.store().path
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v2 from the future')")
        }
        #expect(throws: RunStoreError.newerSchema(path: path, unknownMigrations: ["v2 from the future"])) {
            try RunStore(path: path)
        }
    }

    /// Two stores on one file, as two sashell processes would have: one writes epochs and runs
    /// while the other begins its own runs and reads; nobody fails with "database is locked".
    @Test func twoStoresShareAFile() async throws {
        let scratch = Scratch()
        let writer = try scratch.store()
        let reader = try RunStore(path: writer.path)
        let config = self.config
        let id = try writer.beginRun(sstKey(config), sashellVersion: "0.1.0")
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for epoch in 1...200 {
                    try writer.recordEpoch(id, epoch: epoch, metrics: ["train_loss": .number(1 / Double(epoch))], wallSeconds: 1)
                }
                try writer.finishRun(id, testMetrics: ["accuracy": 0.8], wallSeconds: 200, examplesPerSecond: 1, checkpointPath: nil)
            }
            group.addTask {
                for seed in 2...50 {
                    let other = try reader.beginRun(sstKey(config, seed: UInt64(seed)), sashellVersion: "0.1.0")
                    let epochs = try reader.epochs(of: id).map(\.epoch)
                    #expect(epochs == Array(1...epochs.count.clamped(to: 0...200)))
                    try reader.failRun(other, message: "stopped")
                }
            }
            try await group.waitForAll()
        }
        #expect(try reader.epochs(of: id).count == 200)
        #expect(try reader.finishedRun(key: sstKey(config))?.id == id)
        #expect(try writer.runs(matching: ["status": "failed"]).count == 49)
    }
}

extension Comparable {
    fileprivate func clamped(to range: ClosedRange<Self>) -> Self { min(max(self, range.lowerBound), range.upperBound) }
}
