import Autodiff
import Foundation
import TestSupport
import Testing

@Suite struct LayerTests {
    @Test func layerNormValues() {
        let x = Variable(Tensor(shape: [1, 4], scalars: [1, 2, 3, 4]))
        let y = layerNorm(x, gain: Variable(Tensor(repeating: 2, shape: [4])), bias: Variable(Tensor(repeating: 1, shape: [4])))
        // mean 2.5, variance 1.25: (x − 2.5)/√(1.25 + 1e-5) · 2 + 1
        let std: Double = (1.25 + 1e-5).squareRoot()
        let expected = [1.0, 2, 3, 4].map { (x: Double) -> Float in Float((x - 2.5) / std * 2 + 1) }
        expectClose(y.value.scalars, expected)
    }

    @Test func layerNormGradients() {
        expectCorrectGradients([random([2, 3, 5], seed: 50, -2, 2), random([5], seed: 51, 0.5, 1.5), random([5], seed: 52)]) {
            layerNorm($0[0], gain: $0[1], bias: $0[2])
        }
    }

    /// Enough rows to be split across threads (and a row that is not a whole number of SIMD lanes),
    /// each normalised as computed in Double, and the
    /// input gradient of the split backward pass equal to the one of each row alone.
    @Test func layerNormOfManyRowsAgainstDouble() {
        let (rows, d) = (400, 100)
        let (x, gain, bias) = (random([rows, d], seed: 53, -3, 3), random([d], seed: 54, 0.5, 1.5), random([d], seed: 55))
        let input = Variable(x, requiresGrad: true)
        let y = layerNorm(input, gain: Variable(gain), bias: Variable(bias))
        // Without gradients it keeps no x̂, and computes the same values.
        #expect(Variable.withoutGradients { layerNorm(input, gain: Variable(gain), bias: Variable(bias)) }.value == y.value)
        let seed = random([rows, d], seed: 56)
        y.backward(seed: seed)
        for r in stride(from: 0, to: rows, by: 37) {
            let row = (0..<d).map { Double(x.scalars[r * d + $0]) }
            let mean = row.reduce(0, +) / Double(d)
            let std = (row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(d) + 1e-5).squareRoot()
            let expected = (0..<d).map { Float((row[$0] - mean) / std * Double(gain.scalars[$0]) + Double(bias.scalars[$0])) }
            expectClose(Array(y.value.scalars[r * d..<(r + 1) * d]), expected, tolerance: 1e-5)
            let alone = Variable(Tensor(shape: [1, d], scalars: Array(x.scalars[r * d..<(r + 1) * d])), requiresGrad: true)
            layerNorm(alone, gain: Variable(gain), bias: Variable(bias))
                .backward(seed: Tensor(shape: [1, d], scalars: Array(seed.scalars[r * d..<(r + 1) * d])))
            expectClose(Array(input.grad!.scalars[r * d..<(r + 1) * d]), alone.grad!.scalars)
        }
    }

    @Test func embeddingLooksUpRows() {
        let table = Variable(Tensor(shape: [3, 2], scalars: [0, 0, 1, 2, 3, 4]))
        let y = embedding(table, ids: [2, 1, 1, 0], shape: [2, 2])
        #expect(y.shape == [2, 2, 2])
        #expect(y.value.scalars == [3, 4, 1, 2, 1, 2, 0, 0])
    }

    @Test func embeddingGradientsScatterIntoRows() {
        let ids = [2, 1, 1, 0, 3, 2]
        expectCorrectGradients([random([4, 3], seed: 53)]) { embedding($0[0], ids: ids, shape: [2, 3]) }
        let table = Variable(random([4, 3], seed: 53), requiresGrad: true)
        sum(embedding(table, ids: ids, shape: [6])).backward()
        // Each row's gradient counts its occurrences: id 1 and 2 twice, 0 and 3 once.
        #expect(table.grad!.scalars == [1, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1, 1])
    }

