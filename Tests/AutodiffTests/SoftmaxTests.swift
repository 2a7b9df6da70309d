import Autodiff
import Foundation
import TestSupport
import Testing

@Suite struct SoftmaxTests {
    @Test func valuesMatchTheDefinition() {
        let y = softmax(Variable(Tensor(shape: [3], scalars: [1, 2, 3]))).value.scalars
        let e = [1.0, 2, 3].map { Foundation.exp($0) }, s = e.reduce(0, +)
        expectClose(y, e.map { Float($0 / s) })
    }

    @Test func largeInputsDoNotOverflow() {
        let y = softmax(Variable(Tensor(shape: [2], scalars: [1000, 1000]))).value.scalars
        #expect(y == [0.5, 0.5])
        let l = logSoftmax(Variable(Tensor(shape: [2], scalars: [1000, 0]))).value.scalars
        expectClose(l, [0, -1000])
    }

    @Test func maskedPositionsGetExactlyZero() {
        let x = Variable(Tensor(shape: [2, 3], scalars: [5, 1, 9, 2, 2, 7]))
        let mask = Tensor(shape: [2, 3], scalars: [1, 1, 0, 0, 1, 1])
        let y = softmax(x, mask: mask).value.scalars
        #expect(y[2] == 0 && y[3] == 0)
        expectClose([y[0] + y[1], y[4] + y[5]], [1, 1])
        expectClose([y[0], y[1]], softmax(Variable(Tensor(shape: [2], scalars: [5, 1]))).value.scalars)
    }

    @Test func fullyMaskedSliceIsZeroNotNaN() {
        let y = softmax(Variable(Tensor(shape: [1, 2], scalars: [1, 2])), mask: Tensor.zeros([1, 2])).value.scalars
        #expect(y == [0, 0])
    }

    @Test func alongAMiddleAxis() {
        let x = random([2, 3, 4], seed: 40)
        let y = softmax(Variable(x), axis: 1).value
        for o in 0..<2 { for j in 0..<4 {
            let total = (0..<3).reduce(Float(0)) { $0 + y.scalars[(o * 3 + $1) * 4 + j] }
            #expect(abs(total - 1) < 1e-6)
        } }
    }

    @Test(arguments: [0, 1, 2])
    func softmaxGradients(axis: Int) {
        expectCorrectGradients([random([2, 3, 4], seed: 41, -2, 2)]) { softmax($0[0], axis: axis) }
    }

    @Test func maskedSoftmaxGradients() {
        var g = RandomGenerator(seed: 42)
        let mask = Tensor(shape: [3, 5], scalars: (0..<15).map { i in i % 5 == 0 ? 1 : (g.uniform() < 0.5 ? 0 : 1) })
        expectCorrectGradients([random([3, 5], seed: 43, -2, 2)]) { softmax($0[0], mask: mask) }
    }

    @Test func maskedSoftmaxAlongAMiddleAxis() {
        // Softmax over axis 1 of [2, 4, 3]; each (batch, column) slice keeps position 0.
        let mask = Tensor(shape: [2, 4, 3], scalars: (0..<24).map { i in (i / 3) % 4 == 0 || i % 5 != 0 ? 1 : 0 })
        let x = random([2, 4, 3], seed: 46, -2, 2)
        let y = softmax(Variable(x), axis: 1, mask: mask).value
        for i in 0..<24 where mask.scalars[i] == 0 { #expect(y.scalars[i] == 0) }
        expectCorrectGradients([x]) { softmax($0[0], axis: 1, mask: mask) }
    }

    @Test(arguments: [0, 2])
    func logSoftmaxGradients(axis: Int) {
        expectCorrectGradients([random([2, 3, 4], seed: 44, -2, 2)]) { logSoftmax($0[0], axis: axis) }
    }

    @Test func logSoftmaxIsLogOfSoftmax() {
        let x = Variable(random([3, 4], seed: 45, -3, 3))
        expectClose(logSoftmax(x).value.scalars, softmax(x).value.scalars.map { Foundation.log($0) })
    }

    /// Rows long enough for the eight-lane path with a tail (203 = 25·8 + 3) and a batch large
    /// enough to be split across threads, against softmax computed in Double; the masked
    /// gradient through the lanes path too.
    @Test func longMaskedRowsAgainstDouble() {
        let (rows, n) = (200, 203)
        let x = random([rows, n], seed: 44, -20, 20)
        let mask = Tensor(shape: [rows, n]) { m in for i in 0..<rows * n { m[i] = (i * 7919) % 5 == 0 ? 0 : 1 } }
        let y = softmax(Variable(x), mask: mask).value.scalars
        for r in 0..<rows {
            let kept = (0..<n).filter { mask.scalars[r * n + $0] != 0 }
            let top = kept.map { Double(x.scalars[r * n + $0]) }.max()!
            let total = kept.reduce(0.0) { $0 + Foundation.exp(Double(x.scalars[r * n + $1]) - top) }
            for i in 0..<n {
                let expected = mask.scalars[r * n + i] == 0 ? 0 : Foundation.exp(Double(x.scalars[r * n + i]) - top) / total
                #expect(abs(Double(y[r * n + i]) - expected) <= 2e-6 * expected + 1e-12)
            }
        }
        let small = Tensor(shape: [2, 19]) { m in for i in 0..<38 { m[i] = i % 4 == 1 ? 0 : 1 } }
        expectCorrectGradients([random([2, 19], seed: 45, -2, 2)]) { softmax($0[0], mask: small) }
    }
}
