import Autodiff

extension Classifier {
    /// The relative size of the noise on a frozen adversary's attention scorer when it starts
    /// from the base model's (`freshScorer` false).
    static let symmetryBreakingScale: Float = 0.01

    /// The adversary of this (base) model before training, for `options.mode`:
    ///
    /// - frozen: a copy of every parameter, but for the attention scorer, which is drawn afresh
    ///   from `options.seed` (as a new model's would be). The base model's own scorer is a poor
    ///   start: there both terms of the loss have zero gradient (the JSD is at its minimum, 0,
    ///   where the two attentions agree; the TVD's subgradient is 0 where the predictions do),
    ///   and nearby the TVD, which moving attention changes to first order, outweighs the JSD,
    ///   which grows as the square of the change: a local minimum. J&W start their search from
    ///   random attention for the same reason. With `freshScorer` false the base's scorer is
    ///   kept, perturbed by seeded Gaussian noise of 1% of each tensor's root mean square to
    ///   leave the stationary point; on SST a frozen Transformer adversary so started did not
    ///   move in 8 epochs (JSD 0.000), one with a fresh scorer reached 0.57.
    /// - unfrozen: a new model of the same configuration whose weights are drawn from
    ///   `options.seed`. Its embedding table is `embeddings` if given (the pretrained vectors the
    ///   base started from, for W&P's protocol), else the base's when the base does not train
    ///   its embeddings (they are then a fixed input, not something it learned), else seeded
    ///   N(0, 1) rows.
    public func adversarialStart(_ options: AdversarialOptions, embeddings: Tensor? = nil) -> Classifier {
        switch options.mode {
        case .frozen:
            let copy = Classifier(config: config, embeddings: embedding.value)
            for ((_, target), (_, source)) in zip(copy.parameters, parameters) { target.assign(source.value) }
            var generator = RandomGenerator(seed: options.seed)
            if options.freshScorer {
                let fresh = AttentionScorer(config.attention, width: config.stateWidth, generator: &generator)
                for (target, source) in zip(copy.attentionParameters, fresh.parameters) { target.assign(source.variable.value) }
            } else {
                for parameter in copy.attentionParameters {
                    var value = parameter.value
                    let rms = (value.scalars.reduce(0) { $0 + $1 * $1 } / Float(max(value.count, 1))).squareRoot()
                    for i in value.scalars.indices { value.scalars[i] += Self.symmetryBreakingScale * rms * generator.normal() }
                    parameter.assign(value)
                }
            }
            return copy
        case .unfrozen:
            var fresh = config
            fresh.seed = options.seed
            return Classifier(config: fresh, embeddings: embeddings ?? (config.trainEmbeddings ? nil : embedding.value))
        }
    }
}
