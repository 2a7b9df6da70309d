import Autodiff
import Foundation

/// Jain & Wallace's permutation experiment (§4.1) on one example: how much the prediction moves
/// when the attention weights are shuffled over the real tokens while the intermediate
/// representations stay where they are.
public struct AttentionPermutation: Sendable {
    /// |ŷ_π − ŷ| for each random permutation π, in the order drawn.
    public let differences: [Double]
    /// ŷ with the model's own attention.
    public let baseProbability: Double

    /// The median of `differences` (the mean of the middle two for an even count), J&W's
    /// summary per example.
    public var median: Double {
        let sorted = differences.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

extension Classifier {
    /// Permutes the model's attention over the tokens of `example` `count` times (uniformly
    /// random permutations from a generator seeded with `seed`) and decodes each permuted
    /// attention over the example's unchanged states.
    ///
    /// The prediction each is compared with is decoded the same way (the identity permutation),
    /// one attention row at a time, so a permutation that leaves the weights as they were (any
    /// permutation of uniform attention) changes ŷ by exactly 0, not by a rounding difference
    /// between two ways of computing one number. `shouldStop`, polled before each permutation,
    /// ends the experiment early, with the differences so far.
    public func permuteAttention(_ example: Example, count: Int = 100, seed: UInt64 = 0,
                                 shouldStop: () -> Bool = { false }) -> AttentionPermutation {
        precondition(count >= 0, "permuteAttention: count must be non-negative")
        let fixed = fixedStates(of: example)
        let states = Variable(fixed.states)
        let weights = fixed.attention.scalars
        func probability(_ attention: [Float]) -> Double {
            let logit = decode(attention: Variable(Tensor(shape: [1, attention.count], scalars: attention)), over: states)
            return 1 / (1 + Foundation.exp(-Double(logit.value.scalars[0])))
        }
        let base = probability(weights)
        var generator = RandomGenerator(seed: seed)
        var differences: [Double] = []
        for _ in 0..<count {
            if shouldStop() { break }
            let permutation = generator.permutation(weights.count)
            differences.append(abs(probability(permutation.map { weights[$0] }) - base))
        }
        return AttentionPermutation(differences: differences, baseProbability: base)
    }
}
