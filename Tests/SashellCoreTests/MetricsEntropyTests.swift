import Foundation
import SashellCore
import Testing

@Suite struct MetricsEntropyTests {
    @Test func handCases() throws {
        #expect(try entropy([0.25, 0.25, 0.25, 0.25]) == 1)
        #expect(abs(try entropy([Double](repeating: 1.0 / 7, count: 7)) - 1) <= 1e-15)
        #expect(try entropy([0, 1, 0]) == 0)
        #expect(try entropy([0, 1, 0]).sign == .plus)  // 0, not -0 (which Lua prints as "-0.0")
        #expect(try entropy([1]) == 0)
        #expect(try entropy([1], normalized: false) == 0)
        // Dyadic: H = ½·1 + ¼·2 + 2·⅛·3 = 1.75 bits = 1.75 ln 2 nats.
        let dyadic = [0.5, 0.25, 0.125, 0.125]
        #expect(abs(try entropy(dyadic, normalized: false, base: 2) - 1.75) <= 1e-15)
        #expect(abs(try entropy(dyadic, normalized: false) - 1.75 * log(2)) <= 1e-15)
        // Normalising cancels the base.
        #expect(try entropy(dyadic, base: 10) == entropy(dyadic))
        #expect(abs(try entropy(dyadic) - 0.875) <= 1e-15)
    }

    /// Zeros count in n: scipy.stats.entropy([.7,.2,.1,0,0]) / np.log(5) (SciPy 1.17).
    @Test func sparseDistributionNormalisedOverAllItems() throws {
        #expect(abs(try entropy([0.7, 0.2, 0.1, 0, 0]) - 0.4981978778731972) <= 1e-15)
    }

    @Test func normalizeInput() throws {
        #expect(try entropy([2, 2, 2, 2], normalizeInput: true) == 1)
        #expect(abs(try entropy([4, 2, 1, 1], normalized: false, base: 2, normalizeInput: true) - 1.75) <= 1e-15)
        #expect(throws: MetricsError.notADistribution("all values are zero")) {
            try entropy([0, 0, 0], normalizeInput: true)
        }
        #expect(throws: MetricsError.notADistribution("value 2 is negative (-1.0)")) {
            try entropy([2, -1, 3], normalizeInput: true)
        }
    }

    @Test func errors() {
        #expect(throws: MetricsError.tooShort(count: 0, needed: 1)) { try entropy([]) }
        #expect(throws: MetricsError.nonFinite(position: 1)) { try entropy([0.5, .nan, 0.5]) }
        #expect(throws: MetricsError.nonFinite(position: 0)) { try entropy([.infinity, 1], normalizeInput: true) }
        #expect(throws: MetricsError.notADistribution("values sum to 1.5, not 1")) { try entropy([1, 0.5]) }
        #expect(throws: MetricsError.notADistribution("value 1 is negative (-0.5)")) { try entropy([-0.5, 1.5]) }
        #expect(throws: MetricsError.invalidOption("entropy: base must be positive, finite and not 1, got 1.0")) {
            try entropy([0.5, 0.5], normalized: false, base: 1)
        }
        // A float32 softmax misses 1 by ~1e-7: accepted.
        #expect(throws: Never.self) { try entropy([0.5, 0.5000001]) }
    }
}

@Suite struct MetricsDivergenceTests {
    let p = [0.7, 0.2, 0.1, 0], q = [0.1, 0.2, 0.3, 0.4]

    @Test func jensenShannonCases() throws {
        #expect(try jensenShannon([1, 0], [0, 1]) == log(2))
        #expect(abs(try jensenShannon([0.5, 0.5, 0, 0], [0, 0, 0.25, 0.75]) - log(2)) <= 1e-15)
        #expect(try jensenShannon(p, p) == 0)
        #expect(try jensenShannon(p, q) == jensenShannon(q, p))
        // scipy.spatial.distance.jensenshannon(p, q) ** 2 (SciPy 1.17; natural log).
        #expect(abs(try jensenShannon(p, q) - 0.29134265102162) <= 1e-14)
    }

    @Test func kullbackLeiblerCases() throws {
        #expect(try kullbackLeibler(p, p) == 0)
        // scipy.stats.entropy(p, q) (SciPy 1.17): p's zero contributes nothing.
        #expect(abs(try kullbackLeibler(p, q) - 1.2522758754719083) <= 1e-14)
        // q = 0 < p: infinite, never NaN.
        #expect(try kullbackLeibler(q, p) == .infinity)
        #expect(try kullbackLeibler([1, 0], [0, 1]) == .infinity)
    }

    @Test func totalVariationCases() throws {
        #expect(try totalVariation([1, 0], [0, 1]) == 1)
        #expect(try totalVariation(p, p) == 0)
        #expect(abs(try totalVariation(p, q) - 0.6) <= 1e-15)  // ½(0.6 + 0 + 0.2 + 0.4)
    }

    @Test func errors() {
        #expect(throws: MetricsError.lengthMismatch(2, 3)) { try jensenShannon([0.5, 0.5], [0.2, 0.3, 0.5]) }
        #expect(throws: MetricsError.tooShort(count: 0, needed: 1)) { try kullbackLeibler([], []) }
        #expect(throws: MetricsError.nonFinite(position: 0)) { try totalVariation([.nan, 1], [0.5, 0.5]) }
        #expect(throws: MetricsError.notADistribution("values sum to 0.9, not 1")) {
            try jensenShannon([0.5, 0.5], [0.4, 0.5])
        }
        #expect(throws: MetricsError.notADistribution("value 1 is negative (-0.5)")) {
            try kullbackLeibler([0.5, 0.5], [-0.5, 1.5])
        }
    }
}
