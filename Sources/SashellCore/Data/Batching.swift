import Autodiff

/// Examples padded to a common width, as a model reads them.
public struct Batch: Sendable {
    /// The examples' positions in their split (0-based).
    public let indices: [Int]
    /// count × width ids, row-major: each example's ids (`<SOS>` … `<EOS>`), then PAD (0).
    public let ids: [Int32]
    /// Each example's number of ids, `<SOS>` and `<EOS>` included.
    public let lengths: [Int]
    public let labels: [Float]
    public let width: Int

    public var count: Int { indices.count }

    /// count × width: 1 where an id is real, 0 at padding.
    public var mask: Tensor {
        Tensor(shape: [count, width], scalars: lengths.flatMap { length in
            (0..<width).map { $0 < length ? Float(1) : 0 }
        })
    }

    init(_ indices: [Int], of split: Split) {
        self.init(indices.map { split.examples[$0] }, indices: indices)
    }

    /// `examples` padded to the longest; `indices` says where they came from (default 0, 1, ...).
    public init(_ examples: [Example], indices: [Int]? = nil) {
        let width = examples.map(\.ids.count).max() ?? 0
        var ids = [Int32](repeating: Vocabulary.padding, count: examples.count * width)
        for (row, example) in examples.enumerated() {
            ids.replaceSubrange(row * width..<row * width + example.ids.count, with: example.ids)
        }
        self.indices = indices ?? Array(examples.indices)
        self.ids = ids
        self.lengths = examples.map(\.ids.count)
        self.labels = examples.map { Float($0.label) }
        self.width = width
    }
}

extension Split {
    /// The batches of one training epoch, as J&W make them: sort by length with noise (each
    /// length n moved by a uniform integer in [floor(-n·noise), ceil(n·noise))), cut into batches
    /// of `size` consecutive examples, shuffle the batches. Similar lengths share a batch, which
    /// saves padding, and the noise and shuffle vary batches from epoch to epoch. The batches
    /// depend only on (seed, epoch).
    public func trainingBatches(size: Int, seed: UInt64, epoch: Int, noise: Double = 0.1) -> [Batch] {
        precondition(size > 0 && (0...1).contains(noise), "batch size must be positive and noise in [0, 1]")
        var generator = RandomGenerator(seed: seed ^ (UInt64(truncatingIfNeeded: epoch) &* 0x9E37_79B9_7F4A_7C15))
        let noisy = examples.map { example -> Int in
            let n = Double(example.ids.count)
            let (low, high) = (Int((-n * noise).rounded(.down)), Int((n * noise).rounded(.up)))
            return example.ids.count + (high > low ? low + generator.int(below: high - low) : 0)
        }
        let order = examples.indices.sorted { (noisy[$0], $0) < (noisy[$1], $1) }
        var starts = Array(stride(from: 0, to: count, by: size))
        generator.shuffle(&starts)
        return starts.map { Batch(Array(order[$0..<Swift.min($0 + size, count)]), of: self) }
    }

    /// Batches for inference: sorted by length, so that padding is least, without noise or
    /// shuffling. Results go back to examples through each batch's `indices`.
    public func inferenceBatches(size: Int) -> [Batch] {
        precondition(size > 0, "batch size must be positive")
        let order = examples.indices.sorted { (examples[$0].ids.count, $0) < (examples[$1].ids.count, $1) }
        return stride(from: 0, to: count, by: size).map { Batch(Array(order[$0..<Swift.min($0 + size, count)]), of: self) }
    }
}
