import Autodiff
import Foundation
import TestSupport
import Testing

@Suite struct MatMulTests {
    @Test func valuesAgainstHandComputedProducts() {
        let a = Variable(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
        let b = Variable(Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12]))
        #expect(matmul(a, b).value.scalars == [58, 64, 139, 154])
        #expect(matmul(a, a, transposeB: true).value.scalars == [14, 32, 32, 77])
        #expect(matmul(a, a, transposeA: true).value.scalars == [17, 22, 27, 22, 29, 36, 27, 36, 45])
        #expect(matmul(b, a, transposeA: true, transposeB: true).value.scalars == [58, 139, 64, 154])  // (ab)ᵀ
    }

    @Test func leadingDimensionsAreRows() {
        let x = random([2, 3, 4], seed: 20), w = random([4, 5], seed: 21)
        let y = matmul(Variable(x), Variable(w))
        #expect(y.shape == [2, 3, 5])
        let flat = matmul(Variable(x.reshaped([6, 4])), Variable(w))
        #expect(y.value.scalars == flat.value.scalars)
    }

    @Test func batchedProductsAreIndependent() {
        let a = random([3, 2, 4], seed: 22), b = random([3, 4, 5], seed: 23)
        let y = matmul(Variable(a), Variable(b)).value
        #expect(y.shape == [3, 2, 5])
        for i in 0..<3 {
            let ai = Tensor(shape: [2, 4], scalars: Array(a.scalars[i * 8..<(i + 1) * 8]))
            let bi = Tensor(shape: [4, 5], scalars: Array(b.scalars[i * 20..<(i + 1) * 20]))
            expectClose(Array(y.scalars[i * 10..<(i + 1) * 10]), matmul(Variable(ai), Variable(bi)).value.scalars)
        }
    }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func matrixGradients(transposeA: Bool, transposeB: Bool) {
        let a = random(transposeA ? [4, 3] : [3, 4], seed: 24)
        let b = random(transposeB ? [2, 4] : [4, 2], seed: 25)
        expectCorrectGradients([a, b]) { matmul($0[0], $0[1], transposeA: transposeA, transposeB: transposeB) }
    }

    @Test(arguments: [(false, false), (false, true), (true, false), (true, true)])
    func batchedGradients(transposeA: Bool, transposeB: Bool) {
        let a = random(transposeA ? [2, 4, 3] : [2, 3, 4], seed: 26)
        let b = random(transposeB ? [2, 5, 4] : [2, 4, 5], seed: 27)
        expectCorrectGradients([a, b]) { matmul($0[0], $0[1], transposeA: transposeA, transposeB: transposeB) }
    }

    /// The same variable on both sides (a Gram matrix aᵀa) gets both contributions.
    @Test func aliasedOperandGradients() {
        expectCorrectGradients([random([3, 4], seed: 30)]) { matmul($0[0], $0[0], transposeA: true) }
        expectCorrectGradients([random([3, 3], seed: 31)]) { matmul($0[0], $0[0]) }
    }

    @Test func rank3TimesMatrixGradients() {
        expectCorrectGradients([random([2, 3, 4], seed: 28), random([4, 2], seed: 29)]) { matmul($0[0], $0[1]) }
        expectCorrectGradients([random([2, 3, 4], seed: 28), random([2, 4], seed: 29)]) {
            matmul($0[0], $0[1], transposeB: true)
        }
    }
}

@Suite struct BLASThreadTests {
    /// Batched products from several threads at once (as parallel tests do) must agree with a
    /// serial run and leave the engine with its start-up thread count.
    /// Other suites may be inside a batched product at any moment, so the count is awaited.
    @Test func concurrentBatchedProductsRestoreTheThreadCount() async throws {
        let startup = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].flatMap(Int.init)
            ?? ProcessInfo.processInfo.activeProcessorCount
        let a = random([4, 3, 5], seed: 90), b = random([4, 5, 2], seed: 91)
        let expected = matmul(Variable(a), Variable(b)).value
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask { (0..<2000).allSatisfy { _ in matmul(Variable(a), Variable(b)).value == expected } }
            }
            for await agreed in group { #expect(agreed) }
        }
        var waited = 0
        while BLAS.threads != startup && waited < 100 {
            try await Task.sleep(for: .milliseconds(100))
            waited += 1
        }
        #expect(BLAS.threads == startup)
    }
}

@Suite struct SplitGEMMTests {
    /// Products large enough to be cut into per-thread blocks, by rows (m ≥ n) and by columns
    /// (m < n), sizes not multiples of the block, every transpose, alpha and beta, against sums
    /// in Double.
    @Test(arguments: [(203, 97, 61), (37, 301, 100)], [(false, false), (false, true), (true, false), (true, true)])
    func largeProductsAgreeWithDirectSums(size: (Int, Int, Int), transposes: (Bool, Bool)) {
        let (m, n, k) = size, (transposeA, transposeB) = transposes
        #expect(m * n * k >= 1 << 20)
        let a = random(transposeA ? [k, m] : [m, k], seed: 92), b = random(transposeB ? [n, k] : [k, n], seed: 93)
        var c = random([m, n], seed: 94)
        let before = c.scalars
        a.scalars.withUnsafeBufferPointer { a in
            b.scalars.withUnsafeBufferPointer { b in
                c.scalars.withUnsafeMutableBufferPointer { c in
                    BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 0.5,
                              a: a.baseAddress!, lda: transposeA ? m : k, b: b.baseAddress!, ldb: transposeB ? k : n,
                              beta: 2, c: c.baseAddress!, ldc: n)
                }
            }
        }
        var worst = 0.0
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for l in 0..<k {
                    let x = Double(a.scalars[transposeA ? l * m + i : i * k + l])
                    let y = Double(b.scalars[transposeB ? j * k + l : l * n + j])
                    sum += x * y
                }
                worst = max(worst, abs(0.5 * sum + 2 * Double(before[i * n + j]) - Double(c.scalars[i * n + j])))
            }
        }
        #expect(worst < 1e-4)
    }
}

@Suite struct EmptyMatMulTests {
    /// An empty inner dimension is an empty sum: zeros of the right shape, not stale memory.
    @Test func emptyInnerDimensionGivesZeros() {
        let y = matmul(Variable(Tensor.zeros([5, 0])), Variable(Tensor.zeros([0, 3])))
        #expect(y.value == Tensor.zeros([5, 3]))
        let t = matmul(Variable(Tensor.zeros([0, 5])), Variable(Tensor.zeros([0, 3])), transposeA: true)
        #expect(t.value == Tensor.zeros([5, 3]))
        let batched = matmul(Variable(Tensor.zeros([2, 3, 0])), Variable(Tensor.zeros([2, 0, 4])))
        #expect(batched.value == Tensor.zeros([2, 3, 4]))
    }
}
