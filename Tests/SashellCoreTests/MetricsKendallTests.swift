import Autodiff
import Foundation
@testable import SashellCore
import Testing

@Suite struct MetricsKendallTests {
    /// τ-a and τ-b straight from their definitions, over all n(n − 1)/2 pairs.
    func bruteForce(_ a: [Double], _ b: [Double]) -> (a: Double, b: Double) {
        var concordantMinusDiscordant = 0, tiedA = 0, tiedB = 0
        let n = a.count, pairs = n * (n - 1) / 2
        for i in 0..<n {
            for j in (i + 1)..<n {
                let sa = a[i] < a[j] ? -1 : a[i] > a[j] ? 1 : 0
                let sb = b[i] < b[j] ? -1 : b[i] > b[j] ? 1 : 0
                concordantMinusDiscordant += sa * sb
                if sa == 0 { tiedA += 1 }
                if sb == 0 { tiedB += 1 }
            }
        }
        let difference = Double(concordantMinusDiscordant)
        return (difference / Double(pairs), difference / (Double(pairs - tiedA) * Double(pairs - tiedB)).squareRoot())
    }

    /// Sparse-attention-like vectors: about half exact zeros, many repeats of a few levels,
    /// and a few distinct values.
    func heavilyTied(_ n: Int, _ generator: inout RandomGenerator) -> [Double] {
        (0..<n).map { _ in
            switch generator.int(below: 10) {
            case 0..<5: 0
            case 5..<8: Double(generator.int(below: 4) + 1) / 10
            default: generator.uniformDouble()
            }
        }
    }

    @Test(arguments: [2, 3, 4, 7, 16, 50, 137, 500])
    func matchesBruteForceWithHeavyTies(n: Int) throws {
        var generator = RandomGenerator(seed: UInt64(n))
        for _ in 0..<5 {
            let a = heavilyTied(n, &generator), b = heavilyTied(n, &generator)
            guard Set(a).count > 1 && Set(b).count > 1 else { continue }
            let expected = bruteForce(a, b)
            #expect(abs(try kendall(a, b, variant: .a).statistic - expected.a) <= 1e-12)
            #expect(abs(try kendall(a, b).statistic - expected.b) <= 1e-12)
            // Symmetric in its arguments.
            #expect(abs(try kendall(b, a).statistic - expected.b) <= 1e-12)
        }
    }

    @Test func perfectAgreementAndReversal() throws {
        let x: [Double] = [0.1, 0.4, 0.2, 0.9, 0.3]
        #expect(try kendall(x, x).statistic == 1)
        #expect(try kendall(x, x.map { -$0 }).statistic == -1)
        #expect(try kendall(x, x, variant: .a).statistic == 1)
        // With ties, τ-b still reaches 1 when the orders agree; τ-a does not: 10 pairs, 1 tied.
        let tied: [Double] = [0, 0, 0.2, 0.3, 0.5]
        #expect(try kendall(tied, tied).statistic == 1)
        #expect(try kendall(tied, tied, variant: .a).statistic == 9.0 / 10)
    }

    /// a = (1, 2, 2, 3), b = (1, 3, 2, 2). Of the 6 pairs: (1,2) (1,3) (1,4) concordant; (2,3) tied
    /// in a; (2,4) discordant (a up, b down); (3,4) tied in b. P − Q = 2, n₁ = n₂ = 1:
    /// τ-b = 2 / √(5 · 5) = 0.4, τ-a = 2 / 6.
    @Test func workedExampleWithTies() throws {
        let a: [Double] = [1, 2, 2, 3], b: [Double] = [1, 3, 2, 2]
        #expect(abs(try kendall(a, b).statistic - 0.4) <= 1e-15)
        #expect(abs(try kendall(a, b, variant: .a).statistic - 1.0 / 3) <= 1e-15)
    }

