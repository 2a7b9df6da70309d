import Foundation

/// The few distribution functions the p-values need, written from their mathematical definitions.
enum Distributions {
    /// Two-sided tail of the standard normal: P(|Z| ≥ |z|) = erfc(|z| / √2).
    /// Through erfc, not 1 − Φ, so that small p-values keep their relative precision.
    static func normalTwoSided(_ z: Double) -> Double {
        min(1, erfc(abs(z) / 2.0.squareRoot()))
    }

    /// Two-sided p-value of a correlation r from n pairs under the t-test with ν = n − 2 degrees
    /// of freedom: with t² = ν r² / (1 − r²), P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, ½) = I_{1−r²}(ν/2, ½).
    /// Written in r, it needs no t and stays exact at r = ±1 (p = 0) and r = 0 (p = 1).
    static func correlationTwoSided(r: Double, count n: Int) -> Double {
        let nu = Double(n - 2)
        return regularizedIncompleteBeta(a: nu / 2, b: 0.5, x: max(0, min(1, (1 - r) * (1 + r))))
    }

    /// The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b), for a, b > 0.
    ///
    /// I_x(a, b) = x^a (1 − x)^b / (a B(a, b)) · 1 / (1 + d₁ / (1 + d₂ / (1 + …))), with
    /// d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)) and
    /// d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m)) (Abramowitz & Stegun 26.5.8), evaluated by the
    /// modified Lentz method. The fraction converges fast for x < (a + 1)/(a + b + 2); beyond,
    /// I_x(a, b) = 1 − I_{1−x}(b, a) is used instead.
    static func regularizedIncompleteBeta(a: Double, b: Double, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        if x > (a + 1) / (a + b + 2) { return 1 - regularizedIncompleteBeta(a: b, b: a, x: 1 - x) }
        let logFront = a * log(x) + b * log1p(-x) - logBeta(a, b) - log(a)
        return max(0, min(1, exp(logFront) * continuedFraction(a: a, b: b, x: x)))
    }

    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b).
    private static func logBeta(_ a: Double, _ b: Double) -> Double {
        lgamma(a) + lgamma(b) - lgamma(a + b)
    }

    /// 1 / (1 + d₁ / (1 + d₂ / …)) by the modified Lentz method: the convergents are the running
    /// product of C_j D_j, with a tiny value standing in for a zero so that no step divides by 0.
    private static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300
        // Lentz's state for F = 0 + 1/(1 + d₁/(1 + …)) once its leading 1/1 is in: f = 1, D = 1, C = ∞.
        var c = 1 / tiny, d = 1.0, f = 1.0
        /// Appends the term d_j to the fraction and returns the factor C_j D_j it changed f by.
        func append(_ term: Double) -> Double {
            d = 1 + term * d
            d = 1 / (abs(d) < tiny ? tiny : d)
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            f *= c * d
            return c * d
        }
        _ = append(-(a + b) * x / (a + 1))  // d₁
        for m in 1...10_000 {
            let m = Double(m)
            let even = append(m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)))
            let odd = append(-(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)))
            if abs(even * odd - 1) <= Double.ulpOfOne { break }  // the last pair no longer moves f
        }
        return f
    }

    /// P(D ≤ c) for D the number of inversions of a uniformly random permutation of n items — the
    /// null distribution of Kendall's discordant-pair count without ties.
    ///
    /// Inserting the j-th item into a random permutation of j − 1 items adds 0, 1, …, j − 1
    /// inversions with probability 1/j each, so P_j(k) = (1/j) Σ_{i=0}^{min(k, j−1)} P_{j−1}(k − i):
    /// a running sum over the previous row, less what has slid out of the window, and only
    /// k ≤ c is needed. Probabilities rather than counts (Σ = n!) so that nothing overflows:
    /// tails stay accurate down to the smallest doubles, where SciPy's n! (beyond n = 170) gives 0.
    static func inversionsCDF(atMost c: Int, items n: Int) -> Double {
        var probability = [Double](repeating: 0, count: c + 1)
        probability[0] = 1
        for j in stride(from: 2, through: n, by: 1) {
            var running = 0.0
            var next = probability
            for k in 0...c {
                running += probability[k]
                if k >= j { running -= probability[k - j] }
                next[k] = running / Double(j)
            }
            probability = next
        }
        return min(1, probability.reduce(0, +))
    }
}
