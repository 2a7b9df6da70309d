import Autodiff
import Foundation
import TestSupport
import Testing

/// The engine example in README.md, verbatim, so the README cannot drift from the API.
@Suite struct ReadmeExampleTests {
    @Test func logisticRegressionGradientIsTheTextbookOne() {
        var rng = RandomGenerator(seed: 1)                      // same stream on every machine
        let w = Variable(.normal([300, 1], std: 0.05, generator: &rng), requiresGrad: true)
        let x = Variable(.normal([32, 300], generator: &rng))
        let y = Tensor(shape: [32, 1], scalars: (0..<32).map { Float($0 % 2) })
        let loss = binaryCrossEntropyWithLogits(matmul(x, w), targets: y, positiveWeight: 1.5)
        loss.backward()                                         // w.grad now holds dloss/dw

        // dℓ/dz = (1 − y) − (1 + 0.5 y) σ(−z) per example, averaged; dloss/dw = Xᵀ dℓ/dz / 32.
        let z = matmul(x, w).value.scalars.map(Double.init)
        let dz = (0..<32).map { i -> Double in
            let t = Double(y.scalars[i])
            return ((1 - t) - (1 + 0.5 * t) / (1 + Foundation.exp(z[i]))) / 32
        }
        let expected = (0..<300).map { c in (0..<32).reduce(0.0) { $0 + Double(x.value.scalars[$1 * 300 + c]) * dz[$1] } }
        #expect(w.grad!.shape == [300, 1])
        expectClose(w.grad!.scalars, expected.map(Float.init), tolerance: 1e-5)
    }
}