    /// (2, 1, 4, 3) has 2 inversions of 6 pairs. Permutations of 4 by inversions number
    /// 1, 3, 5, 6, 5, 3, 1, so P(D ≤ 2) = 9/24 and the exact two-sided p = 18/24.
    @Test func exactPValueByHand() throws {
        let r = try kendall([1, 2, 3, 4], [2, 1, 4, 3])
        #expect(abs(r.statistic - 1.0 / 3) <= 1e-15)
        #expect(abs(r.pValue - 0.75) <= 1e-15)
    }

    /// The null distribution of inversions against a count over all 7! permutations.
    @Test func inversionsDistributionByEnumeration() {
        let n = 7
        var histogram = [Int](repeating: 0, count: n * (n - 1) / 2 + 1)
        func permute(_ prefix: [Int], _ rest: [Int]) {
            guard !rest.isEmpty else {
                var inversions = 0
                for i in 0..<n { for j in (i + 1)..<n where prefix[i] > prefix[j] { inversions += 1 } }
                histogram[inversions] += 1
                return
            }
            for (i, x) in rest.enumerated() {
                var remaining = rest
                remaining.remove(at: i)
                permute(prefix + [x], remaining)
            }
        }
        permute([], Array(0..<n))
        var cumulative = 0
        for c in histogram.indices {
            cumulative += histogram[c]
            #expect(abs(Distributions.inversionsCDF(atMost: c, items: n) - Double(cumulative) / 5040) <= 1e-15)
        }
    }

    /// References: SciPy 1.17, `scipy.stats.kendalltau(x, y)` (method="auto", variant="b").
    @Test func pValuesMatchSciPy() throws {
        func check(_ x: [Double], _ y: [Double], _ tau: Double, _ p: Double) throws {
            let r = try kendall(x, y)
            #expect(abs(r.statistic - tau) <= 1e-14, "τ \(r.statistic) vs \(tau)")
            #expect(abs(r.pValue - p) <= 1e-12 * p, "p \(r.pValue) vs \(p)")
        }
        // Exact, n ≤ 33: kendalltau(range(1,11), [3,1,4,10,5,9,2,6,8,7])
        try check((1...10).map(Double.init), [3, 1, 4, 10, 5, 9, 2, 6, 8, 7], 0.3333333333333333, 0.21637345679012346)
        // Exact, n = 40 with one discordant pair: y = range(40) with y[5], y[6] swapped.
        var swapped = (0..<40).map(Double.init)
        swapped.swapAt(5, 6)
        try check((0..<40).map(Double.init), swapped, 0.9974358974358974, 9.804939513027087e-47)
        // Exact, n = 40 reversed (no concordant pair): kendalltau(range(40), range(40)[::-1]).
        try check((0..<40).map(Double.init), (0..<40).reversed().map(Double.init), -1, 2.451234878256772e-48)
        // Asymptotic, n = 50 without ties: kendalltau(range(50), [(i*17)%50 for i in range(50)]).
        try check((0..<50).map(Double.init), (0..<50).map { Double($0 * 17 % 50) }, 0.33387755102040817, 0.0006233931587187473)
        // Asymptotic with ties in both (tie-corrected variance):
        // kendalltau([0,0,0,.2,.5,0,.3,0,0,.5,.1,0], [.1,0,.05,.3,.3,0,.2,0,.05,.4,0,0])
        try check(Self.sparseA, Self.sparseB, 0.6359727033932191, 0.01241000517263675)
        // The regime boundary: n = 33 exact, n = 34 asymptotic.
        // kendalltau(range(33), [(i*5)%33 for i in range(33)]), and the same with 34.
        try check((0..<33).map(Double.init), (0..<33).map { Double($0 * 5 % 33) }, 0.17803030303030304, 0.15061735773454274)
        try check((0..<34).map(Double.init), (0..<34).map { Double($0 * 5 % 34) }, 0.251336898395722, 0.03659566165329499)
        // n = 300, mostly ties: a = [(i*7)%11 if i%3 else 0 ...], b = [(i*i)%13 if i%4 else 0 ...].
        try check(Self.tied300.a, Self.tied300.b, 0.016221782642703422, 0.7174139825925583)
        // Exact, n = 5, full agreement: 2/5! = 1/60.
        try check([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], 1, 0.016666666666666666)
    }

