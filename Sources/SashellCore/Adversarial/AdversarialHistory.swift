/// One epoch of adversarial training.
public struct AdversarialEpoch: Sendable, Equatable {
    public let epoch: Int
    /// The means over the epoch's batches of the loss and of its two terms.
    public let trainLoss: Double
    public let trainTotalVariation: Double
    public let trainJensenShannon: Double
    /// Against the base model on the dev split, when there is one.
    public let dev: AttentionComparison?
    /// The adversarial objective on dev (mean TVD − λ · mean JSD), by which epochs are chosen.
    public let devLoss: Double?
    public let seconds: Double
    public let examplesPerSecond: Double
}

/// What `fitAdversary` did: every epoch, the one whose weights the adversary kept, and whether
/// it was stopped.
public struct AdversarialHistory: Sendable, Equatable {
    public var epochs: [AdversarialEpoch] = []
    /// The epoch (from 1) whose weights the adversary holds.
    public var bestEpoch: Int?
    /// Stopped by the caller (Ctrl-C) before the last epoch ended.
    public var interrupted = false

    public init() {}
}

/// What `fitAdversary` reports as it goes, for a progress bar and epoch lines.
public enum AdversarialEvent {
    /// An epoch begins, over `total` examples.
    case epochStarted(epoch: Int, total: Int)
    /// A batch is done: `examples` of `total` in this epoch, with the epoch's mean loss so far.
    case batch(epoch: Int, examples: Int, total: Int, loss: Double)
    case epoch(AdversarialEpoch)
}
