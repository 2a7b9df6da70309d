import Autodiff
import Foundation

/// How a model's attention and predictions differ from a base model's on a split: the measures
/// of Meister et al.'s Table 5 (JSD between the attentions, accuracy and its change) and the
/// prediction distance the adversary was held to.
public struct AttentionComparison: Sendable, Equatable {
    /// Per example, in the split's order: JSD(α, α_base) over the real tokens (nats, in
    /// [0, ln 2]; NaN if the model's output is not finite) and TVD(ŷ, ŷ_base) = |ŷ − ŷ_base|.
    public let jensenShannon: [Double]
    public let totalVariation: [Double]
    /// Accuracy (threshold 0.5) of the model and of the base model.
    public let accuracy: Double
    public let baseAccuracy: Double
    /// The share of examples whose predicted label is the base model's.
    public let agreement: Double

    public var count: Int { jensenShannon.count }
    public var meanJensenShannon: Double { Self.mean(jensenShannon) }
    public var meanTotalVariation: Double { Self.mean(totalVariation) }
    /// The adversarial objective on this split: mean TVD − λ · mean JSD.
    public func loss(lambda: Float) -> Double { meanTotalVariation - Double(lambda) * meanJensenShannon }

    /// `model` against `base` on `split`.
    public init(_ model: Classifier, against base: Classifier, on split: Split) {
        self.init(model, against: BaseTargets(base, split), on: split)
    }

    /// `model` against the base model's `targets` on `split`.
    init(_ model: Classifier, against targets: BaseTargets, on split: Split) {
        let batchSize = Classifier.inferenceBatchSize
        var (jsd, tvd) = ([Double](repeating: 0, count: split.count), [Double](repeating: 0, count: split.count))
        var (correct, baseCorrect, agreeing) = (0, 0, 0)
        for batch in split.inferenceBatches(size: batchSize) {
            let output = model.inference(batch)
            let (logits, weights) = (output.logits.value.scalars, output.attention.value.scalars)
            for (row, index) in batch.indices.enumerated() {
                // The real tokens: ids 1 ..< length − 1.
                let real = 1..<batch.lengths[row] - 1
                let attention = real.map { Double(weights[row * batch.width + $0]) }
                let baseAttention = real.map { Double(targets.attention[index][$0]) }
                // An example without tokens has no attention to differ in.
                jsd[index] = real.isEmpty ? 0 : (try? SashellCore.jensenShannon(attention, baseAttention)) ?? .nan
                let p = 1 / (1 + Foundation.exp(-Double(logits[row])))
                let basePositive = targets.probabilities[index] > 0.5
                tvd[index] = abs(p - targets.probabilities[index])
                let positive = p > 0.5, label = split.examples[index].label == 1
                if positive == label { correct += 1 }
                if basePositive == label { baseCorrect += 1 }
                if positive == basePositive { agreeing += 1 }
            }
        }
        let n = Double(max(split.count, 1))
        jensenShannon = jsd
        totalVariation = tvd
        accuracy = Double(correct) / n
        baseAccuracy = Double(baseCorrect) / n
        agreement = Double(agreeing) / n
    }

    /// NaN for no values or a NaN value.
    private static func mean(_ values: [Double]) -> Double {
        (try? meanAndStandardDeviation(values))?.mean ?? .nan
    }
}
