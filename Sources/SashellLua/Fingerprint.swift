import Foundation
import SashellCore

/// FNV-1a (64-bit) digests of what a run was trained from, for run keys: the same data gives the
/// same digest, and any change to an example, a label, a split, the vocabulary or a vector file
/// changes it. (Not cryptographic: it guards against mistakes, not against forgery.)
struct Fingerprint {
    private(set) var hash: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func mix(_ word: UInt64) {
        hash = (hash ^ word) &* 0x0000_0100_0000_01b3
    }

    /// A string's bytes, then a separator, so that ("ab", "c") and ("a", "bc") differ.
    mutating func mix(_ text: String) {
        for byte in text.utf8 { mix(UInt64(byte)) }
        mix(UInt64.max)
    }

    /// The digest as 16 hexadecimal digits.
    var hex: String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Mixes in an example's label and ids.
    mutating func mix(_ example: Example) {
        mix(UInt64(bitPattern: Int64(example.label)))
        mix(UInt64(example.ids.count))
        for id in example.ids { mix(UInt64(UInt32(bitPattern: id))) }
    }

    /// "train 6355, dev 821, test 1725; vocabulary 13826; fnv1a64 …": the splits' sizes, for
    /// reading, and a digest of the tokenizer, the vocabulary and every example.
    static func of(_ dataset: Dataset) -> String {
        var fingerprint = Fingerprint()
        fingerprint.mix(dataset.tokenizer.rawValue)
        for word in dataset.vocabulary.words { fingerprint.mix(word) }
        for split in dataset.splits {
            fingerprint.mix(split.name)
            fingerprint.mix(UInt64(split.count))
            for example in split.examples { fingerprint.mix(example) }
        }
        let sizes = dataset.splits.map { "\($0.name) \($0.count)" }.joined(separator: ", ")
        return "\(sizes); vocabulary \(dataset.vocabulary.count); fnv1a64 \(fingerprint.hex)"
    }

    /// "fnv1a64 …" of a file's bytes (a word-vector file, whose contents a path does not pin).
    static func ofFile(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScriptError("cannot read \(path) to fingerprint it")
        }
        var fingerprint = Fingerprint()
        for byte in data { fingerprint.mix(UInt64(byte)) }
        return "fnv1a64 \(fingerprint.hex)"
    }
}
