import JSON
/// What makes two training runs the same run: the model and training config, the seed, and the
/// data (dataset name, its version, and a fingerprint of the exact examples, e.g. a digest of the
/// files or of the split). Training is deterministic for a given seed, so a finished run with the
/// same key is the model a new training would produce, and experiment scripts reuse it.
public struct RunKey: Sendable, Hashable {
    public let config: [String: JSONValue]
    public let seed: UInt64
    public let dataset: String
    public let datasetVersion: String
    public let dataFingerprint: String

    /// The identity as canonical JSON (sorted keys, one spelling per number): configs equal as
    /// values give equal text whatever their key order or number notation.
    public let canonicalText: String
    /// The SHA-256 of `canonicalText` in hexadecimal: the `key` column of the run store.
    public let digest: String

    /// Throws if the config holds a number JSON cannot represent (NaN, an infinity), or if the
    /// seed does not fit SQLite's signed 64-bit integers.
    public init(config: [String: JSONValue], seed: UInt64, dataset: String, datasetVersion: String,
                dataFingerprint: String) throws(RunStoreError) {
        guard seed <= UInt64(Int64.max) else { throw .invalidValue("seed \(seed) is larger than \(Int64.max)") }
        self.config = config
        self.seed = seed
        self.dataset = dataset
        self.datasetVersion = datasetVersion
        self.dataFingerprint = dataFingerprint
        let identity: JSONValue = [
            "config": .object(config),
            // As text: a Double would merge seeds above 2^53.
            "seed": .string(String(seed)),
            "dataset": .string(dataset),
            "dataset_version": .string(datasetVersion),
            "data_fingerprint": .string(dataFingerprint),
        ]
        canonicalText = try identity.storedText(path: "key")
        digest = SHA256.hexDigest(canonicalText.utf8)
    }
}
