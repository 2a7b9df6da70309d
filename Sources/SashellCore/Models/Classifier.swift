import Autodiff

/// The paper's text classifier (Meister et al. App. B, J&W's model): embeddings, an encoder giving
/// states h_i, attention α = φ(scores(h)) over the real tokens (`<SOS>`, `<EOS>` and padding get
/// exactly 0), the context c = Σ α_i h_i, and a linear decoder to one logit.
public final class Classifier {
    public let config: ModelConfig
    /// [vocabulary, embedding]; the padding row stays zero.
    let embedding: Variable
    let encoder: any SequenceEncoder
    let scorer: AttentionScorer
    let decoder: Linear

    /// What one forward pass computes, for a batch of B sequences padded to T ids.
    public struct Output {
        /// [B]
        public let logits: Variable
        /// [B, T]: 0 at `<SOS>`, `<EOS>` and padding.
        public let attention: Variable
        /// [B, T, H]
        public let hidden: Variable
        /// [B, T, E]
        public let embedded: Variable
    }

    /// A model of `config` with weights drawn from a generator seeded with `config.seed`, and the
    /// embedding table `embeddings` ([vocabulary, E], E overriding the config's) if given, else
    /// N(0, 1) rows as `nn.Embedding`'s.
    public init(config: ModelConfig, embeddings: Tensor? = nil) {
        precondition(config.invalidReason == nil, config.invalidReason ?? "")
        var config = config
        if let embeddings {
            precondition(embeddings.rank == 2 && embeddings.shape[0] == config.vocabularySize,
                         "embeddings must be [\(config.vocabularySize), E], got \(embeddings.shape)")
            config.embeddingDimension = embeddings.shape[1]
        }
        var generator = RandomGenerator(seed: config.seed)
        var table = embeddings ?? .normal([config.vocabularySize, config.embeddingDimension], generator: &generator)
        for i in 0..<config.embeddingDimension { table.scalars[i] = 0 }
        embedding = Variable(table, requiresGrad: config.trainEmbeddings)
        switch config.encoder {
        case .lstm:
            encoder = LSTMEncoder(input: config.embeddingDimension, hidden: config.hidden, generator: &generator)
        case .transformer:
            encoder = TransformerEncoder(input: config.embeddingDimension, width: config.hidden, layers: config.layers,
                                         feedForward: config.feedForward, preNorm: config.preNorm, tokenScale: config.embeddingScale,
                                         generator: &generator)
        }
        scorer = AttentionScorer(config.attention, width: config.stateWidth, generator: &generator)
        decoder = Linear(config.stateWidth, 1, generator: &generator)
        self.config = config
    }

    /// Every tensor of the model with its PyTorch-style name, embedding first.
    public var parameters: [NamedParameter] {
        [("embedding.weight", embedding)] + encoder.parameters + scorer.parameters + decoder.parameters("decoder")
    }

    /// The attention scorer's parameters, which train without weight decay and with their own
    /// learning rate (the paper's Table 4).
    public var attentionParameters: [Variable] {
        scorer.parameters.map(\.variable)
    }

    /// The number of scalars the model learns (the embeddings only if they are trained).
    public var trainableCount: Int {
        parameters.filter(\.variable.requiresGrad).reduce(0) { $0 + $1.variable.value.count }
    }

    /// Looks the batch's ids up: [B, T, E].
    public func embed(_ batch: Batch) -> Variable {
        Autodiff.embedding(embedding, ids: batch.ids.map(Int.init), shape: [batch.count, batch.width], paddingIndex: Int(Vocabulary.padding))
    }

    /// The forward pass of `batch`, from its embeddings `embedded` (by default looked up here; a
    /// feature-importance method passes its own, to differentiate with respect to them).
    ///
    /// Gumbel-softmax attention samples its noise from a generator seeded with `noise`, which
    /// training draws afresh for every step. Without it (inference) the projection is the noise's
    /// expectation-free limit softmax(z / τ), so that a prediction depends on the example alone,
    /// not on which batch it is in.
    public func forward(_ batch: Batch, embedded: Variable? = nil, noise: UInt64? = nil) -> Output {
        let x = embedded ?? embed(batch)
        let hidden = encoder(x, lengths: batch.lengths)
        let attention = project(scorer(hidden), mask: Self.attentionMask(batch), noise: noise)
        return Output(logits: decode(weightedSum(attention, hidden)), attention: attention, hidden: hidden, embedded: x)
    }

    /// `forward` for inference (evaluation, a look at one example, a base model's targets):
    /// records no graph, so nothing is kept for a backward pass that will not come.
    public func inference(_ batch: Batch) -> Output {
        Variable.withoutGradients { forward(batch) }
    }

    /// The attention distribution φ(scores) [B, T] over the positions where `mask` is 1.
    func project(_ scores: Variable, mask: Tensor, noise: UInt64? = nil) -> Variable {
        switch (config.projection, noise) {
        case (.gumbel(let tau, _), let noise?): Projection.gumbel(tau: tau, seed: noise)(scores, mask: mask)
        case (.gumbel(let tau, _), nil): softmax(scores * (1 / tau), mask: mask)
        case (let projection, _): projection(scores, mask: mask)
        }
    }

    /// The logits [B] of contexts [B, H].
    func decode(_ context: Variable) -> Variable {
        decoder(context).reshaped([context.shape[0]])
    }

    /// [B, T]: 1 at the real tokens, 0 at `<SOS>`, `<EOS>` and padding, which attention must not see.
    static func attentionMask(_ batch: Batch) -> Tensor {
        Tensor(shape: [batch.count, batch.width]) { mask in
            for (row, length) in batch.lengths.enumerated() {
                for t in 0..<batch.width { mask[row * batch.width + t] = t >= 1 && t < length - 1 ? 1 : 0 }
            }
        }
    }
}
