import Autodiff
import Foundation
@testable import SashellCore
import TestSupport
import Testing

/// The differentiable divergences of the adversarial losses: their values against the reporting
/// measures of Metrics, and their gradients against finite differences.
@Suite struct AdversarialOpsTests {
    /// B rows of n-way distributions strictly inside the simplex.
    static func distributions(_ rows: Int, _ n: Int, seed: UInt64) -> Tensor {
        softmax(Variable(random([rows, n], seed: seed, -2, 2)), axis: -1).value
    }

    @Test func jensenShannonMatchesTheMetric() throws {
        var (p, q) = (Self.distributions(3, 5, seed: 1), Self.distributions(3, 5, seed: 2))
        // Sparse rows: zeros in one, in the other, in both (masked), and disjoint supports.
        p.scalars.replaceSubrange(5..<10, with: [0.5, 0.5, 0, 0, 0])
        q.scalars.replaceSubrange(5..<10, with: [0, 0.25, 0.75, 0, 0])
        p.scalars.replaceSubrange(10..<15, with: [1, 0, 0, 0, 0])
        q.scalars.replaceSubrange(10..<15, with: [0, 0, 0, 0.5, 0.5])
        let value = jensenShannon(Variable(p), Variable(q)).value.scalars
        for row in 0..<3 {
            let expected = try jensenShannon(p.scalars[row * 5..<(row + 1) * 5].map(Double.init),
                                             q.scalars[row * 5..<(row + 1) * 5].map(Double.init))
            #expect(abs(Double(value[row]) - expected) < 1e-6, "row \(row): \(value[row]) vs \(expected)")
        }
        #expect(abs(Double(value[2]) - Foundation.log(2.0)) < 1e-6)
        #expect(jensenShannon(Variable(p), Variable(p)).value.scalars == [0, 0, 0])
    }

    @Test func jensenShannonGradients() {
        let (p, q) = (Self.distributions(4, 6, seed: 3), Self.distributions(4, 6, seed: 4))
        expectCorrectGradients([p, q], step: 1e-3) { jensenShannon($0[0], $0[1]) }
        // Against a constant, as the adversarial loss uses it.
        expectCorrectGradients([p], step: 1e-3) { jensenShannon($0[0], Variable(q)) }
    }

    /// Zeros make no NaN: a position 0 in both gets no gradient; one where only p is 0 gets a
    /// large finite slope (the derivative there is −∞), so a projection's backward stays finite.
    @Test func jensenShannonGradientAtZeros() {
        let p = Variable(Tensor(shape: [1, 4], scalars: [0, 0, 0.5, 0.5]), requiresGrad: true)
        let q = Tensor(shape: [1, 4], scalars: [0, 0.5, 0.5, 0])
        jensenShannon(p, Variable(q)).backward(seed: Tensor(shape: [1], scalars: [1]))
        let g = p.grad!.scalars
        #expect(g[0] == 0 && g[2] == 0)
        #expect(g[1].isFinite && g[1] < -40)
        #expect(abs(Double(g[3]) - Foundation.log(2.0) / 2) < 1e-6)
        // Through softmax, whose zeros are underflow: the gradient reaching the logits is finite.
        let z = Variable(Tensor(shape: [1, 4], scalars: [-200, 0, 1, 2]), requiresGrad: true)
        jensenShannon(softmax(z, axis: -1), Variable(q)).backward(seed: Tensor(shape: [1], scalars: [1]))
        #expect(z.grad!.scalars.allSatisfy { $0.isFinite })
    }

    @Test func bernoulliTotalVariationIsTheTVDOfTwoPredictions() throws {
        let (p, q): ([Float], [Float]) = ([0.9, 0.2, 0.5], [0.6, 0.7, 0.5])
        let value = bernoulliTotalVariation(Variable(Tensor(shape: [3], scalars: p)), Variable(Tensor(shape: [3], scalars: q)))
        for i in 0..<3 {
            let expected = try totalVariation([Double(p[i]), 1 - Double(p[i])], [Double(q[i]), 1 - Double(q[i])])
            #expect(abs(Double(value.value.scalars[i]) - expected) < 1e-6)
        }
    }

    @Test func bernoulliTotalVariationGradients() {
        // Pairs at least 0.2 apart, so that no finite-difference step crosses the kink at p = q.
        let p = Tensor(shape: [6], scalars: [0.1, 0.8, 0.3, 0.9, 0.05, 0.6])
        let q = Tensor(shape: [6], scalars: [0.5, 0.2, 0.7, 0.4, 0.95, 0.3])
        expectCorrectGradients([p, q]) { bernoulliTotalVariation($0[0], $0[1]) }
        // At p = q the subgradient 0: a matching prediction is left alone.
        let same = Variable(Tensor(shape: [2], scalars: [0.3, 0.7]), requiresGrad: true)
        bernoulliTotalVariation(same, Variable(same.value)).backward(seed: Tensor(shape: [2], scalars: [1, 1]))
        #expect(same.grad!.scalars == [0, 0])
    }

    @Test func gatherRowsGradients() {
        let x = random([3, 4], seed: 5)
        expectCorrectGradients([x]) { gatherRows($0[0], [2, 0, 2, 1, 2]) }
        #expect(gatherRows(Variable(x), [1]).value.scalars == Array(x.scalars[4..<8]))
    }

    /// The whole loss, TVD − λ·JSD averaged over the batch, with respect to the adversary's
    /// logits and attention scores (projected as a model projects them, the last row padded),
    /// and its value against the reporting measures.
    @Test func adversarialLossGradientsAndValue() throws {
        let logits = random([4], seed: 6, -2, 2)
        let scores = random([4, 5], seed: 7, -2, 2)
        let mask = Tensor(shape: [4, 5], scalars: (0..<20).map { $0 == 19 ? 0 : 1 })
        let base = softmax(Variable(random([4, 5], seed: 8, -2, 2)), axis: -1, mask: mask).value
        let probabilities = Tensor(shape: [4], scalars: [0.9, 0.1, 0.5, 0.99])
        expectCorrectGradients([logits, scores], step: 1e-3) {
            AdversarialLoss(logits: $0[0], attention: softmax($0[1], axis: -1, mask: mask), baseProbabilities: probabilities,
                            baseAttention: base, lambda: 0.7).loss
        }
        let attention = softmax(Variable(scores), axis: -1, mask: mask).value
        let terms = AdversarialLoss(logits: Variable(logits), attention: Variable(attention), baseProbabilities: probabilities,
                                    baseAttention: base, lambda: 0.7)
        var (tvd, jsd) = (0.0, 0.0)
        for row in 0..<4 {
            tvd += abs(1 / (1 + exp(-Double(logits.scalars[row]))) - Double(probabilities.scalars[row])) / 4
            let width = row == 3 ? 4 : 5
            jsd += try jensenShannon(attention.scalars[row * 5..<row * 5 + width].map(Double.init),
                                     base.scalars[row * 5..<row * 5 + width].map(Double.init)) / 4
        }
        #expect(abs(terms.meanTotalVariation - tvd) < 1e-6 && abs(terms.meanJensenShannon - jsd) < 1e-6)
        #expect(abs(Double(terms.loss.value.scalars[0]) - (tvd - 0.7 * jsd)) < 1e-6)
    }
}
