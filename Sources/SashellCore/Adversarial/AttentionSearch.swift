import Autodiff
import Foundation

/// How Jain & Wallace's adversarial attention search runs (their `AdversaryMulti`, §4.2).
public struct AttentionSearchOptions: Sendable {
    /// K attention distributions sought at once, from different random starts.
    public var candidates = 5
    /// Adam steps.
    public var steps = 500
    /// The largest prediction change allowed: |ŷ_adv − ŷ| < ε.
    public var epsilon = 0.01
    /// Adam's (AMSGrad) learning rate on the attention logits.
    public var learningRate: Float = 0.01
    /// The weight of the penalty on a prediction change beyond ε (J&W's 500).
    public var penalty: Float = 500
    /// Seeds the random starts.
    public var seed: UInt64 = 0

    public init() {}
}

/// The outcome of Jain & Wallace's search on one example.
public struct AttentionSearch: Sendable {
    /// One attention distribution the search ended at.
    public struct Candidate: Sendable {
        /// [n]: over the example's real tokens.
        public let attention: [Float]
        /// JSD(α_adv, α) in nats.
        public let jensenShannon: Double
        /// ŷ_adv, the prediction with this attention, and |ŷ_adv − ŷ|.
        public let probability: Double
        public let predictionChange: Double
    }

    public let candidates: [Candidate]
    /// The model's own attention and ŷ with it.
    public let baseAttention: [Float]
    public let baseProbability: Double
    public let epsilon: Double

    /// The most divergent candidate whose prediction moved by less than ε, if any. (The model's
    /// own attention always qualifies, with JSD 0: it is the answer when no candidate does.)
    public var best: Candidate? {
        candidates.filter { $0.predictionChange < epsilon }.max { $0.jensenShannon < $1.jensenShannon }
    }
}

extension Classifier {
    /// Jain & Wallace's adversarial attention for `example`, without retraining: attention
    /// distributions over its real tokens, decoded over its fixed states, pushed as far (in JSD)
    /// from the model's attention as they can go while the prediction stays within ε.
    ///
    /// Each candidate is the softmax of free logits θ ∈ ℝⁿ, so it stays on the probability
    /// simplex (strictly inside it: every token keeps some weight, though as little as the
    /// logits make it) whatever steps the optimiser takes, with no projection needed. As J&W,
    /// θ starts at log(1/n) plus N(0, 3²) noise, and Adam (AMSGrad) minimises, summed over the
    /// K candidates,
    ///
    ///     −JSD(α_k, α) + penalty · max(0, |ŷ_k − ŷ| − ε)
    ///
    /// minus the mean JSD between all pairs of candidates (which keeps them apart). The candidates
    /// where the search ends are returned with their divergence and prediction change.
    /// `shouldStop`, polled before each step, ends the search early (where it then is).
    public func searchAdversarialAttention(_ example: Example, options: AttentionSearchOptions = AttentionSearchOptions(),
                                           shouldStop: () -> Bool = { false }) -> AttentionSearch {
        precondition(options.candidates > 0 && options.steps >= 0, "searchAdversarialAttention: candidates must be positive, steps non-negative")
        let fixed = fixedStates(of: example)
        let (n, k) = (fixed.count, options.candidates)
        let states = Variable(fixed.states)
        let base = fixed.attention.scalars
        let baseLogit = decode(attention: Variable(fixed.attention.reshaped([1, n])), over: states).value.scalars[0]
        let baseProbability = 1 / (1 + Foundation.exp(-Double(baseLogit)))

        var generator = RandomGenerator(seed: options.seed)
        let logUniform = -Foundation.log(Float(n))
        let logits = Variable(Tensor(shape: [k, n], scalars: (0..<k * n).map { _ in logUniform + 3 * generator.normal() }),
                              requiresGrad: true)
        let baseRows = Variable(Tensor(shape: [k, n], scalars: Array((0..<k).map { _ in base }.joined())))
        let baseProbabilities = Variable(Tensor(repeating: Float(baseProbability), shape: [k]))
        let pairs = (0..<k).flatMap { a in (0..<k).map { b in (a, b) } }
        let optimizer = Adam([logits], learningRate: options.learningRate, amsgrad: true)
        for _ in 0..<options.steps {
            if shouldStop() { break }
            optimizer.zeroGrad()
            let attention = softmax(logits, axis: -1)
            let change = bernoulliTotalVariation(sigmoid(decode(attention: attention, over: states)), baseProbabilities)
            let excess = relu(change + Float(-options.epsilon)) * options.penalty
            let divergence = jensenShannon(attention, baseRows)
            let diversity = mean(jensenShannon(gatherRows(attention, pairs.map(\.0)), gatherRows(attention, pairs.map(\.1))))
            let loss = sum(excess - divergence) - diversity
            loss.backward()
            optimizer.step()
        }

        let attention = softmax(Variable(logits.value), axis: -1).value.scalars
        let candidates = (0..<k).map { row -> AttentionSearch.Candidate in
            let weights = Array(attention[row * n..<(row + 1) * n])
            let logit = decode(attention: Variable(Tensor(shape: [1, n], scalars: weights)), over: states).value.scalars[0]
            let divergence = (try? SashellCore.jensenShannon(weights.map(Double.init), base.map(Double.init))) ?? .nan
            let probability = 1 / (1 + Foundation.exp(-Double(logit)))
            return .init(attention: weights, jensenShannon: divergence, probability: probability,
                         predictionChange: abs(probability - baseProbability))
        }
        return AttentionSearch(candidates: candidates, baseAttention: base, baseProbability: baseProbability, epsilon: options.epsilon)
    }
}
