import Autodiff
import TestSupport
import Testing

/// `BLAS.gemm` of one row or one column (a matrix–vector product), against a plain loop, for
/// every transposition, padded strides and both betas.
@Suite struct BLASVectorTests {
    /// C = alpha · op(A) · op(B) + beta · C by definition, row-major with the given strides.
    func reference(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float, a: [Float], lda: Int,
                   b: [Float], ldb: Int, beta: Float, c: [Float], ldc: Int) -> [Float] {
        var out = c
        for i in 0..<m {
            for j in 0..<n {
                var total: Float = 0
                for l in 0..<k {
                    total += (transposeA ? a[l * lda + i] : a[i * lda + l]) * (transposeB ? b[j * ldb + l] : b[l * ldb + j])
                }
                out[i * ldc + j] = alpha * total + (beta == 0 ? 0 : beta * c[i * ldc + j])
            }
        }
        return out
    }

    @Test(arguments: [(1, 7), (5, 1), (1, 1)])
    func singleRowsAndColumns(_ m: Int, _ n: Int) {
        let k = 6
        for transposeA in [false, true] {
            for transposeB in [false, true] {
                for beta: Float in [0, 0.5] {
                    // Strides one wider than needed, so that a wrong stride reads the wrong scalars.
                    let lda = (transposeA ? m : k) + 1, ldb = (transposeB ? k : n) + 1, ldc = n + 1
                    let a = random([(transposeA ? k : m) * lda], seed: 1).scalars
                    let b = random([(transposeB ? n : k) * ldb], seed: 2).scalars
                    var c = random([m * ldc], seed: 3).scalars
                    if beta == 0 { c[0] = .nan }  // must not leak through 0 · NaN
                    let expected = reference(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1.5,
                                             a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
                    c.withUnsafeMutableBufferPointer { cs in
                        BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1.5, a: a, lda: lda,
                                  b: b, ldb: ldb, beta: beta, c: cs.baseAddress!, ldc: ldc)
                    }
                    // Only C's own m × n entries are compared: the padding between rows is not C's.
                    let entries = (0..<m).flatMap { i in (0..<n).map { i * ldc + $0 } }
                    expectClose(entries.map { c[$0] }, entries.map { expected[$0] }, tolerance: 1e-5)
                }
            }
        }
    }
}
