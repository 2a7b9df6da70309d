import Autodiff
import Foundation
import SashellCore
import TestSupport
import Testing

@Suite struct ProjectionEntmaxTests {
    /// An independent reference: bisect on τ in Σ_i [(α − 1) z_i − τ]₊^{1/(α−1)} = 1 over
    /// [max − 1, max], where the sum falls from ≥ 1 to 0.
    func referenceEntmax(_ z: [Float], alpha: Double) -> [Float] {
        let x = z.map { (alpha - 1) * Double($0) }
        func p(_ tau: Double) -> [Double] { x.map { pow(max($0 - tau, 0), 1 / (alpha - 1)) } }
        var (low, high) = (x.max()! - 1, x.max()!)
        for _ in 0..<200 {
            let tau = (low + high) / 2
            if p(tau).reduce(0, +) > 1 { low = tau } else { high = tau }
        }
        return p(low).map { Float($0) }
    }

    /// For z = [1, 0], both entries are in the support: with x = z/2, (1/2 − τ)² + τ² = 1, whose
    /// smaller root is τ = (1 − √7)/4, so p = [(4 + √7)/8, (4 − √7)/8].
    @Test func entmax15ClosedForm() {
        let p = projectRow({ entmax($0, alpha: 1.5, mask: $1) }, [1, 0])
        let r7 = Float(7).squareRoot()
        expectClose(p, [(4 + r7) / 8, (4 - r7) / 8], tolerance: 1e-6)
    }

    @Test(arguments: [1.5, 1.25, 1.75, 3.0])
    func matchesAnIndependentBisection(alpha: Double) {
        let x = random([20, 7], seed: 31, -3, 3)
        let p = entmax(Variable(x), alpha: Float(alpha)).value.scalars
        for r in 0..<20 {
            let row = Array(x.scalars[r * 7..<(r + 1) * 7])
            expectClose(Array(p[r * 7..<(r + 1) * 7]), referenceEntmax(row, alpha: alpha), tolerance: 2e-6)
        }
    }

    @Test func alphaOneIsSoftmaxAndAlphaTwoIsSparsemax() {
        let x = random([6, 5], seed: 32, -2, 2)
        let mask = Tensor(shape: [6, 5], scalars: (0..<30).map { $0 % 4 == 1 ? 0 : 1 })
        #expect(entmax(Variable(x), alpha: 1, mask: mask).value == softmax(Variable(x), mask: mask).value)
        #expect(entmax(Variable(x), alpha: 2, mask: mask).value == sparsemax(Variable(x), mask: mask).value)
    }

    /// The bisection is continuous at both ends of the family.
    @Test func approachesSoftmaxAndSparsemaxContinuously() {
        let x = random([4, 6], seed: 33, -2, 2)
        let nearOne = entmax(Variable(x), alpha: 1.001, mask: nil).value
        let nearTwo = entmax(Variable(x), alpha: 1.999, mask: nil).value
        #expect(nearOne.maxAbsDifference(softmax(Variable(x)).value) < 2e-3)
        #expect(nearTwo.maxAbsDifference(sparsemax(Variable(x)).value) < 2e-3)
    }

    /// Larger α, sparser output: softmax keeps every score, sparsemax fewer, entmax-4 fewer still.
    @Test func sparsityGrowsWithAlpha() {
        let z: [Float] = [2, 1, 0.1, -1, -3]
        let sizes = [Float(1), 1.5, 2, 4].map { alpha in
            supportOf(projectRow({ entmax($0, alpha: alpha, mask: $1) }, z)).count
        }
        #expect(sizes == sizes.sorted(by: >))
        #expect(sizes.first == 5 && sizes[1] < 5 && sizes.last == 1)
    }

    @Test func tiesSinglePositionAndExtremes() {
        for alpha: Float in [1.5, 1.3] {
            let e: @Sendable (Variable, Tensor?) -> Variable = { entmax($0, alpha: alpha, mask: $1) }
            expectClose(projectRow(e, [0.4, 0.4, 0.4]), [1.0 / 3, 1.0 / 3, 1.0 / 3], tolerance: 1e-6)
            #expect(projectRow(e, [7]) == [1])
            #expect(projectRow(e, [1e30, -1e30, 0]) == [1, 0, 0])
            expectClose(projectRow(e, [1e30, 1e30]), [0.5, 0.5], tolerance: 1e-6)
            expectClose(projectRow(e, [1e-30, 0, -1e-30]), [1.0 / 3, 1.0 / 3, 1.0 / 3], tolerance: 1e-6)
            expectClose(projectRow(e, [3, 2, 100], mask: [1, 1, 0]), projectRow(e, [3, 2, -100]), tolerance: 1e-6)
        }
    }

    @Test(arguments: [1.5, 1.25, 2.5])
    func gradients(alpha: Float) {
        let x = random([3, 6], seed: 34, -2, 2)
        let mask = Tensor(shape: [3, 6], scalars: (0..<18).map { $0 % 6 == 4 ? 0 : 1 })
        #expect(supportIsStable(x, step: 1e-2) { entmax($0, alpha: alpha, mask: mask) })
        expectCorrectGradients([x]) { entmax($0[0], alpha: alpha, mask: mask) }
    }
}
