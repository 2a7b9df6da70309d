import Autodiff
import Foundation
import TestSupport
import Testing

@Suite struct ElementwiseTests {
    let x = random([3, 4], seed: 10, -2, 2)

    @Test func unaryValues() {
        let v = Variable(Tensor(shape: [4], scalars: [-1, 0, 0.5, 2]))
        expectClose(exp(v).value.scalars, [exp(-1), 1, exp(0.5), exp(2)].map(Float.init))
        expectClose(tanh(v).value.scalars, [tanh(-1), 0, tanh(0.5), tanh(2)].map(Float.init))
        let logistic = [-1.0, 0, 0.5, 2].map { (x: Double) in Float(1 / (1 + Foundation.exp(-x))) }
        expectClose(sigmoid(v).value.scalars, logistic)
        expectClose(relu(v).value.scalars, [0, 0, 0.5, 2])
        // GELU(x) = x Φ(x): Φ(-1) = 0.158655…, Φ(0.5) = 0.691462…, Φ(2) = 0.977249…
        expectClose(gelu(v).value.scalars, [-0.158_655_25, 0, 0.345_731_05, 1.954_499_7])
        expectClose(log(Variable(Tensor(shape: [2], scalars: [1, Float(M_E)]))).value.scalars, [0, 1])
    }

    /// ReLU and x·c + d run eight lanes at a time: over full lanes and a tail they equal the
    /// scalar definitions exactly, NaN and infinities included.
    @Test func lanewiseFunctionsMatchTheirScalarDefinitions() {
        let scalars: [Float] = [-3, -0.0, 0, 1.5, .nan, .infinity, -.infinity, 2, -1e-30, 7, -7, 0.25, 4, -4, 9, 1e30, -2, 3, 0.5]
        let v = Variable(Tensor(shape: [scalars.count], scalars: scalars))
        func same(_ a: [Float], _ b: [Float]) -> Bool {
            zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
        }
        #expect(same(relu(v).value.scalars, scalars.map { max($0, 0) }))
        #expect(same((v * 3 + 2).value.scalars, scalars.map { 3 * $0 + 2 }))
    }

    /// σ and tanh (eight lanes at a time, on the engine's own e^x) within 2e-7 of the Double
    /// functions relative to the value, on a dense grid over where they are not yet 0 or ±1.
    @Test func sigmoidAndTanhAreAsAccurateAsLibm() {
        let grid = (-40_000...40_000).map { Float($0) / 2000 }  // −20 … 20 in steps of 0.0005
        let x = Variable(Tensor(shape: [grid.count], scalars: grid))
        func worst(_ values: [Float], _ exact: (Double) -> Double) -> Double {
            zip(grid, values).map { g, v in let e = exact(Double(g)); return abs(Double(v) - e) / max(abs(e), 1e-30) }.max()!
        }
        #expect(worst(sigmoid(x).value.scalars) { 1 / (1 + Foundation.exp(-$0)) } <= 2e-7)
        #expect(worst(tanh(x).value.scalars) { Foundation.tanh($0) } <= 2e-7)
    }

    @Test func sigmoidIsFiniteAtExtremes() {
        let y = sigmoid(Variable(Tensor(shape: [2], scalars: [-1000, 1000]))).value.scalars
        #expect(y == [0, 1])
    }

    @Test func exponentialGradients() { expectCorrectGradients([x]) { exp($0[0]) } }
    @Test func logGradients() { expectCorrectGradients([random([3, 4], seed: 11, 0.5, 3)]) { log($0[0]) } }
    @Test func tanhGradients() { expectCorrectGradients([x]) { tanh($0[0]) } }
    @Test func sigmoidGradients() { expectCorrectGradients([x]) { sigmoid($0[0]) } }
    @Test func geluGradients() { expectCorrectGradients([x]) { gelu($0[0]) } }
    @Test func reluGradients() {
        // Inputs kept away from the kink at 0, where the difference quotient is meaningless.
        let away = x.map { $0 >= 0 ? $0 + 0.1 : $0 - 0.1 }
        expectCorrectGradients([away]) { relu($0[0]) }
    }
    @Test func scalarArithmeticGradients() { expectCorrectGradients([x]) { -(($0[0] * 3) + 2) } }

    @Test func binaryValuesBroadcastARowVector() {
        let a = Variable(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
        let b = Variable(Tensor(shape: [3], scalars: [10, 20, 30]))
        #expect((a + b).value.scalars == [11, 22, 33, 14, 25, 36])
        #expect((b - a).value.scalars == [9, 18, 27, 6, 15, 24])
        #expect((a * b).value.scalars == [10, 40, 90, 40, 100, 180])
        expectClose((a / b).value.scalars, [0.1, 0.1, 0.1, 0.4, 0.25, 0.2])
    }

    @Test func binaryGradientsSameShape() {
        let y = random([3, 4], seed: 12, 0.5, 2)
        expectCorrectGradients([x, y]) { $0[0] + $0[1] }
        expectCorrectGradients([x, y]) { $0[0] - $0[1] }
        expectCorrectGradients([x, y]) { $0[0] * $0[1] }
        expectCorrectGradients([x, y]) { $0[0] / $0[1] }
    }

    @Test func binaryGradientsBroadcast() {
        let row = random([4], seed: 13, 0.5, 2)
        let cube = random([2, 3, 4], seed: 14)
        expectCorrectGradients([cube, row]) { $0[0] + $0[1] }
        expectCorrectGradients([row, cube]) { $0[0] - $0[1] }
        expectCorrectGradients([cube, row]) { $0[0] * $0[1] }
        expectCorrectGradients([cube, row]) { $0[0] / $0[1] }
    }
}
