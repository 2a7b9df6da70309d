import Autodiff
import Foundation
import SashellCore
import TestSupport
import Testing

/// Properties every projection onto the simplex must have, over many seeded random rows.
@Suite struct ProjectionPropertyTests {
    static let rows = 200, width = 40

    /// 200 rows of scores of varied scale, each padded to a random length in 1...40 and with some
    /// inner positions masked; position 0 is always kept.
    static let (scores, mask): (Tensor, Tensor) = {
        var g = RandomGenerator(seed: 71)
        var scores = Tensor.zeros([rows, width]), mask = Tensor.zeros([rows, width])
        for r in 0..<rows {
            let length = 1 + g.int(below: width), scale = [0.1, 1, 10][g.int(below: 3)] as Float
            for i in 0..<width {
                scores.scalars[r * width + i] = scale * (2 * g.uniform() - 1)
                mask.scalars[r * width + i] = i == 0 || (i < length && g.uniform() < 0.8) ? 1 : 0
            }
        }
        return (scores, mask)
    }()

    @Test(arguments: projectionsUnderTest.indices)
    func distributionsOnTheKeptPositions(index: Int) {
        let (name, apply) = projectionsUnderTest[index]
        let p = apply(Variable(Self.scores), Self.mask).value.scalars
        for r in 0..<Self.rows {
            let row = r * Self.width..<(r + 1) * Self.width
            #expect(row.allSatisfy { p[$0] >= 0 && p[$0].isFinite }, "\(name) row \(r): negative or not finite")
            #expect(row.allSatisfy { Self.mask.scalars[$0] != 0 || p[$0] == 0 }, "\(name) row \(r): mass on a masked position")
            let total = row.reduce(0.0) { $0 + Double(p[$1]) }
            #expect(abs(total - 1) <= 1e-6, "\(name) row \(r) sums to \(total)")
        }
    }

    @Test(arguments: projectionsUnderTest.indices)
    func invariantToAddingAConstant(index: Int) {
        let (name, apply) = projectionsUnderTest[index]
        let p = apply(Variable(Self.scores), Self.mask).value
        let shifted = apply(Variable(Self.scores.map { $0 + 4 }), Self.mask).value
        #expect(p.maxAbsDifference(shifted) < 1e-5, "\(name)")
    }

    @Test(arguments: projectionsUnderTest.indices)
    func aSinglePositionGetsEverything(index: Int) {
        let (name, apply) = projectionsUnderTest[index]
        #expect(projectRow(apply, [-2.5]) == [1], "\(name)")
        #expect(projectRow(apply, [4, -1e30, 2], mask: [0, 1, 0]) == [0, 1, 0], "\(name)")
    }

    /// A row with nothing kept is all zeros, not NaN (the Lua layer reports it via `hasFullyMaskedRow`).
    @Test(arguments: projectionsUnderTest.indices)
    func aFullyMaskedRowIsZero(index: Int) {
        let (name, apply) = projectionsUnderTest[index]
        let mask = Tensor(shape: [2, 3], scalars: [0, 0, 0, 1, 0, 1])
        let p = apply(Variable(Tensor(shape: [2, 3], scalars: [1, 2, 3, 1, 2, 3])), mask).value.scalars
        #expect(p[0..<3] == [0, 0, 0] && abs(p[3] + p[5] - 1) < 1e-6, "\(name): \(p)")
    }

