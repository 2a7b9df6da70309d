import Autodiff

/// A split of a dataset (train, dev or test, or a subset of one): examples in a fixed order.
public struct Split: Sendable {
    /// "train", "dev", "test", or a description of a subset ("test (sample of 100, seed 1)").
    public let name: String
    public let examples: [Example]

    public init(name: String, examples: [Example]) {
        self.name = name
        self.examples = examples
    }

    public var count: Int { examples.count }

    /// The examples for which `isIncluded` is true, in order.
    public func filter(_ isIncluded: (Example) throws -> Bool) rethrows -> Split {
        Split(name: "\(name) (filtered)", examples: try examples.filter(isIncluded))
    }

    /// `count` examples drawn without replacement by a generator seeded with `seed`, kept in
    /// the split's order, so that a sample of a sorted split is sorted too.
    public func sample(_ count: Int, seed: UInt64) throws(DataError) -> Split {
        guard (0...self.count).contains(count) else {
            throw DataError("cannot sample \(count) examples from a split of \(self.count)")
        }
        var generator = RandomGenerator(seed: seed)
        let chosen = generator.permutation(self.count).prefix(count).sorted()
        return Split(name: "\(name) (sample of \(count), seed \(seed))", examples: chosen.map { examples[$0] })
    }

    /// Counts, label balance and length summary.
    public var statistics: SplitStatistics {
        SplitStatistics(examples)
    }
}

/// What a split holds, at a glance: size, labels, lengths (in tokens, J&W's length).
public struct SplitStatistics: Sendable, Equatable {
    public let count: Int
    public let negatives: Int
    public let positives: Int
    public let meanLength: Double
    public let standardDeviationLength: Double
    public let minLength: Int
    public let maxLength: Int

    init(_ examples: [Example]) {
        count = examples.count
        positives = examples.count { $0.label == 1 }
        negatives = count - positives
        let lengths = examples.map { Double($0.length) }
        let mean = lengths.isEmpty ? 0 : lengths.reduce(0, +) / Double(count)
        meanLength = mean
        // The population deviation (numpy's default), as J&W's datastats report it.
        standardDeviationLength = lengths.isEmpty ? 0
            : (lengths.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(lengths.count)).squareRoot()
        minLength = examples.map(\.length).min() ?? 0
        maxLength = examples.map(\.length).max() ?? 0
    }
}
