import SashellCore
import Testing

@Suite struct MetricsSummariesTests {
    @Test func meanAndSD() throws {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x − 5)² = 32, sample sd √(32/7).
        let (mean, sd) = try meanAndStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9])
        #expect(mean == 5)
        #expect(abs(sd - (32.0 / 7).squareRoot()) <= 1e-15)
        #expect(try meanAndStandardDeviation([3.5]) == (3.5, 0))
        #expect(throws: MetricsError.tooShort(count: 0, needed: 1)) { try meanAndStandardDeviation([]) }
        #expect(throws: MetricsError.nonFinite(position: 1)) { try meanAndStandardDeviation([1, .nan]) }
    }

    @Test func bootstrapIsDeterministicAndCoversTheMean() throws {
        // Symmetric about 0, with irregular gaps so that resample means rarely coincide.
        let sample: [Double] = [-3.1, -2.3, -1.7, -0.4, 0, 0.4, 1.7, 2.3, 3.1]
        let interval = try bootstrapMean(sample, seed: 42)
        #expect(try bootstrapMean(sample, seed: 42) == interval)
        #expect(try bootstrapMean(sample, seed: 43) != interval)
        #expect(abs(interval.estimate) <= 1e-15 && interval.level == 0.95)
        #expect(interval.low < 0 && interval.high > 0)
        // Roughly symmetric about 0, with the width of ±1.96 standard errors (sd/√n ≈ 0.71).
        #expect(interval.low > -2 && interval.high < 2)
        // A narrower level gives a narrower interval inside it.
        let narrow = try bootstrapMean(sample, level: 0.5, seed: 42)
        #expect(narrow.low >= interval.low && narrow.high <= interval.high)
        // One value: every resample is that value.
        #expect(try bootstrapMean([2.5]) == ConfidenceInterval(estimate: 2.5, low: 2.5, high: 2.5, level: 0.95))
    }

    @Test func bootstrapErrors() {
        #expect(throws: MetricsError.tooShort(count: 0, needed: 1)) { try bootstrapMean([]) }
        #expect(throws: MetricsError.invalidOption("bootstrap: level must lie in (0, 1), got 1.0")) {
            try bootstrapMean([1, 2], level: 1)
        }
        #expect(throws: MetricsError.invalidOption("bootstrap: resamples must be at least 1, got 0")) {
            try bootstrapMean([1, 2], resamples: 0)
        }
    }

    @Test func permutationTestExactByHand() throws {
        // d = (3, 1, 1, 1), Σ = 6: only all-plus and all-minus reach |Σ| ≥ 6 → 2 of 16.
        #expect(try pairedPermutationTest([4, 2, 2, 2], [1, 1, 1, 1]) == 0.125)
        // d = (1, 1, 0): |Σ| = 2 for ++ and −− whichever sign the 0 takes → 4 of 8.
        #expect(try pairedPermutationTest([1, 1, 0], [0, 0, 0]) == 0.5)
        // d = (2, 1, 1): Σ = 4 only for +++ and −−− → 2 of 8 (and the order does not matter).
        #expect(try pairedPermutationTest([1, 2, 1], [0, 0, 0]) == 0.25)
        // Identical samples: every assignment is as extreme.
        #expect(try pairedPermutationTest([0.1, 0.2, 0.3], [0.1, 0.2, 0.3]) == 1)
    }

    @Test func permutationTestSampled() throws {
        let b = (0..<30).map { Double($0) / 10 }
        let a = b.enumerated().map { $1 + 1 + Double($0 % 3) / 100 }
        // A consistent shift: no random sign assignment reaches it, p = 1/(10000 + 1).
        #expect(try pairedPermutationTest(a, b) == 1.0 / 10001)
        #expect(try pairedPermutationTest(b, b) == 1)
        #expect(try pairedPermutationTest(a, b, permutations: 99, seed: 3) == 0.01)
        // Seeded: same seed, same p; differences of mixed sign give a p well inside (0, 1).
        let mixed = b.enumerated().map { $1 + ($0 % 2 == 0 ? 0.3 : -0.25) }
        let p = try pairedPermutationTest(mixed, b, seed: 9)
        #expect(p == (try pairedPermutationTest(mixed, b, seed: 9)))
        #expect(p > 0.01 && p < 1)
    }

    @Test func permutationTestErrors() {
        #expect(throws: MetricsError.lengthMismatch(2, 1)) { try pairedPermutationTest([1, 2], [1]) }
        #expect(throws: MetricsError.tooShort(count: 0, needed: 1)) { try pairedPermutationTest([], []) }
        #expect(throws: MetricsError.invalidOption("permutation test: permutations must be at least 1, got 0")) {
            try pairedPermutationTest([1], [2], permutations: 0)
        }
    }
}
