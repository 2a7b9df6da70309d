import Autodiff
import TestSupport
import Testing

@Suite struct ReduceAndShapeTests {
    let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])

    @Test func sumsAndMeans() {
        #expect(sum(Variable(x), axis: 0).value == Tensor(shape: [3], scalars: [5, 7, 9]))
        #expect(sum(Variable(x), axis: -1).value == Tensor(shape: [2], scalars: [6, 15]))
        #expect(mean(Variable(x), axis: 1).value == Tensor(shape: [2], scalars: [2, 5]))
        #expect(sum(Variable(x)).value == Tensor(shape: [], scalars: [21]))
        #expect(mean(Variable(x)).value == Tensor(shape: [], scalars: [3.5]))
    }

    @Test(arguments: [0, 1, 2])
    func reductionGradients(axis: Int) {
        let cube = random([2, 3, 4], seed: 30)
        expectCorrectGradients([cube]) { sum($0[0], axis: axis) }
        expectCorrectGradients([cube]) { mean($0[0], axis: axis) }
    }

    @Test func totalReductionGradients() {
        expectCorrectGradients([random([3, 2], seed: 31)]) { sum($0[0]) }
        expectCorrectGradients([random([3, 2], seed: 31)]) { mean($0[0] * $0[0]) }
    }

    @Test func concatAndSliceAlongTime() {
        let a = Variable(Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4]))
        let b = Variable(Tensor(shape: [2, 2, 2], scalars: [5, 6, 7, 8, 9, 10, 11, 12]))
        let joined = concat([a, b], axis: 1)
        #expect(joined.value == Tensor(shape: [2, 3, 2], scalars: [1, 2, 5, 6, 7, 8, 3, 4, 9, 10, 11, 12]))
        #expect(slice(joined, axis: 1, 1..<3).value == b.value)
        #expect(slice(joined, axis: 1, 0..<1).value == a.value)
        #expect(slice(joined, axis: -1, 1..<2).value.scalars == [2, 6, 8, 4, 10, 12])
    }

    @Test func concatAndSliceGradients() {
        let a = random([2, 3, 4], seed: 32), b = random([2, 1, 4], seed: 33)
        expectCorrectGradients([a, b]) { concat([$0[0], $0[1]], axis: 1) }
        expectCorrectGradients([a, random([2, 3, 2], seed: 34)]) { concat([$0[0], $0[1]], axis: 2) }
        expectCorrectGradients([a]) { slice($0[0], axis: 1, 1..<3) }
        expectCorrectGradients([a]) { concat([slice($0[0], axis: 1, 2..<3), slice($0[0], axis: 1, 0..<2)], axis: 1) }
    }

    @Test func reshapeGradients() {
        expectCorrectGradients([random([2, 6], seed: 35)]) { $0[0].reshaped([3, 4]) * $0[0].reshaped([3, 4]) }
    }
}
