/// What a bidirectional `lstm` layer outputs for each of the sequences made by deleting one
/// position of a single sequence: leave-one-out feature importance, without running every
/// variant from scratch. Inference only: nothing is recorded for a backward pass.
///
/// Deleting position i leaves the forward direction's states before i, and the reverse
/// direction's after i, as they are over the whole sequence; what changes are the forward
/// states from i on, which start from the whole sequence's state at i − 1, and the reverse ones
/// before i, which start from its state at i + 1. A token's input projection W_ih x is the same
/// in every variant. So this makes one projection GEMM over the T tokens and one pass over the
/// whole sequence per direction, then runs the changed part of all variants together, each
/// step one GEMM over the variants still running: about T²/2 state updates per direction, where
/// separate runs would make T² and project every token T − 1 times.
///
/// - x: [T, E], one sequence; `positions`: the positions to delete, one variant each, in 0..<T.
/// - Returns [positions.count, T − 1, 2H]: row v is `lstm(x without position positions[v])`,
///   forward states then reverse ones on the last axis, as `lstm` lays them out.
public func lstmDeletingEach(_ x: Tensor, deleting positions: [Int], forward: LSTMWeights, reverse: LSTMWeights) -> Tensor {
    precondition(x.rank == 2, "lstmDeletingEach: x must be [time, features], got \(x.shape)")
    let (T, E, H) = (x.shape[0], x.shape[1], forward.hiddenWeight.shape[1])
    precondition(positions.allSatisfy { (0..<T).contains($0) }, "lstmDeletingEach: positions \(positions) must be in 0..<\(T)")
    for w in [forward, reverse] {
        precondition(w.inputWeight.shape == [4 * H, E] && w.hiddenWeight.shape == [4 * H, H]
                     && w.inputBias.shape == [4 * H] && w.hiddenBias.shape == [4 * H],
                     "lstmDeletingEach: weights \(w.parameters.map(\.shape)) do not fit input size \(E) and hidden size \(H)")
    }
    let (gateWidth, width, variants) = (4 * H, 2 * H, positions.count)
    // Every token's projection for both directions, [T, 8H]: the same in every variant.
    let stacked = Tensor(shape: [2 * gateWidth, E], scalars: forward.inputWeight.value.scalars + reverse.inputWeight.value.scalars)
    var projection = [Float](repeating: 0, count: T * 2 * gateWidth)
    x.scalars.withUnsafeBufferPointer { xs in
        stacked.scalars.withUnsafeBufferPointer { w in
            projection.withUnsafeMutableBufferPointer { p in
                BLAS.gemm(transposeB: true, m: T, n: 2 * gateWidth, k: E, a: xs.baseAddress!, lda: E,
                          b: w.baseAddress!, ldb: E, c: p.baseAddress!, ldc: 2 * gateWidth)
            }
        }
    }
    var y = Tensor.zeros([variants, max(T - 1, 0), width])
    projection.withUnsafeBufferPointer { projected in
        y.scalars.withUnsafeMutableBufferPointer { states in
            nonisolated(unsafe) let (p, out) = (projected.baseAddress!, states.baseAddress!)
            concurrentlyWithSerialBLAS(2) { d in  // each direction writes its own half of every state
                let recurrence = Recurrence(weights: d == 0 ? forward : reverse, projection: p + d * gateWidth,
                                            projectionStride: 2 * gateWidth, backwards: d == 1)
                // The whole sequence's states, each position's h and c.
                let (hs, cs) = (UnsafeMutablePointer<Float>.allocate(capacity: T * H), UnsafeMutablePointer<Float>.allocate(capacity: T * H))
                defer { hs.deallocate(); cs.deallocate() }
                recurrence.run([.init(first: d == 0 ? 0 : T - 1, count: T, from: nil)]) { _, t, h, c in
                    (hs + t * H).update(from: h, count: H)
                    (cs + t * H).update(from: c, count: H)
                }
                // Variant v's output u holds position u < i, or u + 1 past the deleted i.
                func state(_ v: Int, at t: Int) -> UnsafeMutablePointer<Float> {
                    out + (v * (T - 1) + (t < positions[v] ? t : t - 1)) * width + d * H
                }
                // The unchanged states, then the changed ones from the neighbour's state.
                for (v, i) in positions.enumerated() {
                    for t in (d == 0 ? 0..<i : i + 1..<T) { state(v, at: t).update(from: hs + t * H, count: H) }
                }
                let runs = positions.map { i -> Recurrence.Run in
                    let neighbour = d == 0 ? i - 1 : i + 1
                    let start = (0..<T).contains(neighbour) ? (hs + neighbour * H, cs + neighbour * H) : nil
                    return d == 0 ? .init(first: i + 1, count: T - 1 - i, from: start) : .init(first: i - 1, count: i, from: start)
                }
                recurrence.run(runs) { v, t, h, _ in state(v, at: t).update(from: h, count: H) }
            }
        }
    }
    return y
}

