import Autodiff
import TestSupport
import Testing

@Suite struct WeightedSumTests {
    /// By hand: c = 0.25·[1, 2] + 0.75·[3, 4] = [2.5, 3.5]; a zero weight drops its row.
    @Test func handCase() {
        let c = weightedSum(Variable(Tensor(shape: [2, 2], scalars: [0.25, 0.75, 1, 0])),
                            Variable(Tensor(shape: [2, 2, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])))
        #expect(c.value == Tensor(shape: [2, 2], scalars: [2.5, 3.5, 5, 6]))
    }

    /// The same as the batched matrix product it replaces, and its gradients checked.
    @Test func matchesBatchedProductAndGradients() {
        let (weights, values) = (random([3, 5], seed: 1), random([3, 5, 4], seed: 2))
        let direct = weightedSum(Variable(weights), Variable(values)).value
        let product = matmul(Variable(weights.reshaped([3, 1, 5])), Variable(values)).value.reshaped([3, 4])
        expectClose(direct.scalars, product.scalars)
        expectCorrectGradients([weights, values]) { weightedSum($0[0], $0[1]) }
        // Zero weights (sparse attention, padding) still get their gradient.
        var sparse = weights
        for i in [0, 3, 7] { sparse.scalars[i] = 0 }
        expectCorrectGradients([sparse, values]) { weightedSum($0[0], $0[1]) }
    }
}
