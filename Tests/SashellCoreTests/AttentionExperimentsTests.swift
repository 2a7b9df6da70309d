import Autodiff
import Foundation
@testable import SashellCore
import Testing

/// Jain & Wallace's experiments on one example with the states fixed: the permutation of the
/// attention weights (§4.1) and the adversarial attention search (§4.2).
@Suite struct AttentionExperimentsTests {
    let base: Classifier

    /// A BiLSTM that has learned `TrainingTests`' task.
    init() {
        base = TrainingTests.model(.lstm)
        _ = base.fit(TrainingTests.dataset, options: TrainingTests.options)
    }

    static var examples: [Example] { Array(TrainingTests.dataset.test!.examples.prefix(6)) }

    /// ŷ for `attention` over the example's real tokens, computed as `forward` computes it: the
    /// attention padded with 0 at `<SOS>` and `<EOS>`, summed against the encoder's states.
    func probability(_ example: Example, attention: [Float]) -> Double {
        let output = base.forward(Batch([example]))
        let padded = Tensor(shape: [1, example.ids.count], scalars: [0] + attention + [0])
        let logit = base.decode(weightedSum(Variable(padded), output.hidden)).value.scalars[0]
        return 1 / (1 + exp(-Double(logit)))
    }

    /// Uniform attention is its own permutation: α_i = 1/n for every i, so α∘π = α, the
    /// context Σ α_π(i) h_i is the same vector and ŷ cannot move — exactly 0 for every π.
    @Test func uniformAttentionIgnoresPermutations() {
        var config = base.config
        config.projection = .uniform
        let uniform = Classifier(config: config)
        for ((_, target), (_, source)) in zip(uniform.parameters, base.parameters) { target.assign(source.value) }
        for example in Self.examples {
            let result = uniform.permuteAttention(example, count: 50, seed: 1)
            #expect(result.differences.count == 50 && result.differences.allSatisfy { $0 == 0 }, "\(result.differences)")
            #expect(result.median == 0)
        }
    }

    /// Learned attention does depend on where its weights are; each difference is the one a
    /// hand-permuted attention gives, and the same seed gives the same permutations.
    @Test func permutationsOfLearnedAttention() {
        let example = Self.examples.max { $0.length < $1.length }!
        let result = base.permuteAttention(example, count: 21, seed: 7)
        #expect(result.differences.contains { $0 > 1e-3 }, "\(result.differences)")
        #expect(result.median == result.differences.sorted()[10])
        let attention = base.fixedStates(of: example).attention.scalars
        #expect(abs(result.baseProbability - probability(example, attention: attention)) < 1e-6)
        var generator = RandomGenerator(seed: 7)
        let first = generator.permutation(attention.count).map { attention[$0] }
        #expect(abs(result.differences[0] - abs(probability(example, attention: first) - result.baseProbability)) < 1e-6)
        #expect(base.permuteAttention(example, count: 21, seed: 7).differences == result.differences)
        #expect(base.permuteAttention(example, count: 21, seed: 8).differences != result.differences)
        #expect(AttentionPermutation(differences: [0.4, 0.1, 0.3, 0.2], baseProbability: 0.5).median == 0.25)
    }

    /// The search keeps to the simplex and to ε: every candidate is a distribution over the
    /// tokens, its prediction change and JSD are what decoding its attention as `forward` would
    /// and the reporting JSD give, and the one it returns moved ŷ by less than ε. It diverges
    /// from the model's attention: this BiLSTM's states all carry the label (each has read the
    /// whole sentence), so attention can move far; the threshold, JSD > 0.2 (29% of ln 2), is
    /// half the least seen on these examples (0.41 to 0.69).
    @Test func searchRespectsEpsilon() throws {
        var options = AttentionSearchOptions()
        options.seed = 2
        for example in Self.examples {
            let search = base.searchAdversarialAttention(example, options: options)
            #expect(search.candidates.count == 5)
            for candidate in search.candidates {
                #expect(candidate.attention.count == example.length && candidate.attention.allSatisfy { $0 >= 0 })
                #expect(abs(candidate.attention.reduce(0, +) - 1) < 1e-5)
                let change = abs(probability(example, attention: candidate.attention) - search.baseProbability)
                #expect(abs(change - candidate.predictionChange) < 1e-6)
                let jsd = try jensenShannon(candidate.attention.map(Double.init), search.baseAttention.map(Double.init))
                #expect(abs(jsd - candidate.jensenShannon) < 1e-9)
            }
            let best = try #require(search.best)
            #expect(best.predictionChange < options.epsilon)
            #expect(best.jensenShannon > 0.2)
        }
    }

    /// A stop request (Ctrl-C) ends both experiments early: permutations so far, the search
    /// where it is (after no step, its random starts).
    @Test func stopRequests() {
        let example = Self.examples[0]
        var polls = 0
        let permutation = base.permuteAttention(example, count: 10, seed: 1) {
            polls += 1
            return polls > 3
        }
        #expect(permutation.differences == base.permuteAttention(example, count: 3, seed: 1).differences)
        var options = AttentionSearchOptions()
        options.steps = 0
        let unmoved = base.searchAdversarialAttention(example, options: options)
        options.steps = 500
        let stopped = base.searchAdversarialAttention(example, options: options) { true }
        #expect(stopped.candidates.map(\.attention) == unmoved.candidates.map(\.attention))
    }

    /// With ε = 0 no candidate qualifies (the model's own attention is then the answer); the
    /// same seed gives the same candidates.
    @Test func searchWithoutRoom() {
        let example = Self.examples[0]
        var options = AttentionSearchOptions()
        options.steps = 50
        options.epsilon = 0
        let search = base.searchAdversarialAttention(example, options: options)
        #expect(search.best == nil)
        let again = base.searchAdversarialAttention(example, options: options)
        #expect(again.candidates.map(\.attention) == search.candidates.map(\.attention))
        options.seed = 1
        #expect(base.searchAdversarialAttention(example, options: options).candidates.map(\.attention) != search.candidates.map(\.attention))
    }
}
