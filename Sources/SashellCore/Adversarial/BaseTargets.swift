import Autodiff
import Foundation

/// What the base model says about every example of a split, computed once: its prediction
/// ŷ = P(label 1) and its attention. The adversary trains against these for many epochs, and
/// the base model does not change, so it is run once per split rather than once per batch.
struct BaseTargets {
    /// ŷ of each example, in the split's order.
    let probabilities: [Double]
    /// Each example's attention over all of its ids (0 at `<SOS>` and `<EOS>`).
    let attention: [[Float]]

    init(_ base: Classifier, _ split: Split, batchSize: Int = Classifier.inferenceBatchSize) {
        var probabilities = [Double](repeating: 0, count: split.count)
        var attention = [[Float]](repeating: [], count: split.count)
        for batch in split.inferenceBatches(size: batchSize) {
            let output = base.inference(batch)
            let (logits, weights) = (output.logits.value.scalars, output.attention.value.scalars)
            for (row, index) in batch.indices.enumerated() {
                probabilities[index] = 1 / (1 + Foundation.exp(-Double(logits[row])))
                attention[index] = Array(weights[row * batch.width..<row * batch.width + batch.lengths[row]])
            }
        }
        self.probabilities = probabilities
        self.attention = attention
    }

    /// ŷ of the batch's examples: [B].
    func probabilities(_ batch: Batch) -> Tensor {
        Tensor(shape: [batch.count], scalars: batch.indices.map { Float(probabilities[$0]) })
    }

    /// The batch's attention rows, padded with zeros to its width: [B, T].
    func attention(_ batch: Batch) -> Tensor {
        Tensor(shape: [batch.count, batch.width]) { rows in
            rows.initialize(repeating: 0)
            for (row, index) in batch.indices.enumerated() {
                for (t, weight) in attention[index].enumerated() { rows[row * batch.width + t] = weight }
            }
        }
    }
}
