import Autodiff
import Foundation

/// How to train: the paper's Table 4 and J&W's trainer, each choice an option.
public struct TrainingOptions: Sendable {
    public enum Selection: String, CaseIterable, Sendable {
        case auc, accuracy, loss
    }

    public var epochs = 8
    public var batchSize = 32
    /// Table 4's BiLSTM rate, for both encoders. Table 4's Transformer rate, 1e-5, cannot train
    /// one from scratch in 8 epochs: Adam moves a weight by about lr per step, at most 0.016
    /// over SST's 1600 steps, and it ends at 0.66 test accuracy on SST against the paper's 0.79.
    /// At 1e-4 it reaches the paper (README, "Reproducing the paper").
    public var learningRate: Float = 1e-4
    public var weightDecay: Float = 1e-5
    /// The attention scorer's learning rate (it has no weight decay); nil: the model's.
    public var attentionLearningRate: Float?
    /// Seeds the batches (J&W's noisy length sort and shuffle) of every epoch.
    public var seed: UInt64 = 0
    /// The dev measure by which the best epoch is kept (J&W: ROC AUC).
    public var selection = Selection.auc
    /// BCE's weight of positive examples; nil: J&W's, negatives / positives of the training split.
    public var positiveWeight: Float?
    /// J&W's length noise of the batches.
    public var lengthNoise = 0.1

    public init() {}
}

/// One epoch of training, as the history keeps it.
public struct EpochSummary: Sendable, Equatable {
    public let epoch: Int
    /// The mean of the batches' losses.
    public let trainLoss: Double
    /// On the dev split, when there is one.
    public let dev: Evaluation?
    public let seconds: Double
    public let examplesPerSecond: Double

    public init(epoch: Int, trainLoss: Double, dev: Evaluation?, seconds: Double, examplesPerSecond: Double) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.dev = dev
        self.seconds = seconds
        self.examplesPerSecond = examplesPerSecond
    }
}

/// What `fit` did: every epoch, the one whose weights the model kept, and whether it was stopped.
public struct TrainingHistory: Sendable, Equatable {
    public var epochs: [EpochSummary] = []
    /// The epoch (from 1) whose weights the model holds.
    public var bestEpoch: Int?
    /// Stopped by the caller (Ctrl-C) before the last epoch ended.
    public var interrupted = false
    public var positiveWeight: Float = 1

    public init() {}

    /// The epoch whose weights the model holds.
    public var keptEpoch: EpochSummary? {
        bestEpoch.flatMap { best in epochs.first { $0.epoch == best } }
    }
}

/// What `fit` reports as it goes.
public typealias FitEvent = TrainingEvent<EpochSummary>

extension Classifier {
    /// Trains on `dataset.train` with Adam (AMSGrad), keeping the weights of the epoch with the
    /// best dev measure (the last epoch's without a dev split). `shouldStop` is polled after each
    /// batch: when it says stop, training ends there, the best weights so far are restored and
    /// the history says it was interrupted. The same seed, options and thread count give the
    /// same weights, bit for bit.
    public func fit(_ dataset: Dataset, options: TrainingOptions = TrainingOptions(),
                    progress: (FitEvent) -> Void = { _ in }, shouldStop: () -> Bool = { false }) -> TrainingHistory {
        let train = dataset.train
        let positives = train.examples.count { $0.label == 1 }
        var history = TrainingHistory()
        history.positiveWeight = options.positiveWeight
            ?? (positives > 0 ? Float(train.count - positives) / Float(positives) : 1)
        let optimizer = optimizer(options)
        let loop = EpochLoop<EpochSummary>(epochs: options.epochs, batchSize: options.batchSize, seed: options.seed,
                                           lengthNoise: options.lengthNoise)
        let outcome = loop.run(over: train, parameters: parameters.map(\.variable), step: { batch, noise in
            Double(trainingStep(batch, optimizer: optimizer, positiveWeight: history.positiveWeight, noise: noise))
        }, summarize: { epoch, loss, examples, seconds in
            let dev = dataset.dev.map { evaluate($0) }
            let summary = EpochSummary(epoch: epoch, trainLoss: loss, dev: dev, seconds: seconds,
                                       examplesPerSecond: Double(examples) / max(seconds, 1e-9))
            return (summary, dev.map { Self.score($0, options.selection) } ?? Double(epoch))
        }, progress: progress, shouldStop: shouldStop)
        (history.epochs, history.bestEpoch, history.interrupted) = (outcome.epochs, outcome.bestEpoch, outcome.interrupted)
        return history
    }

    /// One step of training on `batch`: the loss's gradient, then the optimiser's update.
    /// `noise` seeds the step's Gumbel noise, if the projection has any. Returns the batch's loss
    /// (before the update).
    public func trainingStep(_ batch: Batch, optimizer: Adam, positiveWeight: Float, noise: UInt64) -> Float {
        optimizer.zeroGrad()
        let loss = binaryCrossEntropyWithLogits(forward(batch, noise: noise).logits, targets: Tensor(shape: [batch.count], scalars: batch.labels),
                                                positiveWeight: positiveWeight)
        loss.backward()
        optimizer.step()
        return loss.value.scalars[0]
    }

    /// Adam with AMSGrad for `options`: the attention scorer in a group of its own without weight decay.
    public func optimizer(_ options: TrainingOptions) -> Adam {
        let learningRate = options.learningRate
        let attention = Set(attentionParameters.map(ObjectIdentifier.init))
        let trained = parameters.map(\.variable).filter(\.requiresGrad)
        return Adam([
            ParameterGroup(trained.filter { !attention.contains(ObjectIdentifier($0)) }, learningRate: learningRate,
                           weightDecay: options.weightDecay),
            ParameterGroup(attentionParameters, learningRate: options.attentionLearningRate ?? learningRate, weightDecay: 0),
        ], amsgrad: true)
    }

    /// A dev evaluation as a number to maximise; a diverged model (NaN loss) scores lowest.
    private static func score(_ evaluation: Evaluation, _ selection: TrainingOptions.Selection) -> Double {
        guard !evaluation.loss.isNaN else { return -.infinity }
        return switch selection {
        case .auc: evaluation.auc ?? evaluation.accuracy
        case .accuracy: evaluation.accuracy
        case .loss: -evaluation.loss
        }
    }
}
