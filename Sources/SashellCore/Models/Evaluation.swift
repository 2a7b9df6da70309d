import Foundation
import Autodiff

/// How well a model does on a split: J&W report accuracy and select models by ROC AUC.
public struct Evaluation: Sendable, Equatable {
    public let accuracy: Double
    /// nil when the split holds only one label, where ROC AUC is undefined.
    public let auc: Double?
    /// Mean binary cross-entropy of the predicted probabilities (unweighted).
    public let loss: Double
    public let count: Int

    public init(accuracy: Double, auc: Double?, loss: Double, count: Int) {
        self.accuracy = accuracy
        self.auc = auc
        self.loss = loss
        self.count = count
    }
}

extension Classifier {
    /// The batch size of inference: larger than training's, as no gradient is kept.
    public static let inferenceBatchSize = 64

    /// P(label 1) for each example of `split`, in the split's order. Batches are sorted by length
    /// so that padding is least.
    public func probabilities(_ split: Split, batchSize: Int = inferenceBatchSize) -> [Double] {
        var result = [Double](repeating: 0, count: split.count)
        for batch in split.inferenceBatches(size: batchSize) {
            let logits = inference(batch).logits.value.scalars
            for (row, index) in batch.indices.enumerated() { result[index] = 1 / (1 + Foundation.exp(-Double(logits[row]))) }
        }
        return result
    }

    /// Accuracy (threshold 0.5), ROC AUC and loss on `split`.
    public func evaluate(_ split: Split, batchSize: Int = inferenceBatchSize) -> Evaluation {
        let p = probabilities(split, batchSize: batchSize)
        let labels = split.examples.map(\.label)
        let correct = zip(p, labels).count { ($0 > 0.5) == ($1 == 1) }
        // Clamped as PyTorch's BCELoss clamps its logarithms, so that a confident mistake costs 100, not ∞.
        let loss = zip(p, labels).reduce(0) { total, pair in
            total - max(Foundation.log(pair.1 == 1 ? pair.0 : 1 - pair.0), -100)
        }
        let count = max(split.count, 1)
        return Evaluation(accuracy: Double(correct) / Double(count), auc: try? rocAUC(scores: p, labels: labels),
                          loss: loss / Double(count), count: split.count)
    }
}
