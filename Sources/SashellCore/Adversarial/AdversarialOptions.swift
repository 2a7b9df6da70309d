/// How to train an adversary (`Classifier.adversarialStart`, `fitAdversary`): Wiegreffe &
/// Pinter's protocol in the two variants of Meister et al.'s Table 5, and the training options
/// of `TrainingOptions` that apply to it.
public struct AdversarialOptions: Sendable {
    /// Where the adversary starts, and what it may change.
    public enum Mode: String, CaseIterable, Sendable {
        /// Meister et al.'s "frozen": the base model's parameters, with the embeddings and the
        /// encoder kept so (they are not trained), so the adversary's intermediate
        /// representations h are exactly the base model's. Only the attention scorer, drawn
        /// afresh (see `freshScorer`), and the decoder learn: the retrained counterpart of Jain &
        /// Wallace's search over attention with h fixed. The paper's explanation of its Table 5
        /// rests on this: with h fixed, information cannot move between positions, so diverging
        /// attention costs accuracy.
        case frozen
        /// Meister et al.'s "unfrozen", W&P's own protocol: a new model of the base's
        /// configuration, trained from scratch with the adversarial loss, free to spread
        /// information across its h differently.
        case unfrozen
    }

    public var mode: Mode
    /// λ of TVD − λ·JSD: how much attention divergence is worth in prediction distance.
    public var lambda: Float = 1
    public var epochs = 8
    public var batchSize = 32
    /// nil: 1e-3 for the BiLSTM, the rate of W&P's code for every part of its adversary (and of
    /// J&W's for their models), and 1e-4 for the Transformer, ten times Table 4's as for the
    /// BiLSTM. Table 4's own rates are the base models'; at its 1e-5 a Transformer adversary of
    /// an SST model was far from done after 8 epochs (frozen JSD 0.16, unfrozen TVD 0.23), at
    /// 1e-4 it had converged (0.57 and 0.09).
    public var learningRate: Float?
    public var weightDecay: Float = 1e-5
    /// The attention scorer's learning rate (it has no weight decay); nil: the model's.
    public var attentionLearningRate: Float?
    /// Seeds the batches, the Gumbel noise and the adversary's initial weights (all of an
    /// unfrozen one, the attention scorer of a frozen one, or the noise on it).
    public var seed: UInt64 = 0
    /// J&W's length noise of the batches.
    public var lengthNoise = 0.1
    /// Frozen mode: whether the decoder learns along with the attention scorer.
    public var trainDecoder = true
    /// Frozen mode: whether the attention scorer starts from fresh seeded weights rather than
    /// from the base model's (nudged by 1% noise), where the loss has a local minimum.
    public var freshScorer = true

    public init(mode: Mode) {
        self.mode = mode
    }

    /// The learning rate for `encoder`.
    public func learningRate(for encoder: ModelConfig.EncoderKind) -> Float {
        learningRate ?? (encoder == .lstm ? 1e-3 : 1e-4)
    }
}
