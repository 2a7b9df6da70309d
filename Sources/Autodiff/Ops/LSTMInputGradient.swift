#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The LSTM's backward pass when only dx is wanted (no weight needs a gradient): feature
/// importance, where the k cotangents are often sparse in time.
///
/// A cotangent row is a pair (cotangent j, sequence b). Going back through time, a pair's
/// gradient is exactly zero until the first step (from the end of the direction) where its dy
/// is nonzero, its *start*; from there on it is live down to step 0. For the eq. 5 matrix, the
/// cotangent of ‖h_p‖ starts at p: the forward direction carries it over x_1..x_p only, the
/// reverse one over x_p..x_n, half of the dense work. So each direction
///
/// - sorts its pairs by start, latest first, so that at every step the live pairs are a prefix
///   of that order: the step's dh GEMM takes just them, one block of rows;
/// - keeps each pair's dz over its live positions only, one pair after another (`LiveGradients`);
/// - and forms dz W_ih for all of them in one GEMM (one packing of W_ih: a GEMM per pair repacked
///   it for a handful of rows), each pair's block of the product then added onto its live rows of dx.
///
/// No weight product (dW_ih, dW_hh, the bias sums) is formed.
extension FusedLSTM {
    /// One direction's dz at each pair's live positions: pair q's rows start at `offsets[q]`
    /// and follow its `spans[q]` of positions in order; `count` rows in all.
    struct LiveGradients {
        let rows: UnsafeMutablePointer<Float>
        let spans: [Range<Int>]
        let offsets: [Int]
        var count: Int { offsets.last! }
    }

    func inputGradient(_ dy: UnsafePointer<Float>, _ k: Int) {
        guard x.needsGradient else { return }
        var live = [LiveGradients?](repeating: nil, count: directions.count)
        live.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let live = buffer  // each direction writes its own element
            forEachDirection { d in live[d] = backThroughTime(direction: d, dy, k) }
        }
        let gradients = live.map { $0! }
        defer { gradients.forEach { free($0.rows) } }
        x.accumulateGrad(k) { dx in
            let products = allocateFloats(max(gradients.map(\.count).max() ?? 0, 1) * E)
            defer { free(products) }
            for (d, gradient) in gradients.enumerated() {
                BLAS.gemm(m: gradient.count, n: E, k: gateWidth, a: gradient.rows, lda: gateWidth,
                          b: stackedInputWeight + d * gateWidth * E, ldb: E, c: products, ldc: E)
                for (q, span) in gradient.spans.enumerated() where !span.isEmpty {
                    let (source, target) = (products + gradient.offsets[q] * E, dx + (q * T + span.lowerBound) * E)
                    for i in 0..<span.count * E { target[i] += source[i] }
                }
            }
        }
    }

    /// Runs direction d back through time for every pair q = j·B + b, keeping each live dz.
    private func backThroughTime(direction d: Int, _ dy: UnsafePointer<Float>, _ k: Int) -> LiveGradients {
        let (tape, outputWidth, reversed) = (tapes[d], directions.count * H, d == 1)
        let rank = [Int](unsafeUninitializedCapacity: B) { ranks, count in  // batch row → sorted row
            for (r, b) in batch.order.enumerated() { ranks[b] = r }
            count = B
        }
        func length(_ q: Int) -> Int { batch.lengths[rank[q % B]] }
        /// dy of pair q at position t, this direction's H columns.
        func outputGrad(_ q: Int, _ t: Int) -> UnsafePointer<Float> { dy + (q * T + t) * outputWidth + d * H }
        func position(_ q: Int, step s: Int) -> Int { reversed ? length(q) - 1 - s : s }
        // The start of each pair: the last step, counting along this direction, with dy nonzero.
        let starts = (0..<k * B).map { q in
            (0..<length(q)).reversed().first { s in
                let g = outputGrad(q, position(q, step: s))
                return (0..<H).contains { g[$0] != 0 }
            } ?? -1
        }
        let spans = starts.indices.map { q in
            starts[q] < 0 ? 0..<0 : reversed ? length(q) - 1 - starts[q]..<length(q) : 0..<starts[q] + 1
        }
        let offsets = spans.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let gradients = LiveGradients(rows: allocateFloats(max(offsets.last!, 1) * gateWidth), spans: spans, offsets: offsets)
        let order = starts.indices.sorted { a, b in starts[a] != starts[b] ? starts[a] > starts[b] : a < b }
        let live = (0..<batch.steps).map { s in starts.count { $0 >= s } }

        let (dh, dc, dz) = (allocateFloats(k * B * H), allocateFloats(k * B * H), allocateFloats(k * B * gateWidth))
        defer { for buffer in [dh, dc, dz] { free(buffer) } }
        dh.initialize(repeating: 0, count: k * B * H)
        dc.initialize(repeating: 0, count: k * B * H)
        directions[d].hiddenWeight.value.scalars.withUnsafeBufferPointer { whh in
            for s in (0..<(starts.max() ?? -1) + 1).reversed() {
                for i in 0..<live[s] {  // row i of dh, dc and dz is the i-th pair of `order`
                    let q = order[i], r = rank[q % B]
                    let (n, t) = (batch.row(r, step: s), position(q, step: s))
                    LSTMCell.backward(units: H, gates: tape.gates + n * gateWidth, previousCell: previousCell(tape, r, step: s),
                                      tanhCell: tape.tanhCells + n * H, outputGrad: outputGrad(q, t),
                                      hiddenGrad: dh + i * H, cellGrad: dc + i * H, gatesGrad: dz + i * gateWidth)
                    (gradients.rows + (offsets[q] + t - spans[q].lowerBound) * gateWidth).update(from: dz + i * gateWidth, count: gateWidth)
                }
                if s > 0 {  // the dh these pairs carry to the step before: dz W_hh
                    BLAS.gemm(m: live[s], n: H, k: gateWidth, a: dz, lda: gateWidth, b: whh.baseAddress!, ldb: H,
                              c: dh, ldc: H)
                }
            }
        }
        return gradients
    }
}
