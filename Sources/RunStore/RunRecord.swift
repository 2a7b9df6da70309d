import JSON
import Foundation

/// A run's row id in the store.
public struct RunID: Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
}

/// Where a run is in its life. Only `finished` runs are reused; any other row with the same key is
/// what a crash, an error or Ctrl-C left behind, and the next `beginRun` replaces it.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    case running, finished, failed, interrupted
}

/// One row of `runs`, with its JSON columns decoded.
public struct RunRecord: Sendable, Hashable {
    public let id: RunID
    /// The SHA-256 of the run's `RunKey`.
    public let key: String
    public let status: RunStatus
    public let config: [String: JSONValue]
    public let seed: UInt64
    public let dataset: String
    public let datasetVersion: String
    public let dataFingerprint: String
    public let sashellVersion: String
    public let startedAt: Date
    /// When the run finished, failed or was interrupted; nil while running.
    public let finishedAt: Date?
    /// Training time as measured by the trainer (not `finishedAt - startedAt`, which includes setup).
    public let wallSeconds: Double?
    public let examplesPerSecond: Double?
    public let checkpointPath: String?
    public let testMetrics: [String: JSONValue]?
    /// Why the run failed or was interrupted.
    public let errorMessage: String?
}

/// One row of `epochs`: a training epoch's metrics (e.g. train_loss, dev_accuracy, dev_auc).
public struct EpochRecord: Sendable, Hashable {
    public let epoch: Int
    public let metrics: [String: JSONValue]
    public let wallSeconds: Double
}
