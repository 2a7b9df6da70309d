import Autodiff

/// A binary text-classification dataset: splits, the vocabulary that encodes them, and how it
/// was made. Built from the paper's data (`Dataset(builtin:)`) or a user's files (`Dataset(custom:)`).
public struct Dataset: Sendable {
    /// "sst", "imdb", "20news", or the name a user gave their data.
    public let name: String
    /// "current" or "paper2018" for the built-in datasets (see the data README); nil otherwise.
    public let version: String?
    public let train: Split
    public let dev: Split?
    public let test: Split?
    public let vocabulary: Vocabulary
    public let tokenizer: Tokenizer
    /// How the dataset was made, one fact a line (files, filters, a held-out dev split), so
    /// that a printed dataset says everything a reader of the results needs.
    public let provenance: [String]

    /// The splits present, in train, dev, test order.
    public var splits: [Split] { [train, dev, test].compactMap { $0 } }
}

/// `items` split into the rest and a held-out dev part: `fraction` (rounded down) of the items of each label,
/// drawn by a generator seeded with `seed` (stratified, as J&W split 20News). Both parts keep
/// the items' order.
func holdOut<Item>(_ items: [Item], label: (Item) -> Int, fraction: Double, seed: UInt64) -> (rest: [Item], heldOut: [Item]) {
    var generator = RandomGenerator(seed: seed)
    var isHeldOut = [Bool](repeating: false, count: items.count)
    for value in [0, 1] {
        let members = items.indices.filter { label(items[$0]) == value }
        // Rounded down, and at least one example of each label stays in training.
        let taken = min(Int(Double(members.count) * fraction), max(members.count - 1, 0))
        for i in generator.permutation(members.count).prefix(taken) { isHeldOut[members[i]] = true }
    }
    return (items.indices.filter { !isHeldOut[$0] }.map { items[$0] }, items.indices.filter { isHeldOut[$0] }.map { items[$0] })
}

/// The provenance line of a held-out dev split.
func heldOutNote(_ fraction: Double, heldOut: Int, of whole: Int, seed: UInt64) -> String {
    "dev: a stratified \(Int((fraction * 100).rounded()))% of train (\(heldOut) of \(whole), seed \(seed)) is held out"
}

extension Dataset {
    /// The dataset with each split cut to a seeded sample of at most `train`, `dev` and `test`
    /// examples (nil: the whole split), the vocabulary kept: a small copy for a quick run. Each
    /// sample keeps its split's order; the provenance says what was kept.
    public func sampled(train trainCount: Int?, dev devCount: Int?, test testCount: Int?, seed: UInt64) throws(DataError) -> Dataset {
        func cut(_ split: Split?, _ count: Int?) throws(DataError) -> Split? {
            guard let split, let count, count < split.count else { return split }
            return try split.sample(count, seed: seed)
        }
        let (train, dev, test) = (try cut(train, trainCount)!, try cut(dev, devCount), try cut(test, testCount))
        let kept = [("train", self.train, train), ("dev", self.dev, dev), ("test", self.test, test)]
            .compactMap { name, whole, part in whole.map { "\(name) \(part!.count) of \($0.count)" } }
        return Dataset(name: name, version: version, train: train, dev: dev, test: test, vocabulary: vocabulary,
                       tokenizer: tokenizer, provenance: provenance + ["sampled (seed \(seed)): " + kept.joined(separator: ", ")])
    }
}
