import JSON
import Foundation
import RunStore

/// A fresh directory for one test's files, removed when the test is done with it.
final class Scratch {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("runstore-\(UUID().uuidString)").path

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    func path(_ name: String) -> String { directory + "/" + name }

    /// A store in this directory, under a subdirectory that does not exist yet.
    func store() throws -> RunStore { try RunStore(path: RunStore.defaultPath(resultsDirectory: directory)) }
}

/// A key for `config` on the SST data, seed `seed`.
func sstKey(_ config: [String: JSONValue], seed: UInt64 = 1) throws -> RunKey {
    try RunKey(config: config, seed: seed, dataset: "sst", datasetVersion: "1", dataFingerprint: "abc123")
}
