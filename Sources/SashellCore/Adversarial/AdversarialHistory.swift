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

/// What `fitAdversary` reports as it goes.
public typealias AdversarialEvent = TrainingEvent<AdversarialEpoch>
