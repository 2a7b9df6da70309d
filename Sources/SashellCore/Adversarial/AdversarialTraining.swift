import Autodiff
import Foundation

extension Classifier {
    /// Trains this model, an adversary made by `base.adversarialStart(options)`, against `base`
    /// on `dataset.train`: Adam (AMSGrad) on `AdversarialLoss` over J&W's length-bucketed batches,
    /// the labels unused. Frozen, only the attention scorer and (with `trainDecoder`) the decoder
    /// learn, over the base model's intermediate representations; unfrozen, everything does.
    ///
    /// After each epoch the adversary is compared with the base model on dev, and the weights of
    /// the epoch with the lowest dev objective (mean TVD − λ · mean JSD) are kept (the last
    /// epoch's without a dev split; never a diverged one). `shouldStop` is polled after each
    /// batch, as in `fit`: training ends there and the best weights so far are restored. The same
    /// options and thread count give the same adversary, bit for bit.
    public func fitAdversary(against base: Classifier, on dataset: Dataset, options: AdversarialOptions,
                             progress: (AdversarialEvent) -> Void = { _ in },
                             shouldStop: () -> Bool = { false }) -> AdversarialHistory {
        precondition(base.config.stateWidth == config.stateWidth && base.config.vocabularySize == config.vocabularySize,
                     "fitAdversary: the adversary must be made by base.adversarialStart")
        let train = dataset.train
        let targets = BaseTargets(base, train)
        // An empty dev split is no dev split: nothing to choose epochs by.
        let devSplit = dataset.dev.flatMap { $0.count > 0 ? $0 : nil }
        let devTargets = devSplit.map { BaseTargets(base, $0) }
        let optimizer = adversarialOptimizer(options)
        // The epoch's sums of the loss's two terms, weighted by batch size.
        var (tvdSum, jsdSum) = (0.0, 0.0)
        let loop = EpochLoop<AdversarialEpoch>(epochs: options.epochs, batchSize: options.batchSize, seed: options.seed,
                                               lengthNoise: options.lengthNoise)
        let outcome = loop.run(over: train, parameters: parameters.map(\.variable), step: { batch, noise in
            optimizer.zeroGrad()
            let (logits, attention) = adversarialForward(batch, frozen: options.mode == .frozen, noise: noise)
            let terms = AdversarialLoss(logits: logits, attention: attention, baseProbabilities: targets.probabilities(batch),
                                        baseAttention: targets.attention(batch), lambda: options.lambda)
            terms.loss.backward()
            optimizer.step()
            tvdSum += terms.meanTotalVariation * Double(batch.count)
            jsdSum += terms.meanJensenShannon * Double(batch.count)
            return Double(terms.loss.value.scalars[0])
        }, summarize: { epoch, loss, examples, seconds in
            var dev: AttentionComparison?
            if let devSplit, let devTargets { dev = AttentionComparison(self, against: devTargets, on: devSplit) }
            let devLoss = dev.map { $0.loss(lambda: options.lambda) }
            let count = Double(max(examples, 1))
            let summary = AdversarialEpoch(epoch: epoch, trainLoss: loss, trainTotalVariation: tvdSum / count,
                                           trainJensenShannon: jsdSum / count, dev: dev, devLoss: devLoss, seconds: seconds,
                                           examplesPerSecond: Double(examples) / max(seconds, 1e-9))
            (tvdSum, jsdSum) = (0, 0)
            // Lower is better; a diverged epoch (NaN) scores lowest.
            return (summary, devLoss.map { $0.isNaN ? -.infinity : -$0 } ?? Double(epoch))
        }, progress: progress, shouldStop: shouldStop)
        var history = AdversarialHistory()
        (history.epochs, history.bestEpoch, history.interrupted) = (outcome.epochs, outcome.bestEpoch, outcome.interrupted)
        return history
    }

    /// The adversary's logits [B] and attention [B, T] for `batch`. Frozen, the encoder's states
    /// enter as constants, so that no gradient reaches the embeddings or the encoder (and their
    /// backward pass, the costly part, is not run).
    func adversarialForward(_ batch: Batch, frozen: Bool, noise: UInt64?) -> (logits: Variable, attention: Variable) {
        guard frozen else {
            let output = forward(batch, noise: noise)
            return (output.logits, output.attention)
        }
        let states = Variable.withoutGradients { encoder(embed(batch), lengths: batch.lengths) }
        let attention = project(scorer(states), mask: Self.attentionMask(batch), noise: noise)
        return (decode(weightedSum(attention, states)), attention)
    }

    /// Adam with AMSGrad over what the adversary learns, as `optimizer(_:)` groups it: the
    /// attention scorer without weight decay and with its own rate, the rest with both.
    func adversarialOptimizer(_ options: AdversarialOptions) -> Adam {
        let learningRate = options.learningRate(for: config.encoder)
        let attention = Set(attentionParameters.map(ObjectIdentifier.init))
        let others: [Variable] = switch options.mode {
        case .frozen: options.trainDecoder ? decoder.parameters("decoder").map(\.variable) : []
        case .unfrozen: parameters.map(\.variable).filter { $0.requiresGrad && !attention.contains(ObjectIdentifier($0)) }
        }
        return Adam([
            ParameterGroup(others, learningRate: learningRate, weightDecay: options.weightDecay),
            ParameterGroup(attentionParameters, learningRate: options.attentionLearningRate ?? learningRate, weightDecay: 0),
        ], amsgrad: true)
    }
}
