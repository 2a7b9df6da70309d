import Autodiff
import TestSupport
import Testing

@Suite struct LinearTests {
    /// By hand: [1, 2] · [[1, 0], [2, 1], [0, -1]]ᵀ + [10, 20, 30] = [11, 24, 28].
    @Test func handCase() {
        let x = Variable(Tensor(shape: [1, 2], scalars: [1, 2]))
        let w = Variable(Tensor(shape: [3, 2], scalars: [1, 0, 2, 1, 0, -1]))
        let b = Variable(Tensor(shape: [3], scalars: [10, 20, 30]))
        #expect(linear(x, weight: w, bias: b).value == Tensor(shape: [1, 3], scalars: [11, 24, 28]))
        #expect(linear(x, weight: w).value == Tensor(shape: [1, 3], scalars: [1, 4, -2]))
    }

    /// The same as the matrix product and broadcast sum it replaces, for a rank-3 input.
    @Test func matchesProductPlusBias() {
        let (x, w, b) = (random([2, 3, 4], seed: 1), random([5, 4], seed: 2), random([5], seed: 3))
        let fused = linear(Variable(x), weight: Variable(w), bias: Variable(b)).value
        let reference = matmul(Variable(x), Variable(w), transposeB: true) + Variable(b)
        #expect(fused.shape == [2, 3, 5])
        expectClose(fused.scalars, reference.value.scalars)
    }

    @Test func gradients() {
        let (x, w, b) = (random([2, 3, 4], seed: 4), random([5, 4], seed: 5), random([5], seed: 6))
        expectCorrectGradients([x, w, b]) { linear($0[0], weight: $0[1], bias: $0[2]) }
        expectCorrectGradients([x, w]) { linear($0[0], weight: $0[1]) }
    }
}
