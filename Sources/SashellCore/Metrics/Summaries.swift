import Autodiff

/// Summaries of a sample of per-example scores (entropies, τs, JSDs) and tests between two
/// paired samples, for reporting means ± standard deviations and comparing models.

/// The mean and the sample standard deviation √(Σ (xᵢ − x̄)² / (n − 1)) (two passes, for
/// accuracy); a single value has standard deviation 0.
public func meanAndStandardDeviation(_ values: [Double]) throws -> (mean: Double, sd: Double) {
    try InputCheck.finite(values)
    let mean = values.reduce(0, +) / Double(values.count)
    guard values.count > 1 else { return (mean, 0) }
    let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (mean, (squares / Double(values.count - 1)).squareRoot())
}

/// An estimate with a two-sided confidence interval [low, high] at `level` (e.g. 0.95).
public struct ConfidenceInterval: Equatable, Sendable {
    public let estimate: Double
    public let low: Double
    public let high: Double
    public let level: Double

    public init(estimate: Double, low: Double, high: Double, level: Double) {
        self.estimate = estimate
        self.low = low
        self.high = high
        self.level = level
    }
}

/// Percentile bootstrap interval for the mean (Efron & Tibshirani 1993, §13.3): `resamples`
/// means of n values drawn with replacement; the interval runs between their (1 − level)/2 and
/// (1 + level)/2 quantiles, interpolated linearly between order statistics (NumPy's default).
/// The estimate is the sample mean. The same seed gives the same interval everywhere.
public func bootstrapMean(_ values: [Double], resamples: Int = 1000, level: Double = 0.95,
                          seed: UInt64 = 0) throws -> ConfidenceInterval {
    try InputCheck.finite(values)
    guard resamples >= 1 else { throw MetricsError.invalidOption("bootstrap: resamples must be at least 1, got \(resamples)") }
    guard level > 0 && level < 1 else { throw MetricsError.invalidOption("bootstrap: level must lie in (0, 1), got \(level)") }
    var generator = RandomGenerator(seed: seed)
    let n = values.count
    let means = (0..<resamples).map { _ in
        (0..<n).reduce(0) { sum, _ in sum + values[generator.int(below: n)] } / Double(n)
    }.sorted()
    func quantile(_ q: Double) -> Double {
        let h = Double(means.count - 1) * q
        let below = Int(h.rounded(.down)), above = min(below + 1, means.count - 1)
        return means[below] + (h - Double(below)) * (means[above] - means[below])
    }
    return ConfidenceInterval(estimate: values.reduce(0, +) / Double(n),
                              low: quantile((1 - level) / 2), high: quantile((1 + level) / 2), level: level)
}

/// Two-sided p-value of the paired sign-flip (permutation) test of mean(a − b) = 0: under the
/// null each difference dᵢ = aᵢ − bᵢ is as likely to have had the opposite sign, so p is the share
/// of sign assignments whose |Σ ±dᵢ| is at least the observed |Σ dᵢ| (equal within 1e-12 · Σ|dᵢ|,
/// so that rounding does not decide ties).
///
/// When 2ⁿ ≤ `permutations` every assignment is enumerated and p = count / 2ⁿ exactly (the
/// identity is one of them, so p ≥ 2⁻ⁿ⁺¹). Otherwise `permutations` random assignments are drawn
/// and p = (count + 1) / (permutations + 1), counting the observed one — a valid p-value that is
/// never 0 (Phipson & Smyth 2010).
public func pairedPermutationTest(_ a: [Double], _ b: [Double], permutations: Int = 10000,
                                  seed: UInt64 = 0) throws -> Double {
    try InputCheck.paired(a, b)
    guard permutations >= 1 else {
        throw MetricsError.invalidOption("permutation test: permutations must be at least 1, got \(permutations)")
    }
    let d = zip(a, b).map { $0 - $1 }
    let observed = abs(d.reduce(0, +))
    let tolerance = 1e-12 * d.reduce(0) { $0 + abs($1) }
    func isExtreme(_ flipped: (Int) -> Bool) -> Bool {
        var sum = 0.0
        for i in d.indices { sum += flipped(i) ? -d[i] : d[i] }
        return abs(sum) >= observed - tolerance
    }
    let n = d.count
    if n < Int.bitWidth - 2 && 1 << n <= permutations {
        let count = (0..<(1 << n)).count { mask in isExtreme { mask >> $0 & 1 == 1 } }
        return Double(count) / Double(1 << n)
    }
    var generator = RandomGenerator(seed: seed)
    let count = (0..<permutations).count { _ in
        let signs = (0..<n).map { _ in generator.int(below: 2) == 1 }
        return isExtreme { signs[$0] }
    }
    return Double(count + 1) / Double(permutations + 1)
}