    static let tied300: (a: [Double], b: [Double]) = (
        (0..<300).map { (i: Int) -> Double in i % 3 == 0 ? 0 : Double(i * 7 % 11) },
        (0..<300).map { (i: Int) -> Double in i % 4 == 0 ? 0 : Double(i * i % 13) })

    static let sparseA: [Double] = [0, 0, 0, 0.2, 0.5, 0, 0.3, 0, 0, 0.5, 0.1, 0]
    static let sparseB: [Double] = [0.1, 0, 0.05, 0.3, 0.3, 0, 0.2, 0, 0.05, 0.4, 0, 0]

    /// τ-a's p-value is the normal test without tie correction. Reference: P − Q = 31 of 66 pairs
    /// (brute force in Python), p = 2 * scipy.stats.norm.sf(31 / sqrt(12*11*29/18)).
    @Test func tauAPValue() throws {
        let r = try kendall(Self.sparseA, Self.sparseB, variant: .a)
        #expect(abs(r.statistic - 31.0 / 66) <= 1e-15)
        #expect(abs(r.pValue - 0.03352416523500472) <= 1e-12)
    }

    @Test func pValuesAreSymmetricAndInRange() throws {
        var generator = RandomGenerator(seed: 7)
        for n in [2, 3, 10, 33, 34, 200] {
            let a = heavilyTied(n, &generator), b = heavilyTied(n, &generator)
            guard Set(a).count > 1 && Set(b).count > 1 else { continue }
            let forward = try kendall(a, b), negated = try kendall(a, b.map { -$0 })
            #expect(forward.pValue >= 0 && forward.pValue <= 1)
            #expect(abs(forward.pValue - negated.pValue) <= 1e-12)
            #expect(abs(forward.statistic + negated.statistic) <= 1e-12)
        }
        // Two items: every ordering is as likely as the observed one.
        #expect(try kendall([1, 2], [1, 2]).pValue == 1)
    }

    /// topK keeps the union of the k largest positions of each input.
    @Test func topK() throws {
        let a: [Double] = [0.5, 0.3, 0.1, 0.05, 0.05, 0]
        let b: [Double] = [0.4, 0.1, 0.3, 0.2, 0, 0]
        // k = 2: a's top positions {0, 1}, b's {0, 2} → positions 0, 1, 2.
        let expected = try kendall([0.5, 0.3, 0.1], [0.4, 0.1, 0.3])
        #expect(try kendall(a, b, topK: 2) == expected)
        #expect(try kendall(a, b, topK: 6) == kendall(a, b))
        #expect(try kendall(a, b, topK: 100) == kendall(a, b))
        #expect(throws: MetricsError.tooShort(count: 1, needed: 2)) { try kendall(a, b, topK: 1) }
        #expect(throws: MetricsError.invalidOption("kendall: topK must be at least 1, got 0")) { try kendall(a, b, topK: 0) }
    }

    @Test func errors() {
        #expect(throws: MetricsError.lengthMismatch(2, 3)) { try kendall([1, 2], [1, 2, 3]) }
        #expect(throws: MetricsError.tooShort(count: 0, needed: 2)) { try kendall([], []) }
        #expect(throws: MetricsError.tooShort(count: 1, needed: 2)) { try kendall([1], [1]) }
        #expect(throws: MetricsError.nonFinite(position: 1)) { try kendall([1, .nan, 3], [1, 2, 3]) }
        #expect(throws: MetricsError.nonFinite(position: 2)) { try kendall([1, 2, 3], [1, 2, .infinity]) }
        #expect(throws: MetricsError.undefined("a is constant: Kendall's tau is undefined")) {
            try kendall([0, 0, 0], [1, 2, 3])
        }
        #expect(throws: MetricsError.undefined("b is constant: Kendall's tau is undefined")) {
            try kendall([1, 2, 3], [0.5, 0.5, 0.5], variant: .a)
        }
    }
}
