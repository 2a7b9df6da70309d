import CBLAS
import Dispatch
import Synchronization

/// The one place the engine calls OpenBLAS. Every matrix product in sashell goes through `gemm`.
///
/// OpenBLAS itself always runs on one thread; the engine spreads work over `threads` itself. A
/// large product is cut into one block of rows (or columns) per thread here, and many small
/// products run one per thread (`concurrentlyWithSerialBLAS`). OpenBLAS's own threads would
/// spin-wait between products, taking a core from whatever the engine runs in between (the
/// other LSTM direction, a softmax, the optimiser), which on a 2-core laptop costs more than
/// its finer split of one product gains.
public enum BLAS {
    /// Threads the engine uses (default: the number of cores, or `OPENBLAS_NUM_THREADS`).
    /// Results are reproducible for a fixed thread count.
    public static var threads: Int {
        get { engine.threads.load(ordering: .relaxed) }
        set { engine.threads.store(max(1, newValue), ordering: .relaxed) }
    }

    /// C = alpha · op(A) · op(B) + beta · C, all row-major; op(X) is X or Xᵀ.
    /// op(A) is m×k, op(B) is k×n, C is m×n; lda, ldb, ldc are the row strides as stored.
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
        // One row or one column is a matrix–vector product. GEMM would pack the whole other
        // matrix for it, every call: an LSTM step over one sequence spent 4× its arithmetic
        // repacking W_hh. GEMV reads it once. (C is zeroed first for beta = 0, so that garbage
        // in an uninitialised C cannot leak through a 0 · NaN.)
        if m == 1 || n == 1 {
            if beta == 0 { for i in 0..<m { for j in 0..<n { c[i * ldc + j] = 0 } } }
            if m == 1 {  // cᵀ = op(B)ᵀ op(A)ᵀ, B stored n × k (transposed) or k × n
                cblas_sgemv(CblasRowMajor, transposeB ? CblasNoTrans : CblasTrans, blasint(transposeB ? n : k),
                            blasint(transposeB ? k : n), alpha, b, blasint(ldb), a, blasint(transposeA ? lda : 1),
                            beta, c, 1)
            } else {  // c = op(A) op(B), A stored k × m (transposed) or m × k
                cblas_sgemv(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, blasint(transposeA ? k : m),
                            blasint(transposeA ? m : k), alpha, a, blasint(lda), b, blasint(transposeB ? 1 : ldb),
                            beta, c, blasint(ldc))
            }
            return
        }
        // Blocks of C: rows when there are enough of them, else columns, in multiples of 16.
        let parts = m * n * k >= 1 << 20 && engine.serialCallers.load(ordering: .relaxed) == 0 ? threads : 1
        let splitsRows = m >= n
        let blocks = ((splitsRows ? m : n) + 15) / 16
        guard parts > 1 && blocks >= parts else {
            return serialGEMM(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
        }
        nonisolated(unsafe) let (a, b, c) = (a, b, c)
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let (start, end) = (part * blocks / parts * 16, min((part + 1) * blocks / parts * 16, splitsRows ? m : n))
            if splitsRows {  // rows of op(A) are rows of A, or columns when it is transposed
                serialGEMM(transposeA, transposeB, end - start, n, k, alpha, a + (transposeA ? start : start * lda), lda,
                           b, ldb, beta, c + start * ldc, ldc)
            } else {  // columns of op(B) are columns of B, or rows when it is transposed
                serialGEMM(transposeA, transposeB, m, end - start, k, alpha, a, lda,
                           b + (transposeB ? start * ldb : start), ldb, beta, c + start, ldc)
            }
        }
    }

    @inline(__always)
    private static func serialGEMM(_ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int, _ alpha: Float,
                                   _ a: UnsafePointer<Float>, _ lda: Int, _ b: UnsafePointer<Float>, _ ldb: Int,
                                   _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }

    /// The engine's thread count and the callers inside `concurrentlyWithSerialBLAS`. Made on
    /// first use, which is also when OpenBLAS is told to stay on one thread.
    static let engine = EngineThreads()
}

final class EngineThreads: Sendable {
    let threads: Atomic<Int>
    let serialCallers = Atomic<Int>(0)

    init() {
        threads = Atomic(Int(openblas_get_num_threads()))
        openblas_set_num_threads(1)
    }
}
