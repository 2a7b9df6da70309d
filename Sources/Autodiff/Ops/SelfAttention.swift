/// One-head scaled dot-product self-attention over a batch of sequences of different lengths,
/// packed one after another without padding, as one op. Each row of qkv [..., 3d] holds a
/// position's query, key and value side by side (the output of PyTorch's stacked in_proj), and
/// sequence b is the next lengths[b] rows. Within each sequence,
///
///     P = softmax(Q Kᵀ / √d),    context_i = Σ_j P_ij v_j.
///
/// Returns the context [..., d] (qkv's rows) and the attention P [B, T, T], T = the longest
/// length, zero outside each sequence's L × L block.
///
/// Why one op: Q, K and V are read in place from qkv (one GEMM made them, instead of three
/// that each pack the activations), the 1/√d rides on the score GEMM, there is no padding to
/// mask, and each sequence's score product and softmax run together on one core (its context
/// product too, in a second pass over the sequences).
///
/// Backward, per sequence and cotangent, with dO the context's cotangent:
///     dP = dO Vᵀ,   dV = Pᵀ dO,   dS = P ⊙ (dP − Σ_l P_l dP_l) (each row),
///     dQ = dS K / √d,   dK = dSᵀ Q / √d.
public func selfAttention(_ qkv: Variable, lengths: [Int]) -> (context: Variable, attention: Tensor) {
    let rows = lengths.reduce(0, +)
    let width = qkv.value.lastDimension
    precondition(qkv.value.rank >= 2 && width > 0 && width % 3 == 0 && qkv.value.count == rows * width
                 && lengths.allSatisfy { $0 >= 0 },
                 "selfAttention: qkv must hold \(rows) rows of 3d (the lengths' sum), got \(qkv.shape) and lengths \(lengths)")
    let (batch, length, d) = (lengths.count, lengths.max() ?? 0, width / 3)
    let (row, scale) = (3 * d, 1 / Float(d).squareRoot())  // qkv's row stride; the score scale
    let starts = lengths.reduce(into: [0]) { $0.append($0.last! + $1) }  // sequence b's first row

    let attention = Tensor(shape: [batch, length, length]) { probabilities in
        qkv.value.scalars.withUnsafeBufferPointer { qkv in
            nonisolated(unsafe) let (qkv, probabilities) = (qkv.baseAddress!, probabilities.baseAddress!)
            concurrentlyWithSerialBLAS(batch) { b in
                let (n, q, p) = (lengths[b], qkv + starts[b] * row, probabilities + b * length * length)
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
    let context = Tensor(shape: Array(qkv.shape.dropLast()) + [d]) { out in
        qkv.value.scalars.withUnsafeBufferPointer { qkv in
            attention.scalars.withUnsafeBufferPointer { probabilities in
                nonisolated(unsafe) let (qkv, probabilities, out) = (qkv.baseAddress!, probabilities.baseAddress!, out.baseAddress!)
                concurrentlyWithSerialBLAS(batch) { b in
                    BLAS.gemm(m: lengths[b], n: d, k: lengths[b], a: probabilities + b * length * length, lda: length,
                              b: qkv + starts[b] * row + 2 * d, ldb: row, c: out + starts[b] * d, ldc: d)
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
                        let (j, b) = jb.quotientAndRemainder(dividingBy: batch)
                        let (n, first) = (lengths[b], j * rows + starts[b])  // the sequence's first row in cotangent j
                        let (q, p) = (qkv + starts[b] * row, probabilities + b * length * length)
                        let (dO, dq) = (dy + first * d, dqkv + first * row)
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
