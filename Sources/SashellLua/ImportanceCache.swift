import Autodiff
import Foundation
import RunStore
import SashellCore

/// Feature-importance results of a run's model, kept in the run store (`sa.fi.over`), so that a
/// second script reuses what a first one computed. A result is keyed by the method, its options,
/// the examples it covered and `revision`; the run pins the model's weights.
enum ImportanceCache {
    /// The results' kind in the store.
    static let kind = "fi"
    /// What the methods compute for given inputs: bump it when that changes, so that results
    /// of older code are computed again rather than reused.
    static let revision = 1

    /// "gradient of=inputs … | examples 500 fnv1a64 … | revision 1": readable, and different
    /// whenever the method, an option or any example (its ids or label) differs.
    static func key(method: String, options: String, examples: [Example]) -> String {
        var fingerprint = Fingerprint()
        for example in examples {
            fingerprint.mix(example)
        }
        return "\(method) \(options) | examples \(examples.count) fnv1a64 \(fingerprint.hex) | revision \(revision)"
    }

    /// The tensors stored for `key` under the run, or nil if none are (or they cannot be read).
    static func load(_ run: (store: String, id: RunID), key: String) throws -> [Tensor]? {
        try RunStore(path: run.store).result(run.id, kind: kind, key: key).flatMap(decode)
    }

    static func save(_ tensors: [Tensor], _ run: (store: String, id: RunID), key: String) throws {
        try RunStore(path: run.store).storeResult(run.id, kind: kind, key: key, payload: encode(tensors))
    }

    // MARK: Payload

    /// Little-endian 32-bit words: the count of tensors, then each one's rank, dimensions and
    /// scalars (their bit patterns).
    static func encode(_ tensors: [Tensor]) -> Data {
        var words: [UInt32] = [UInt32(tensors.count)]
        for tensor in tensors {
            words.append(UInt32(tensor.rank))
            words += tensor.shape.map(UInt32.init)
            words += tensor.scalars.map(\.bitPattern)
        }
        return words.map(\.littleEndian).withUnsafeBytes { Data($0) }
    }

    /// The tensors of `encode`'s payload, or nil if it is not one (truncated, or sizes that do not add up).
    static func decode(_ data: Data) -> [Tensor]? {
        guard data.count % 4 == 0 else { return nil }
        let words = data.withUnsafeBytes { bytes in
            (0..<data.count / 4).map { UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)) }
        }
        var next = 0
        func read() -> Int? {
            guard next < words.count else { return nil }
            next += 1
            return Int(words[next - 1])
        }
        guard let count = read() else { return nil }
        var tensors: [Tensor] = []
        for _ in 0..<count {
            guard let rank = read(), rank <= 8 else { return nil }
            var shape: [Int] = []
            for _ in 0..<rank {
                guard let dimension = read() else { return nil }
                shape.append(dimension)
            }
            guard let size = Tensor.validatedCount(of: shape), size <= words.count - next else { return nil }
            tensors.append(Tensor(shape: shape, scalars: words[next..<next + size].map(Float.init(bitPattern:))))
            next += size
        }
        return next == words.count ? tensors : nil
    }
}
