/// One-head scaled dot-product self-attention over a batch of sequences of different lengths,
/// as one op. Row t of qkv [B, T, 3d] holds position t's query, key and value side by side (the
/// output of PyTorch's stacked in_proj); for sequence b with L = lengths[b] real positions,
///
///     P = softmax(Q Kᵀ / √d) over the first L keys,    context_i = Σ_j P_ij v_j    (i < L),
///
/// and padding rows of the context (i ≥ L) are zero: padding is neither attended to nor attends.
/// Returns the context [B, T, d] and the attention P [B, T, T] (zero outside L × L).
///
/// Why one op: Q, K and V are read in place from qkv (one GEMM made them, instead of three
/// that each pack the activations), the 1/√d rides on the score GEMM, no [B, T, T] mask is
/// built or read, only the L × L real block is computed, and each sequence's products and
/// softmax run together on one core.
///
/// Backward, per sequence and cotangent, with dO the context's cotangent:
///     dP = dO Vᵀ,   dV = Pᵀ dO,   dS = P ⊙ (dP − Σ_l P_l dP_l) (each row),
///     dQ = dS K / √d,   dK = dSᵀ Q / √d.
public func selfAttention(_ qkv: Variable, lengths: [Int]) -> (context: Variable, attention: Tensor) {
    precondition(qkv.value.rank == 3 && qkv.shape[2] % 3 == 0 && qkv.shape[0] == lengths.count,
                 "selfAttention: qkv must be [B, T, 3d] with one length per sequence, got \(qkv.shape) and \(lengths.count) lengths")
    let (batch, length, d) = (qkv.shape[0], qkv.shape[1], qkv.shape[2] / 3)
    precondition(lengths.allSatisfy { (0...length).contains($0) }, "selfAttention: lengths \(lengths) exceed \(length)")
    let (row, scale) = (3 * d, 1 / Float(d).squareRoot())  // qkv's row stride; the score scale

    let attention = Tensor(shape: [batch, length, length]) { probabilities in
        qkv.value.scalars.withUnsafeBufferPointer { qkv in
            nonisolated(unsafe) let (qkv, probabilities) = (qkv.baseAddress!, probabilities.baseAddress!)
            concurrentlyWithSerialBLAS(batch) { b in
                let (n, q, p) = (lengths[b], qkv + b * length * row, probabilities + b * length * length)
                BLAS.gemm(transposeB: true, m: n, n: n, k: d, alpha: scale, a: q, lda: row, b: q + d, ldb: row,
                          c: p, ldc: length)
                for i in 0..<n {
                    softmaxSlice(p + i * length, nil, p + i * length, count: n, stride: 1)
                    (p + i * length + n).initialize(repeating: 0, count: length - n)
                }
                (p + n * length).initialize(repeating: 0, count: (length - n) * length)
            }
        }
    }
    let context = Tensor(shape: [batch, length, d]) { out in
        qkv.value.scalars.withUnsafeBufferPointer { qkv in
            attention.scalars.withUnsafeBufferPointer { probabilities in
                nonisolated(unsafe) let (qkv, probabilities, out) = (qkv.baseAddress!, probabilities.baseAddress!, out.baseAddress!)
                concurrentlyWithSerialBLAS(batch) { b in
                    let (n, c) = (lengths[b], out + b * length * d)
                    BLAS.gemm(m: n, n: d, k: n, a: probabilities + b * length * length, lda: length,
                              b: qkv + b * length * row + 2 * d, ldb: row, c: c, ldc: d)
                    (c + n * d).initialize(repeating: 0, count: (length - n) * d)
                }
            }
        }
    }
    let result = Variable(context, inputs: [qkv]) { dy, k in
        qkv.accumulateGrad(k) { dqkv in
            qkv.value.scalars.withUnsafeBufferPointer { qkv in
                attention.scalars.withUnsafeBufferPointer { probabilities in
                    nonisolated(unsafe) let (qkv, probabilities, dy, dqkv) = (qkv.baseAddress!, probabilities.baseAddress!, dy, dqkv)
                    concurrentlyWithSerialBLAS(k * batch) { jb in  // cotangent j of sequence b
                        let (b, n) = (jb % batch, lengths[jb % batch])
                        let (q, p) = (qkv + b * length * row, probabilities + b * length * length)
                        let (dO, dq) = (dy + jb * length * d, dqkv + jb * length * row)
                        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * n * n)
                        defer { scratch.deallocate() }
                        let (dP, dS) = (scratch, scratch + n * n)
                        dS.initialize(repeating: 0, count: n * n)
                        BLAS.gemm(transposeB: true, m: n, n: n, k: d, a: dO, lda: d, b: q + 2 * d, ldb: row, c: dP, ldc: n)
                        BLAS.gemm(transposeA: true, m: n, n: d, k: n, a: p, lda: length, b: dO, ldb: d,
                                  beta: 1, c: dq + 2 * d, ldc: row)
                        for i in 0..<n { softmaxSliceBackward(p + i * length, dP + i * n, dS + i * n, count: n, stride: 1) }
                        BLAS.gemm(m: n, n: d, k: n, alpha: scale, a: dS, lda: n, b: q + d, ldb: row, beta: 1, c: dq, ldc: row)
                        BLAS.gemm(transposeA: true, m: n, n: d, k: n, alpha: scale, a: dS, lda: n, b: q, ldb: row,
                                  beta: 1, c: dq + d, ldc: row)
                    }
                }
            }
        }
    }
    return (result, attention)
}
