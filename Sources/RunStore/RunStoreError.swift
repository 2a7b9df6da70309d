import JSON

/// Why the run store refused a file or an operation.
public enum RunStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file exists but is not a run store: not SQLite at all, or another program's database.
    case notARunStore(path: String, reason: String)
    /// The file was migrated by a newer sashell, whose schema this one does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The file cannot be opened or created (permissions, a directory in the way, ...).
    case cannotOpen(path: String, reason: String)
    /// No run has this id (it was deleted, or replaced by a new attempt with the same key).
    case noSuchRun(RunID)
    /// The operation needs a running run, and this one has ended.
    case notRunning(RunID, RunStatus)
    /// `beginRun` was asked to start a run whose key already has a finished run: reuse it with
    /// `finishedRun(key:)`, or delete it first to train again.
    case alreadyFinished(RunID)
    /// A value the store cannot record (a NaN metric, a seed beyond 64-bit signed, ...).
    case invalidValue(String)

    public var description: String {
        switch self {
        case let .notARunStore(path, reason): "\(path) is not a sashell run store: \(reason)"
        case let .newerSchema(path, unknown):
            "\(path) was written by a newer sashell (unknown schema migrations: \(unknown.joined(separator: ", "))); upgrade sashell to use it"
        case let .cannotOpen(path, reason): "cannot open the run store \(path): \(reason)"
        case let .noSuchRun(id): "there is no run \(id.rawValue) in the run store"
        case let .notRunning(id, status): "run \(id.rawValue) is \(status.rawValue), not running"
        case let .alreadyFinished(id): "run \(id.rawValue) with this key has already finished; reuse it or delete it to train again"
        case let .invalidValue(why): why
        }
    }
}

extension JSONValue {
    /// `canonicalText`, with NaN and the infinities reported as the run store's invalid values.
    func storedText(path: String) throws(RunStoreError) -> String {
        do {
            return try canonicalText(path: path)
        } catch {
            throw .invalidValue(error.description)
        }
    }
}
