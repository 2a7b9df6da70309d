import CBLAS

/// The one place the engine calls OpenBLAS. Every matrix product in sashell goes through `gemm`.
public enum BLAS {
    /// Threads OpenBLAS uses for each product (defaults to the number of cores, or
    /// `OPENBLAS_NUM_THREADS`). Results are reproducible for a fixed thread count.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }

    /// C = alpha · op(A) · op(B) + beta · C, all row-major; op(X) is X or Xᵀ.
    /// op(A) is m×k, op(B) is k×n, C is m×n; lda, ldb, ldc are the row strides as stored.
    @inline(__always)
    public static func gemm(transposeA: Bool = false, transposeB: Bool = false,
                            m: Int, n: Int, k: Int, alpha: Float = 1,
                            a: UnsafePointer<Float>, lda: Int,
                            b: UnsafePointer<Float>, ldb: Int,
                            beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0 && n > 0 else { return }
        if k == 0 {  // an empty sum, which BLAS may skip: C = beta · C, and 0 when beta is 0
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] } }
            return
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb),
                    beta, c, blasint(ldc))
    }
}
