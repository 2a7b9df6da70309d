import Autodiff

extension TransformerEncoder {
    /// What the encoder outputs for each of the sequences made by deleting one position of a
    /// single sequence x [T, E] (leave-one-out), without mapping every variant's tokens again.
    ///
    /// The first layer's input is a token's term (its mapped, scaled embedding) plus its
    /// position's PE. The term is linear, so it is computed once for the T tokens, and each
    /// variant gathers its rows.
    /// Post-norm, the first layer's Q, K and V are linear in that input too:
    /// (x W_in + PE) W_qkv + b = (x W_in) W_qkv + b + PE W_qkv, a token's term plus a
    /// position's, each computed once and summed per variant. That leaves out about a sixth of a
    /// variant's products with 300-d embeddings, a tenth with d-wide ones. Pre-norm puts a layer norm before W_qkv, so there
    /// only the input map is shared. Everything from the first attention on differs per variant
    /// and runs as in `callAsFunction`.
    ///
    /// - deleted: the positions to delete, one variant each, in 0..<T.
    /// - Returns [deleted.count, T − 1, d]: row v is the encoder's output for x without
    ///   position deleted[v], up to rounding (the sums are taken in another order).
    func deletingEach(_ x: Tensor, deleting deleted: [Int]) -> Variable {
        precondition(x.rank == 2, "deletingEach: x must be [time, features], got \(x.shape)")
        let n = x.shape[0] - 1
        precondition(deleted.allSatisfy { (0...n).contains($0) }, "deletingEach: positions \(deleted) must be in 0..<\(n + 1)")
        let lengths = [Int](repeating: n, count: deleted.count)
        // Variant v's row u holds token u before the deleted position, u + 1 from it on.
        let tokens = deleted.flatMap { i in (0..<n).map { $0 < i ? $0 : $0 + 1 } }
        let mapped = tokenTerms(Variable(x)).value  // [T, d]
        let positions = Self.positions(lengths: [n], width: width)  // [T − 1, d]
        let h = Variable(rowSums(mapped, tokens, positions))
        let first = layers[0]
        let out: Variable
        if preNorm {
            out = first(h, lengths: lengths, preNorm: true).output
        } else {
            let tokenTerms = first.inputProjection(Variable(mapped)).value
            let positionTerms = linear(Variable(positions), weight: first.inputProjection.weight).value
            let (context, _) = selfAttention(Variable(rowSums(tokenTerms, tokens, positionTerms)), lengths: lengths)
            out = first.output(context: context, residual: h, preNorm: false)
        }
        return layers.dropFirst().reduce(out) { h, layer in layer(h, lengths: lengths, preNorm: preNorm).output }
            .reshaped([deleted.count, n, width])
    }
}

/// Row r of the result is a[rowsOfA[r]] + b[r mod b's rows], for a and b of the same width.
private func rowSums(_ a: Tensor, _ rowsOfA: [Int], _ b: Tensor) -> Tensor {
    let (width, rowsOfB) = (a.lastDimension, b.shape[0])
    return Tensor(shape: [rowsOfA.count, width]) { out in
        a.scalars.withUnsafeBufferPointer { a in
            b.scalars.withUnsafeBufferPointer { b in
                for (r, row) in rowsOfA.enumerated() {
                    let (x, y, z) = (a.baseAddress! + row * width, b.baseAddress! + (r % rowsOfB) * width, out.baseAddress! + r * width)
                    for c in 0..<width { z[c] = x[c] + y[c] }
                }
            }
        }
    }
}
