import Autodiff
import Foundation

/// What training reports as it goes, for a progress bar and epoch lines; `Summary` is what an
/// epoch of it sums up to (`EpochSummary` for `fit`, `AdversarialEpoch` for `fitAdversary`).
public enum TrainingEvent<Summary> {
    /// An epoch begins, over `total` examples.
    case epochStarted(epoch: Int, total: Int)
    /// A batch is done: `examples` of `total` in this epoch, with the epoch's mean loss so far.
    case batch(epoch: Int, examples: Int, total: Int, loss: Double)
    case epoch(Summary)
}

/// J&W's schedule, which `fit` and `fitAdversary` share: each epoch's length-bucketed batches
/// (seeded, with length noise), one step on each, then the epoch summed up and scored. The
/// weights of the best-scoring epoch are put back at the end, also when the caller stops early.
struct EpochLoop<Summary> {
    let epochs: Int
    let batchSize: Int
    let seed: UInt64
    let lengthNoise: Double

    /// What the loop did: every epoch's summary, the epoch whose weights the parameters hold,
    /// and whether it was stopped.
    struct Outcome {
        var epochs: [Summary] = []
        var bestEpoch: Int?
        var interrupted = false
    }

    /// Runs the epochs over `train`, updating `parameters` through `step`.
    /// - step: trains on a batch with the Gumbel noise seed it is given; returns the batch's loss.
    /// - summarize: ends epoch `epoch` from the mean loss of its `examples` and its `seconds`;
    ///   returns its summary and its score, higher being better.
    /// - shouldStop: polled after each batch; when it says stop, training ends there, and the
    ///   interrupted epoch is summarized only if no epoch has ended before it.
    func run(over train: Split, parameters: [Variable], step: (Batch, UInt64) -> Double,
             summarize: (_ epoch: Int, _ loss: Double, _ examples: Int, _ seconds: Double) -> (Summary, score: Double),
             progress: (TrainingEvent<Summary>) -> Void, shouldStop: () -> Bool) -> Outcome {
        var outcome = Outcome()
        var best = BestWeights(parameters)
        for epoch in 1...max(epochs, 1) {
            let start = Date()
            let batches = train.trainingBatches(size: batchSize, seed: seed, epoch: epoch, noise: lengthNoise)
            progress(.epochStarted(epoch: epoch, total: train.count))
            var (lossSum, done) = (0.0, 0)
            for (index, batch) in batches.enumerated() {
                lossSum += step(batch, Self.stepNoise(seed: seed, epoch: epoch, step: index)) * Double(batch.count)
                done += batch.count
                progress(.batch(epoch: epoch, examples: done, total: train.count, loss: lossSum / Double(done)))
                if shouldStop() {
                    outcome.interrupted = true
                    break
                }
            }
            if outcome.interrupted, outcome.bestEpoch != nil { break }
            let (summary, score) = summarize(epoch, lossSum / Double(max(done, 1)), done, Date().timeIntervalSince(start))
            outcome.epochs.append(summary)
            progress(.epoch(summary))
            if best.offer(score) { outcome.bestEpoch = epoch }
            if outcome.interrupted { break }
        }
        best.restore()
        return outcome
    }

    /// The seed of the Gumbel noise of training step `step` of `epoch`: fresh for every step, and
    /// the same for the same training seed.
    static func stepNoise(seed: UInt64, epoch: Int, step: Int) -> UInt64 {
        seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(epoch) << 32 &+ UInt64(step)
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
