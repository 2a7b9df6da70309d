import JSON
import Foundation
import GRDB

/// The record of training runs: one SQLite file holding each run's identity (`RunKey`), status,
/// per-epoch metrics, test metrics, timings and checkpoint path, plus a cache of results computed
/// from a run's model. Experiment scripts ask it for a finished run before training, so nothing
/// that exists is trained again.
///
/// Several sashell processes may use one store at once: the file is in WAL mode (readers never
/// wait for the writer) and a writer waits up to `busyTimeout` for another's transaction instead
/// of failing. Every write is one short transaction.
public final class RunStore: Sendable {
    /// The database file.
    public let path: String
    private let pool: DatabasePool

    /// How long a write waits for another process's write before giving up.
    static let busyTimeout: TimeInterval = 30

    /// `<results>/runs/sashell.db`: where sashell keeps its runs under a results directory.
    public static func defaultPath(resultsDirectory: String) -> String {
        URL(fileURLWithPath: resultsDirectory).appendingPathComponent("runs/sashell.db").path
    }

    /// Opens the store at `path`, creating the file and its parent directories if needed and
    /// upgrading an older schema. Throws `RunStoreError` if the file is not a run store (not SQLite,
    /// or another program's database) or was written by a newer sashell.
    public init(path: String) throws {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw RunStoreError.cannotOpen(path: path, reason: "cannot create \(directory.path) (\(error.localizedDescription))")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "sashell run store"
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.read { db in try Self.checkOwnership(db, path: path) }
            try Schema.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw Self.openingError(error, path: path)
        }
    }

    /// Refuses another program's database and a schema newer than this sashell's.
    private static func checkOwnership(_ db: Database, path: String) throws {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if applicationID == 0 {
            // A new file is empty; an unmarked file with tables belongs to someone else.
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if !tables.isEmpty {
                throw RunStoreError.notARunStore(path: path, reason: "it is another SQLite database (tables \(tables.joined(separator: ", ")))")
            }
        } else if applicationID != Schema.applicationID {
            throw RunStoreError.notARunStore(path: path, reason: "it is another program's SQLite database (application id \(applicationID))")
        }
        let migrator = Schema.migrator
        if try migrator.hasBeenSuperseded(db) {
            let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
            throw RunStoreError.newerSchema(path: path, unknownMigrations: unknown)
        }
    }

    /// SQLite's complaint about a file, as a `RunStoreError` naming it.
    private static func openingError(_ error: DatabaseError, path: String) -> RunStoreError {
        let reason = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .notARunStore(path: path, reason: reason)
        default: return .cannotOpen(path: path, reason: reason)
        }
    }

    // MARK: Runs

    /// The finished run with this key, if there is one: the model to reuse instead of training.
    public func finishedRun(key: RunKey) throws -> RunRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE key = ? AND status = 'finished'", arguments: [key.digest])
                .map(RunRecord.init(row:))
        }
    }

    /// The run with this id, if it exists.
    public func run(_ id: RunID) throws -> RunRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id.rawValue]).map(RunRecord.init(row:))
        }
    }

    /// Records the start of a run and returns its id. A row with the same key that is not
    /// finished (a crash, an error or an interrupt left it behind) is deleted with its epochs and
    /// results, so it never blocks training again; a finished one throws `alreadyFinished`.
    public func beginRun(_ key: RunKey, sashellVersion: String) throws -> RunID {
        try writeImmediately { db in
            if let previous = try Row.fetchOne(db, sql: "SELECT id, status FROM runs WHERE key = ?", arguments: [key.digest]) {
                let id = RunID(previous["id"])
                if try RunStatus(stored: previous["status"], run: id) == .finished {
                    throw RunStoreError.alreadyFinished(id)
                }
                try db.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [id.rawValue])
            }
            try db.execute(
                sql: """
                    INSERT INTO runs (key, status, config, seed, dataset, dataset_version, data_fingerprint,
                                      sashell_version, started_at)
                    VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [key.digest, try JSONValue.object(key.config).storedText(path: "config"),
                            Int64(key.seed), key.dataset, key.datasetVersion, key.dataFingerprint,
                            sashellVersion, Date()])
            return RunID(db.lastInsertedRowID)
        }
    }

    /// Records (or re-records, after a resumed epoch) one epoch's metrics of a running run.
    public func recordEpoch(_ run: RunID, epoch: Int, metrics: [String: JSONValue], wallSeconds: Double) throws {
        let text = try JSONValue.object(metrics).storedText(path: "metrics")
        try writeImmediately { db in
            try Self.requireRunning(db, run)
            try db.execute(
                sql: "INSERT OR REPLACE INTO epochs (run_id, epoch, metrics, wall_seconds) VALUES (?, ?, ?, ?)",
                arguments: [run.rawValue, epoch, text, wallSeconds])
        }
    }

    /// Marks a running run finished, with its test metrics, training time, throughput and the
    /// checkpoint that holds its model.
    public func finishRun(_ run: RunID, testMetrics: [String: JSONValue], wallSeconds: Double,
                          examplesPerSecond: Double, checkpointPath: String?) throws {
        let text = try JSONValue.object(testMetrics).storedText(path: "test metrics")
        try writeImmediately { db in
            try Self.requireRunning(db, run)
            try db.execute(
                sql: """
                    UPDATE runs SET status = 'finished', finished_at = ?, test_metrics = ?, wall_seconds = ?,
                                    examples_per_second = ?, checkpoint_path = ?
                    WHERE id = ?
                    """,
                arguments: [Date(), text, wallSeconds, examplesPerSecond, checkpointPath, run.rawValue])
        }
    }

    /// Marks a running run `failed` or `interrupted`, with the reason. The next `beginRun` with
    /// its key replaces it.
    public func failRun(_ run: RunID, status: RunStatus = .failed, message: String) throws {
        guard status == .failed || status == .interrupted else {
            throw RunStoreError.invalidValue("a run can only fail as failed or interrupted, not \(status.rawValue)")
        }
        try writeImmediately { db in
            try Self.requireRunning(db, run)
            try db.execute(
                sql: "UPDATE runs SET status = ?, finished_at = ?, error_message = ? WHERE id = ?",
                arguments: [status.rawValue, Date(), message, run.rawValue])
        }
    }

    /// Deletes a run with its epochs and results, e.g. to train a finished run again.
    public func deleteRun(_ run: RunID) throws {
        try writeImmediately { db in
            try db.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [run.rawValue])
            if db.changesCount == 0 { throw RunStoreError.noSuchRun(run) }
        }
    }

    /// The runs matching every entry of `filter`, oldest first; see `RunFilter` for what a name
    /// can match. An empty filter lists every run.
    public func runs(matching filter: [String: JSONValue] = [:]) throws -> [RunRecord] {
        let (condition, arguments) = try RunFilter.sql(for: filter)
        return try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs WHERE \(condition) ORDER BY id", arguments: arguments)
                .map(RunRecord.init(row:))
        }
    }

    /// A run's epochs, in order.
    public func epochs(of run: RunID) throws -> [EpochRecord] {
        try pool.read { db in
            try Self.requireExisting(db, run)
            return try Row.fetchAll(db, sql: "SELECT * FROM epochs WHERE run_id = ? ORDER BY epoch", arguments: [run.rawValue])
                .map { row in
                    EpochRecord(epoch: row["epoch"], metrics: try decodeObject(row["metrics"], column: "metrics"),
                                wallSeconds: row["wall_seconds"])
                }
        }
    }

    // MARK: Results

    /// Stores (or replaces) a result computed from a run's model, such as a feature-importance
    /// tensor: `kind` names what it is, `key` which one (e.g. the split and method).
    public func storeResult(_ run: RunID, kind: String, key: String, payload: Data) throws {
        try writeImmediately { db in
            try Self.requireExisting(db, run)
            try db.execute(
                sql: "INSERT OR REPLACE INTO results (run_id, kind, key, payload, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [run.rawValue, kind, key, payload, Date()])
        }
    }

    /// A stored result, or nil if it has not been computed.
    public func result(_ run: RunID, kind: String, key: String) throws -> Data? {
        try pool.read { db in
            try Data.fetchOne(db, sql: "SELECT payload FROM results WHERE run_id = ? AND kind = ? AND key = ?",
                              arguments: [run.rawValue, kind, key])
        }
    }

    // MARK: Helpers

    /// Runs `body` in an IMMEDIATE transaction: it takes the write lock before reading, so a
    /// check-then-write cannot be overtaken by another process (which a deferred transaction
    /// would report as SQLITE_BUSY instead of waiting).
    private func writeImmediately<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            var value: T?
            try db.inTransaction(.immediate) {
                value = try body(db)
                return .commit
            }
            return value!
        }
    }

    private static func requireExisting(_ db: Database, _ run: RunID) throws {
        if try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?)", arguments: [run.rawValue])! {
            throw RunStoreError.noSuchRun(run)
        }
    }

    private static func requireRunning(_ db: Database, _ run: RunID) throws {
        guard let stored = try String.fetchOne(db, sql: "SELECT status FROM runs WHERE id = ?", arguments: [run.rawValue]) else {
            throw RunStoreError.noSuchRun(run)
        }
        let status = try RunStatus(stored: stored, run: run)
        if status != .running { throw RunStoreError.notRunning(run, status) }
    }
}

extension RunStatus {
    /// The status in a `status` column.
    init(stored: String, run: RunID) throws {
        guard let status = RunStatus(rawValue: stored) else {
            throw RunStoreError.invalidValue("run \(run) has an unknown status '\(stored)'")
        }
        self = status
    }
}

extension RunRecord {
    /// The record of a `runs` row.
    init(row: Row) throws {
        id = RunID(row["id"])
        key = row["key"]
        status = try RunStatus(stored: row["status"], run: id)
        config = try decodeObject(row["config"], column: "config")
        seed = UInt64(row["seed"] as Int64)
        dataset = row["dataset"]
        datasetVersion = row["dataset_version"]
        dataFingerprint = row["data_fingerprint"]
        sashellVersion = row["sashell_version"]
        startedAt = row["started_at"]
        finishedAt = row["finished_at"]
        wallSeconds = row["wall_seconds"]
        examplesPerSecond = row["examples_per_second"]
        checkpointPath = row["checkpoint_path"]
        testMetrics = try (row["test_metrics"] as String?).map { try decodeObject($0, column: "test_metrics") }
        errorMessage = row["error_message"]
    }
}

/// A JSON object column's fields.
private func decodeObject(_ text: String, column: String) throws -> [String: JSONValue] {
    guard case let .object(fields) = try JSONValue.parse(text) else {
        throw RunStoreError.invalidValue("the \(column) column holds JSON that is not an object")
    }
    return fields
}
