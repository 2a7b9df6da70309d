import Autodiff
import TestSupport
import Testing

/// The checkers themselves must be able to fail, or every gradient test is hollow.
@Suite struct GradientCheckTests {
    /// y = x², with a backward that is wrong by a factor of 2 (it claims dy/dx = x).
    func wrongSquare(_ x: Variable) -> Variable {
        let y = Tensor(shape: x.shape, scalars: x.value.scalars.map { $0 * $0 })
        return Variable(y, inputs: [x]) { dy, k in
            x.accumulateGrad(k) { dx in
                for j in 0..<k { for i in 0..<x.value.count { dx[j * x.value.count + i] += dy[j * x.value.count + i] * x.value.scalars[i] } }
            }
        }
    }

    /// y = x², whose backward forgets the k cotangents and only fills the first one.
    func unbatchedSquare(_ x: Variable) -> Variable {
        let y = Tensor(shape: x.shape, scalars: x.value.scalars.map { $0 * $0 })
        return Variable(y, inputs: [x]) { dy, k in
            x.accumulateGrad(k) { dx in for i in 0..<x.value.count { dx[i] += dy[i] * 2 * x.value.scalars[i] } }
        }
    }

    /// y = x², whose backward is 1% too large.
    func slightlyWrongSquare(_ x: Variable) -> Variable {
        let y = Tensor(shape: x.shape, scalars: x.value.scalars.map { $0 * $0 })
        return Variable(y, inputs: [x]) { dy, k in
            x.accumulateGrad(k) { dx in
                for j in 0..<k { for i in 0..<x.value.count { dx[j * x.value.count + i] += dy[j * x.value.count + i] * 2.02 * x.value.scalars[i] } }
            }
        }
    }

    @Test func finiteDifferencesCatchAOnePercentError() {
        let result = checkGradients(at: [random([6], seed: 5, 0.5, 2)]) { slightlyWrongSquare($0[0]) }
        #expect(result.failures == 6)
    }

    @Test func finiteDifferencesCatchAWrongDerivative() {
        let result = checkGradients(at: [random([5], seed: 3, 0.5, 1)]) { wrongSquare($0[0]) }
        #expect(!result.passed)
        #expect(result.failures == 5)
    }

    @Test func batchedCheckCatchesIgnoredCotangents() {
        let x = random([5], seed: 4)
        #expect(checkGradients(at: [x]) { unbatchedSquare($0[0]) }.passed)  // right for k = 1
        #expect(!checkBatchedCotangents(at: [x], k: 3) { unbatchedSquare($0[0]) }.passed)
    }
}
