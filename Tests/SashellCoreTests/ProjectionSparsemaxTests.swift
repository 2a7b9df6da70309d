import Autodiff
import SashellCore
import TestSupport
import Testing

@Suite struct ProjectionSparsemaxTests {
    let sparse: @Sendable (Variable, Tensor?) -> Variable = { sparsemax($0, mask: $1) }

    /// Sorted [1, 0.5, −1]: k = 2 satisfies 1 + 2·0.5 > 1.5, k = 3 fails 1 − 3 > 0.5; τ = (1.5 − 1)/2.
    @Test func handComputedCase() {
        #expect(projectRow(sparse, [1, 0.5, -1]) == [0.75, 0.25, 0])
        #expect(projectRow(sparse, [-1, 1, 0.5]) == [0, 0.75, 0.25])
    }

    @Test func ties() {
        #expect(projectRow(sparse, [1, 1, 0]) == [0.5, 0.5, 0])
        expectClose(projectRow(sparse, [0.5, 0.5, 0.5]), [1.0 / 3, 1.0 / 3, 1.0 / 3], tolerance: 1e-6)
        // [2, 1, 1]: k = 2 fails 1 + 2 > 3 exactly, so the tied runners-up both sit on the boundary at 0.
        #expect(projectRow(sparse, [2, 1, 1]) == [1, 0, 0])
    }

    @Test func singlePositionGetsEverything() {
        #expect(projectRow(sparse, [-3]) == [1])
        #expect(projectRow(sparse, [5, 9, 2], mask: [0, 1, 0]) == [0, 1, 0])
    }

    /// Masked positions are left out, not set to a large negative score: the kept ones are
    /// projected exactly as if the masked ones were not there.
    @Test func maskingIsFinite() {
        let p = projectRow(sparse, [1, 100, 0.5, -1], mask: [1, 0, 1, 1])
        #expect(p == [0.75, 0, 0.25, 0])
    }

    @Test func fullyMaskedRowIsZeroAndDetected() {
        let mask = Tensor(shape: [2, 2], scalars: [1, 0, 0, 0])
        let p = sparsemax(Variable(Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])), mask: mask).value.scalars
        #expect(p == [1, 0, 0, 0])
        #expect(hasFullyMaskedRow(mask))
        #expect(!hasFullyMaskedRow(Tensor(shape: [2, 2], scalars: [1, 0, 0, 1])))
        #expect(hasFullyMaskedRow(Tensor.zeros([3, 0])))
    }

    @Test func extremeMagnitudes() {
        #expect(projectRow(sparse, [1e30, -1e30, 0]) == [1, 0, 0])
        #expect(projectRow(sparse, [1e30, 1e30]) == [0.5, 0.5])
        #expect(projectRow(sparse, [-1e30, -1e30, -3e30]) == [0.5, 0.5, 0])
        expectClose(projectRow(sparse, [1e-30, -2e-30, 3e-30]), [1.0 / 3, 1.0 / 3, 1.0 / 3], tolerance: 1e-6)
    }

    @Test func invariantToAddingAConstant() {
        let z: [Float] = [0.3, -0.2, 0.9, 0.1, -1.4]
        let p = projectRow(sparse, z)
        for c: Float in [-7, 3, 10] { expectClose(projectRow(sparse, z.map { $0 + c }), p, tolerance: 2e-6) }
    }

    /// A widespread sparsemax implementation computed τ from the cumulative sum over ALL sorted
    /// scores instead of over the support; its output then does not sum to 1.
    @Test func theAllEntriesCumulativeSumBugDoesNotSumToOne() {
        func wrongSparsemax(_ z: [Double]) -> [Double] {
            let sorted = z.sorted(by: >)
            var running = 0.0, k = 0
            for (i, v) in sorted.enumerated() {
                running += v
                if 1 + Double(i + 1) * v > running { k = i + 1 }
            }
            let tau = (sorted.reduce(0, +) - 1) / Double(k)  // the bug: every entry, not the top k
            return z.map { max($0 - tau, 0) }
        }
        let z: [Float] = [1, 0.5, -1]
        #expect(abs(wrongSparsemax(z.map(Double.init)).reduce(0, +) - 1) > 0.5)
        #expect(abs(projectRow(sparse, z).reduce(0, +) - 1) < 1e-6)
    }

    @Test func gradientsAwayFromSupportBoundaries() {
        let x = random([4, 6], seed: 11, -2, 2)
        #expect(supportIsStable(x, step: 1e-2) { sparsemax($0) })
        expectCorrectGradients([x]) { sparsemax($0[0]) }
    }

    @Test func maskedGradientsOfARank3Input() {
        let x = random([2, 3, 5], seed: 12, -2, 2)
        let mask = Tensor(shape: [2, 3, 5], scalars: (0..<30).map { $0 % 5 == 0 || $0 % 3 != 0 ? 1 : 0 })
        #expect(supportIsStable(x, step: 1e-2) { sparsemax($0, mask: mask) })
        expectCorrectGradients([x]) { sparsemax($0[0], mask: mask) }
    }

    /// On the support the Jacobian is I − 11ᵀ/|S|: a cotangent g maps to g − mean_S(g) there, 0 elsewhere.
    @Test func backwardIsCenteredOnTheSupport() {
        let z = Variable(Tensor(shape: [3], scalars: [1, 0.5, -1]), requiresGrad: true)
        sparsemax(z).backward(seed: Tensor(shape: [3], scalars: [3, 1, 7]))
        #expect(z.grad!.scalars == [1, -1, 0])
    }
}

@Suite struct ProjectionSparsegenTests {
    let z: [Float] = [0.9, 0.7, 0.2, -0.4, 0.65]

    @Test func lambdaZeroIsSparsemax() {
        let x = random([5, 7], seed: 21, -3, 3)
        #expect(sparsegen(Variable(x), lambda: 0).value == sparsemax(Variable(x)).value)
    }

    @Test func lambdaNearOneIsOneHot() {
        #expect(projectRow({ sparsegen($0, lambda: 0.99, mask: $1) }, z) == [1, 0, 0, 0, 0])
    }

    @Test func veryNegativeLambdaIsNearlyUniform() {
        let p = projectRow({ sparsegen($0, lambda: -1e4, mask: $1) }, z)
        expectClose(p, [Float](repeating: 0.2, count: 5), tolerance: 1e-4)
        let masked = projectRow({ sparsegen($0, lambda: -1e4, mask: $1) }, z, mask: [1, 0, 1, 1, 0])
        expectClose(masked, [1.0 / 3, 0, 1.0 / 3, 1.0 / 3, 0], tolerance: 1e-4)
    }

    /// Larger λ, sparser output: the support never grows as λ rises towards 1.
    @Test func supportShrinksAsLambdaGrows() {
        let sizes = [Float(-10), -3, -1, 0, 0.3, 0.6, 0.9].map { lambda in
            supportOf(projectRow({ sparsegen($0, lambda: lambda, mask: $1) }, z)).count
        }
        #expect(sizes == sizes.sorted(by: >))
        #expect(sizes.first == 5 && sizes.last == 1)
    }

    @Test func gradientsChainTheScale() {
        let x = random([3, 5], seed: 22, -2, 2)
        for lambda: Float in [-1, 0.4] {
            #expect(supportIsStable(x, step: 1e-2) { sparsegen($0, lambda: lambda) })
            expectCorrectGradients([x]) { sparsegen($0[0], lambda: lambda) }
        }
    }
}
