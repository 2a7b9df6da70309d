/// The attention-weighted sum of a batch of sequences: c[b] = Σ_t α[b, t] · v[b, t], with
/// α of shape [B, T] and v of shape [B, T, H], giving [B, H]. This is attention's context
/// vector, done directly: as a batched matrix product it would be B products of 1×T by T×H,
/// each too small for BLAS to pay off. Positions of weight 0 (padding, and what a sparse
/// projection drops) cost nothing in the forward pass.
///
/// Backward: dα[b, t] = Σ_h dc[b, h] · v[b, t, h] and dv[b, t, h] = α[b, t] · dc[b, h].
public func weightedSum(_ weights: Variable, _ values: Variable) -> Variable {
    precondition(weights.value.rank == 2 && values.value.rank == 3 && Array(values.shape.prefix(2)) == weights.shape,
                 "weightedSum: weights [B, T] and values [B, T, H], got \(weights.shape) and \(values.shape)")
    let (batch, length, width) = (values.shape[0], values.shape[1], values.shape[2])
    let y = Tensor(shape: [batch, width]) { out in
        out.initialize(repeating: 0)
        weights.value.scalars.withUnsafeBufferPointer { a in
            values.value.scalars.withUnsafeBufferPointer { v in
                for b in 0..<batch {
                    let c = out.baseAddress! + b * width
                    for t in 0..<length where a[b * length + t] != 0 {
                        let (weight, row) = (a[b * length + t], v.baseAddress! + (b * length + t) * width)
                        for h in 0..<width { c[h] += weight * row[h] }
                    }
                }
            }
        }
    }
    return Variable(y, inputs: [weights, values]) { dy, k in
        weights.value.scalars.withUnsafeBufferPointer { a in
            values.value.scalars.withUnsafeBufferPointer { v in
                weights.accumulateGrad(k) { da in
                    for j in 0..<k {
                        for b in 0..<batch {
                            let dc = dy + (j * batch + b) * width
                            for t in 0..<length {
                                let row = v.baseAddress! + (b * length + t) * width
                                var total: Float = 0
                                for h in 0..<width { total += dc[h] * row[h] }
                                da[(j * batch + b) * length + t] += total
                            }
                        }
                    }
                }
                values.accumulateGrad(k) { dv in
                    for j in 0..<k {
                        for b in 0..<batch {
                            let dc = dy + (j * batch + b) * width
                            for t in 0..<length where a[b * length + t] != 0 {
                                let (weight, row) = (a[b * length + t], dv + ((j * batch + b) * length + t) * width)
                                for h in 0..<width { row[h] += weight * dc[h] }
                            }
                        }
                    }
                }
            }
        }
    }
}
