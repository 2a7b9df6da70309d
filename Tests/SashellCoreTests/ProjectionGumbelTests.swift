import Autodiff
import SashellCore
import TestSupport
import Testing

@Suite struct ProjectionGumbelTests {
    func gumbel(_ z: Tensor, tau: Float, seed: UInt64, mask: Tensor? = nil) -> [Float] {
        var generator = RandomGenerator(seed: seed)
        return gumbelSoftmax(Variable(z), tau: tau, generator: &generator, mask: mask).value.scalars
    }

    @Test func sameSeedSameOutputDifferentSeedDifferentOutput() {
        let z = random([3, 5], seed: 51)
        #expect(gumbel(z, tau: 1, seed: 4) == gumbel(z, tau: 1, seed: 4))
        #expect(gumbel(z, tau: 1, seed: 4) != gumbel(z, tau: 1, seed: 5))
        #expect(Projection.gumbel(tau: 1, seed: 4)(Variable(z)).value.scalars == gumbel(z, tau: 1, seed: 4))
    }

    /// Gumbel-max: argmax_i (z_i + G_i) is distributed as softmax(z), and the argmax of the
    /// Gumbel-softmax output is that argmax for every τ; so over many seeds the argmax frequencies
    /// match softmax(z) (10 000 seeds: standard error under 0.005).
    @Test func argmaxFrequenciesOverSeedsMatchSoftmax() {
        let seeds = 10_000, z: [Float] = [1, 0, -1, 0.5], mask: [Float] = [1, 1, 1, 0]
        var counts = [0, 0, 0, 0]
        for seed in 0..<UInt64(seeds) {
            let p = projectRow({ Projection.gumbel(tau: 1, seed: seed)($0, mask: $1) }, z, mask: mask)
            counts[p.indices.max { p[$0] < p[$1] }!] += 1
        }
        let expected = projectRow({ softmax($0, mask: $1) }, z, mask: mask)
        expectClose(counts.map { Float($0) / Float(seeds) }, expected, tolerance: 0.02)
        #expect(counts[3] == 0)
    }

    @Test func maskedPositionsAreZeroAndRowsSumToOne() {
        let mask = Tensor(shape: [2, 4], scalars: [1, 0, 1, 1, 0, 0, 1, 0])
        let p = gumbel(random([2, 4], seed: 53), tau: 0.3, seed: 54, mask: mask)
        for i in 0..<8 where mask.scalars[i] == 0 { #expect(p[i] == 0) }
        #expect(abs(p[0] + p[2] + p[3] - 1) < 1e-6)
        #expect(p[6] == 1)
    }

    @Test func extremeScores() {
        #expect(gumbel(Tensor(shape: [3], scalars: [1e30, -1e30, 0]), tau: 1, seed: 55) == [1, 0, 0])
    }

    @Test func gradientsThroughTheSoftmax() {
        let x = random([3, 5], seed: 56, -2, 2)
        let mask = Tensor(shape: [3, 5], scalars: (0..<15).map { $0 % 5 == 2 ? 0 : 1 })
        for tau: Float in [0.5, 2] {
            expectCorrectGradients([x]) { z in
                var generator = RandomGenerator(seed: 57)
                return gumbelSoftmax(z[0], tau: tau, generator: &generator, mask: mask)
            }
        }
    }
}
