import Autodiff
import SashellCore
import TestSupport
import Testing

@Suite struct ProjectionUniformTests {
    @Test func oneOverTheKeptCountWhateverTheScores() {
        let z = Tensor(shape: [2, 4], scalars: [9, -1e30, 0, 3, 1, 2, 3, 4])
        let mask = Tensor(shape: [2, 4], scalars: [1, 1, 0, 1, 0, 1, 0, 0])
        let third: Float = 1.0 / 3
        #expect(uniformAttention(Variable(z), mask: mask).value.scalars == [third, third, 0, third, 0, 1, 0, 0])
        #expect(uniformAttention(Variable(z)).value.scalars == [Float](repeating: 0.25, count: 8))
    }

    @Test func noGradientReachesTheScores() {
        let z = Variable(random([2, 3], seed: 61), requiresGrad: true)
        #expect(!uniformAttention(z).requiresGrad)
        #expect(Projection.uniform(z).value == uniformAttention(z).value)
    }
}
