import Autodiff
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

    @Test func rank3TimesMatrixGradients() {
        expectCorrectGradients([random([2, 3, 4], seed: 28), random([4, 2], seed: 29)]) { matmul($0[0], $0[1]) }
        expectCorrectGradients([random([2, 3, 4], seed: 28), random([2, 4], seed: 29)]) {
            matmul($0[0], $0[1], transposeB: true)
        }
    }
}