/// One LSTM direction run over several rows at once, each from its own state over consecutive
/// positions of one projected sequence, for `lstmDeletingEach`.
private struct Recurrence {
    /// A row: `count` positions from `first` (going down when backwards), starting from the
    /// state (h, c) `from`, or zeros.
    struct Run {
        let first: Int, count: Int
        let from: (h: UnsafePointer<Float>, c: UnsafePointer<Float>)?

        init(first: Int, count: Int, from: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>)?) {
            (self.first, self.count) = (first, count)
            self.from = from.map { (UnsafePointer($0.0), UnsafePointer($0.1)) }
        }
    }

    let weights: LSTMWeights
    /// Position t's x W_ihᵀ at `projection + t · projectionStride`.
    let projection: UnsafePointer<Float>
    let projectionStride: Int
    let backwards: Bool

    /// Runs every row to its end, the longest first so that the rows still running are always
    /// a prefix (one GEMM per step), calling `emit(row, position, h, c)` for each new state.
    func run(_ runs: [Run], emit: (Int, Int, UnsafePointer<Float>, UnsafePointer<Float>) -> Void) {
        let H = weights.hiddenWeight.shape[1]
        let gateWidth = 4 * H
        let order = runs.indices.sorted { runs[$0].count != runs[$1].count ? runs[$0].count > runs[$1].count : $0 < $1 }
        let rows = runs.count
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: rows * (gateWidth + 3 * H))
        defer { buffer.deallocate() }
        let (gates, h, c, tanhCell) = (buffer, buffer + rows * gateWidth, buffer + rows * (gateWidth + H),
                                       buffer + rows * (gateWidth + 2 * H))
        for (r, run) in order.map({ runs[$0] }).enumerated() {
            if let (h0, c0) = run.from {
                (h + r * H).update(from: h0, count: H)
                (c + r * H).update(from: c0, count: H)
            } else {
                (h + r * H).update(repeating: 0, count: H)
                (c + r * H).update(repeating: 0, count: H)
            }
        }
        let bias = zip(weights.inputBias.value.scalars, weights.hiddenBias.value.scalars).map(+)
        weights.hiddenWeight.value.scalars.withUnsafeBufferPointer { whh in
            bias.withUnsafeBufferPointer { bias in
                for step in 0..<(order.first.map { runs[$0].count } ?? 0) {
                    let running = order.prefix { runs[$0].count > step }.count
                    BLAS.gemm(transposeB: true, m: running, n: gateWidth, k: H, a: h, lda: H, b: whh.baseAddress!, ldb: H,
                              c: gates, ldc: gateWidth)
                    for r in 0..<running {
                        let t = runs[order[r]].first + (backwards ? -step : step)
                        // c is updated in place: each unit's new value reads only its own old one.
                        LSTMCell.forward(units: H, gates: gates + r * gateWidth, projected: projection + t * projectionStride,
                                         bias: bias.baseAddress!, previousCell: c + r * H, cell: c + r * H,
                                         tanhCell: tanhCell + r * H, hidden: h + r * H)
                        emit(order[r], t, h + r * H, c + r * H)
                    }
                }
            }
        }
    }
}