    /// The optimality conditions of entmax-α (sparsemax is α = 2, sparsegen-lin is sparsemax of
    /// z/(1 − λ)), checked without any of the implementation's algorithm: there is one τ with
    /// (α − 1) z_i − p_i^{α−1} = τ on the support and (α − 1) z_i ≤ τ off it.
    @Test(arguments: [(2.0, 0.0), (2.0, 0.5), (2.0, -3.0), (1.5, 0.0), (1.2, 0.0), (3.0, 0.0)])
    func optimalityConditions(alpha: Double, lambda: Double) {
        let p: [Float]
        switch (alpha, lambda) {
        case (2, 0): p = sparsemax(Variable(Self.scores), mask: Self.mask).value.scalars
        case (2, _): p = sparsegen(Variable(Self.scores), lambda: Float(lambda), mask: Self.mask).value.scalars
        default: p = entmax(Variable(Self.scores), alpha: Float(alpha), mask: Self.mask).value.scalars
        }
        for r in 0..<Self.rows {
            let kept = (r * Self.width..<(r + 1) * Self.width).filter { Self.mask.scalars[$0] != 0 }
            let x = kept.map { (alpha - 1) * Double(Self.scores.scalars[$0]) / (1 - lambda) }
            let q = kept.map { Double(p[$0]) }
            let onSupport = q.indices.filter { q[$0] > 0 }.map { x[$0] - pow(q[$0], alpha - 1) }
            let scale = max(1, x.map(abs).max()!)
            let tau = onSupport.reduce(0, +) / Double(onSupport.count)
            #expect(onSupport.allSatisfy { abs($0 - tau) <= 2e-3 * scale }, "row \(r): τ varies \(onSupport)")
            #expect(q.indices.allSatisfy { q[$0] > 0 || x[$0] <= tau + 2e-3 * scale }, "row \(r): a score above τ got 0")
        }
    }

    @Test(arguments: projectionsUnderTest.indices)
    func gradientsOfMaskedRows(index: Int) {
        let (name, apply) = projectionsUnderTest[index]
        let x = random([3, 5], seed: 72, -2, 2)
        let mask = Tensor(shape: [3, 5], scalars: [1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0])
        #expect(supportIsStable(x, step: 1e-2) { apply($0, mask) }, "\(name)")
        expectCorrectGradients([x]) { apply($0[0], mask) }
    }

    /// Tied scores on the support, a single kept position (gradient 0) and a fully masked row
    /// (no gradient), in one batch.
    @Test(arguments: projectionsUnderTest.indices)
    func gradientsWithTiesASinglePositionAndAnEmptyRow(index: Int) {
        let (name, apply) = projectionsUnderTest[index]
        let x = Tensor(shape: [3, 4], scalars: [0.8, 0.8, -1, 0.1, 2, 0.5, 0.5, 0.5, 1, 2, 3, 4])
        let mask = Tensor(shape: [3, 4], scalars: [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
        #expect(supportIsStable(x, step: 1e-2) { apply($0, mask) }, "\(name)")
        expectCorrectGradients([x]) { apply($0[0], mask) }
    }
}

@Suite struct ProjectionEnumTests {
    @Test func invalidParametersAreNamed() {
        #expect(Projection.sparsegen(lambda: 1.5).invalidReason == "sparsegen: lambda must be < 1, got 1.5")
        #expect(Projection.sparsegen(lambda: 1).invalidReason != nil)
        #expect(Projection.sparsegen(lambda: .nan).invalidReason != nil)
        #expect(Projection.entmax(alpha: 0.5).invalidReason?.hasPrefix("entmax: alpha must be >= 1") == true)
        #expect(Projection.entmax(alpha: .infinity).invalidReason != nil)
        #expect(Projection.gumbel(tau: 0, seed: 1).invalidReason?.hasPrefix("gumbel: tau must be > 0") == true)
        for valid in [Projection.softmax, .sparsemax, .uniform, .sparsegen(lambda: -10), .sparsegen(lambda: 0.99),
                      .entmax(alpha: 1), .entmax(alpha: 1.5), .gumbel(tau: 0.1, seed: 3)] {
            #expect(valid.invalidReason == nil, "\(valid)")
        }
    }

    @Test func casesCallTheirFunctions() {
        let z = Variable(random([4, 6], seed: 81, -2, 2))
        let mask = Tensor(shape: [4, 6], scalars: (0..<24).map { $0 % 6 == 5 ? 0 : 1 })
        #expect(Projection.softmax(z, mask: mask).value == softmax(z, mask: mask).value)
        #expect(Projection.sparsemax(z, mask: mask).value == sparsemax(z, mask: mask).value)
        #expect(Projection.sparsegen(lambda: 0.3)(z, mask: mask).value == sparsegen(z, lambda: 0.3, mask: mask).value)
        #expect(Projection.entmax(alpha: 1.5)(z, mask: mask).value == entmax(z, alpha: 1.5, mask: mask).value)
        #expect(Projection.uniform(z, mask: mask).value == uniformAttention(z, mask: mask).value)
    }
}
