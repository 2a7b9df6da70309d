/// Matrix products C = op(A) · op(B), op(X) being X or Xᵀ.
///
/// - `b` of rank 2: `a` is any tensor whose last dimension is the inner one (its leading
///   dimensions are flattened into rows, so `[batch, time, in] · [in, out]` is one GEMM), or a
///   matrix when `transposeA` is set.
/// - `a` and `b` of rank 3: a batch of independent products over the first dimension.
///
/// Backward: dA = dC · op(B)ᵀ (or op(B) · dCᵀ when A is transposed) and dB = op(A)ᵀ · dC (or
/// dCᵀ · op(A)). With several cotangents the dA product takes all their rows at once when it can. The
/// products of a batch run one per core (`concurrentlyWithSerialBLAS`): they are small.
public func matmul(_ a: Variable, _ b: Variable,
                   transposeA: Bool = false, transposeB: Bool = false) -> Variable {
    let batched = b.value.rank == 3
    precondition(b.value.rank == 2 || (batched && a.value.rank == 3 && a.shape[0] == b.shape[0]),
                 "matmul: shapes \(a.shape) and \(b.shape) (b must be a matrix, or both batches of matrices)")
    precondition(a.value.rank >= 2 && (!transposeA || batched || a.value.rank == 2),
                 "matmul: a of shape \(a.shape) cannot be \(transposeA ? "transposed" : "multiplied")")
    let batch = batched ? a.shape[0] : 1
    let colsA = a.value.lastDimension, rowsA = batched ? a.shape[1] : a.shape.dropLast().reduce(1, *)
    let colsB = b.value.lastDimension, rowsB = b.shape[b.value.rank - 2]
    let (m, inner) = transposeA ? (colsA, rowsA) : (rowsA, colsA)
    let (innerB, n) = transposeB ? (colsB, rowsB) : (rowsB, colsB)
    precondition(inner == innerB, "matmul: inner dimensions differ (\(a.shape) · \(b.shape), "
                 + "transposeA: \(transposeA), transposeB: \(transposeB))")
    let shape = batched ? [batch, m, n] : (transposeA ? [m, n] : Array(a.shape.dropLast()) + [n])
    // Strides between the matrices of a batch (b's is 0 when one matrix serves every row block).
    let (sizeA, sizeB, sizeC) = (rowsA * colsA, batched ? rowsB * colsB : 0, m * n)

    let c = Tensor(shape: shape) { out in
        a.value.scalars.withUnsafeBufferPointer { av in
            b.value.scalars.withUnsafeBufferPointer { bv in
                concurrentlyWithSerialBLAS(batch) { i in
                    BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: inner,
                              a: av.baseAddress! + i * sizeA, lda: colsA,
                              b: bv.baseAddress! + i * sizeB, ldb: colsB,
                              c: out.baseAddress! + i * sizeC, ldc: n)
                }
            }
        }
    }
    return Variable(c, inputs: [a, b]) { dc, seeds in  // seeds: the cotangent count, not GEMM's k
        a.value.scalars.withUnsafeBufferPointer { av in
            b.value.scalars.withUnsafeBufferPointer { bv in
                let (A, B) = (av.baseAddress!, bv.baseAddress!)
                a.accumulateGrad(seeds) { ga in
                    if !transposeA && !batched {  // all seeds·m rows of dC at once
                        BLAS.gemm(transposeB: !transposeB, m: seeds * m, n: inner, k: n,
                                  a: dc, lda: n, b: B, ldb: colsB, beta: 1, c: ga, ldc: inner)
                        return
                    }
                    concurrentlyWithSerialBLAS(seeds * batch) { ji in  // each (j, i) has its own dA
                        let (i, dC, dA) = (ji % batch, dc + ji * sizeC, ga + ji * sizeA)
                        if transposeA {  // dA = op(B) · dCᵀ
                            BLAS.gemm(transposeA: transposeB, transposeB: true, m: inner, n: m, k: n,
                                      a: B + i * sizeB, lda: colsB, b: dC, ldb: n, beta: 1, c: dA, ldc: m)
                        } else {  // dA = dC · op(B)ᵀ
                            BLAS.gemm(transposeB: !transposeB, m: m, n: inner, k: n,
                                      a: dC, lda: n, b: B + i * sizeB, ldb: colsB, beta: 1, c: dA, ldc: inner)
                        }
                    }
                }
                b.accumulateGrad(seeds) { gb in
                    // Each (j, i) has its own dB (the batch is 1 unless b is batched).
                    concurrentlyWithSerialBLAS(seeds * batch) { ji in
                        let (i, dC, dB) = (ji % batch, dc + ji * sizeC, gb + ji * rowsB * colsB)
                        if transposeB {  // dB = dCᵀ · op(A)
                            BLAS.gemm(transposeA: true, transposeB: transposeA, m: n, n: inner, k: m,
                                      a: dC, lda: n, b: A + i * sizeA, ldb: colsA, beta: 1, c: dB, ldc: inner)
                        } else {  // dB = op(A)ᵀ · dC
                            BLAS.gemm(transposeA: !transposeA, m: inner, n: n, k: m,
                                      a: A + i * sizeA, lda: colsA, b: dC, ldb: n, beta: 1, c: dB, ldc: n)
                        }
                    }
                }
            }
        }
    }
}
