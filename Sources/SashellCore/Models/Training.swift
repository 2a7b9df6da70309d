import Autodiff
import Foundation

/// How to train: the paper's Table 4 and J&W's trainer, each choice an option.
public struct TrainingOptions: Sendable {
    public enum Selection: String, CaseIterable, Sendable {
        case auc, accuracy, loss
    }

    public var epochs = 8
    public var batchSize = 32
    /// nil: the paper's, 1e-4 for the BiLSTM and 1e-5 for the Transformer.
    public var learningRate: Float?
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

    /// The learning rate for `encoder`.
    public func learningRate(for encoder: ModelConfig.EncoderKind) -> Float {
        learningRate ?? (encoder == .lstm ? 1e-4 : 1e-5)
    }
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

/// What `fit` reports as it goes, for a progress bar and epoch lines.
public enum TrainingEvent {
    /// An epoch begins, over `total` examples.
    case epochStarted(epoch: Int, total: Int)
    /// A batch is done: `examples` of `total` in this epoch, with its loss.
    case batch(epoch: Int, examples: Int, total: Int, loss: Double)
    case epoch(EpochSummary)
}

extension Classifier {
    /// Trains on `dataset.train` with Adam (AMSGrad), keeping the weights of the epoch with the
    /// best dev measure (the last epoch's without a dev split). `shouldStop` is polled after each
    /// batch: when it says stop, training ends there, the best weights so far are restored and
    /// the history says it was interrupted. The same seed, options and thread count give the
    /// same weights, bit for bit.
    public func fit(_ dataset: Dataset, options: TrainingOptions = TrainingOptions(),
                    progress: (TrainingEvent) -> Void = { _ in }, shouldStop: () -> Bool = { false }) -> TrainingHistory {
        let train = dataset.train
        let positives = train.examples.count { $0.label == 1 }
        var history = TrainingHistory()
        history.positiveWeight = options.positiveWeight
            ?? (positives > 0 ? Float(train.count - positives) / Float(positives) : 1)
        let optimizer = optimizer(options)
        var best = BestWeights(parameters.map(\.variable))
        for epoch in 1...max(options.epochs, 1) {
            let start = Date()
            let batches = train.trainingBatches(size: options.batchSize, seed: options.seed, epoch: epoch, noise: options.lengthNoise)
            progress(.epochStarted(epoch: epoch, total: train.count))
            var (lossSum, done) = (0.0, 0)
            for (step, batch) in batches.enumerated() {
                let noise = Self.stepNoise(seed: options.seed, epoch: epoch, step: step)
                lossSum += Double(trainingStep(batch, optimizer: optimizer, positiveWeight: history.positiveWeight, noise: noise))
                    * Double(batch.count)
                done += batch.count
                progress(.batch(epoch: epoch, examples: done, total: train.count, loss: lossSum / Double(done)))
                if shouldStop() {
                    history.interrupted = true
                    break
                }
            }
            if history.interrupted, history.bestEpoch != nil { break }
            let seconds = Date().timeIntervalSince(start)
            let dev = dataset.dev.map { evaluate($0) }
            let summary = EpochSummary(epoch: epoch, trainLoss: lossSum / Double(max(done, 1)), dev: dev,
                                       seconds: seconds, examplesPerSecond: Double(done) / max(seconds, 1e-9))
            history.epochs.append(summary)
            progress(.epoch(summary))
            let score = dev.map { Self.score($0, options.selection) } ?? Double(epoch)
            if best.offer(score) { history.bestEpoch = epoch }
            if history.interrupted { break }
        }
        best.restore()
        return history
    }

    /// The seed of the Gumbel noise of training step `step` of `epoch`: fresh for every step, and
    /// the same for the same training seed.
    static func stepNoise(seed: UInt64, epoch: Int, step: Int) -> UInt64 {
        seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(epoch) << 32 &+ UInt64(step)
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
        let learningRate = options.learningRate(for: config.encoder)
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

/// The weights of the best epoch so far, which training puts back when it ends (early, too).
struct BestWeights {
    private let parameters: [Variable]
    private var best: (score: Double, weights: [Tensor])?

    init(_ parameters: [Variable]) { self.parameters = parameters }

    /// Keeps the current weights if `score` is higher than every score offered before (or is
    /// the first); returns whether it was.
    mutating func offer(_ score: Double) -> Bool {
        guard best == nil || score > best!.score else { return false }
        best = (score, parameters.map(\.value))
        return true
    }

    /// Puts the kept weights back; nothing when no epoch was offered.
    func restore() {
        guard let best else { return }
        for (parameter, value) in zip(parameters, best.weights) { parameter.assign(value) }
    }
}