    @Test func embeddingPaddingRowAndFrozenTable() {
        let table = Variable(random([4, 3], seed: 54), requiresGrad: true)
        sum(embedding(table, ids: [0, 1, 0], shape: [3], paddingIndex: 0)).backward()
        #expect(table.grad!.scalars == [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
        // The padding row stays without gradient for every one of k cotangents. (Not a finite-
        // difference check: the output does depend on the padding row; its gradient is withheld.)
        let batchedCheck = checkBatchedCotangents(at: [random([4, 3], seed: 57)]) {
            embedding($0[0], ids: [0, 2, 0, 3], shape: [4], paddingIndex: 0)
        }
        #expect(batchedCheck.passed, "\(batchedCheck)")
        let batched = Variable(random([4, 3], seed: 54), requiresGrad: true)
        embedding(batched, ids: [0, 1, 0], shape: [3], paddingIndex: 0).backward(cotangents: random([2, 3, 3], seed: 58))
        #expect(batched.grad!.shape == [2, 4, 3])
        for j in 0..<2 { #expect(batched.grad!.scalars[j * 12..<j * 12 + 3].allSatisfy { $0 == 0 }) }
        let frozen = Variable(random([4, 3], seed: 54))
        let y = embedding(frozen, ids: [1, 2], shape: [2])
        #expect(!y.requiresGrad && frozen.grad == nil)
    }

    @Test func dropoutIsSeededAndPreservesTheMean() {
        let x = Variable(Tensor(repeating: 1, shape: [10_000]))
        var g1 = RandomGenerator(seed: 7), g2 = RandomGenerator(seed: 7)
        let a = dropout(x, rate: 0.3, generator: &g1).value.scalars
        #expect(a == dropout(x, rate: 0.3, generator: &g2).value.scalars)
        #expect(Set(a) == [0, Float(1 / 0.7)])
        let dropped = Double(a.filter { $0 == 0 }.count) / 10_000
        #expect(abs(dropped - 0.3) < 0.02)
        #expect(abs(a.reduce(0, +) / 10_000 - 1) < 0.03)
    }

    @Test func dropoutGradientsUseTheSameMask() {
        // A fresh generator per call of f gives the same mask in every evaluation.
        expectCorrectGradients([random([4, 5], seed: 55)]) { v in
            var g = RandomGenerator(seed: 9)
            return dropout(v[0], rate: 0.5, generator: &g)
        }
    }

    @Test func binaryCrossEntropyValues() {
        let logits = Variable(Tensor(shape: [3], scalars: [0.5, -1, 2]))
        let targets = Tensor(shape: [3], scalars: [1, 0, 1])
        func bce(_ x: Double, _ y: Double, _ w: Double) -> Double {
            let s = 1 / (1 + Foundation.exp(-x))
            return -(w * y * Foundation.log(s) + (1 - y) * Foundation.log(1 - s))
        }
        for w in [1.0, 2.5] {
            let expected = (bce(0.5, 1, w) + bce(-1, 0, w) + bce(2, 1, w)) / 3
            let got = binaryCrossEntropyWithLogits(logits, targets: targets, positiveWeight: Float(w)).value.scalars[0]
            #expect(abs(Double(got) - expected) < 1e-6)
        }
        let extreme = binaryCrossEntropyWithLogits(Variable(Tensor(shape: [2], scalars: [-200, 200])),
                                                   targets: Tensor(shape: [2], scalars: [1, 0]))
        #expect(extreme.value.scalars == [200])
    }

    @Test func binaryCrossEntropyGradients() {
        let targets = Tensor(shape: [5], scalars: [1, 0, 1, 1, 0])
        expectCorrectGradients([random([5], seed: 56, -3, 3)]) {
            binaryCrossEntropyWithLogits($0[0], targets: targets, positiveWeight: 1.7)
        }
    }
}
