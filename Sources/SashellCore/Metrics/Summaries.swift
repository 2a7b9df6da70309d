import Autodiff

/// Summaries of a sample of per-example scores (entropies, τs, JSDs) and tests between two
/// paired samples, for reporting means ± standard deviations and comparing models.

/// The mean and the sample standard deviation √(Σ (xᵢ − x̄)² / (n − 1)) (two passes, for
/// accuracy); a single value has standard deviation 0. Both scale with the data, so they are
/// computed on x divided by a power of two near max|x| and scaled back: sums of values near
/// 1e308 cannot overflow.
public func meanAndStandardDeviation(_ values: [Double]) throws -> (mean: Double, sd: Double) {
    try InputCheck.finite(values)
    let scale = largestMagnitude(values)
    let x = values.map { $0 / scale }
    let mean = x.reduce(0, +) / Double(x.count)
    guard x.count > 1 else { return (mean * scale, 0) }
    let squares = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (mean * scale, (squares / Double(x.count - 1)).squareRoot() * scale)
}

/// The power of two at or just below max |xᵢ| (1 when every value is 0): dividing by it brings
/// the values into (−2, 2) exactly, without rounding any of them, so sums stay finite and
/// symmetric data stays exactly symmetric.
func largestMagnitude(_ values: [Double]...) -> Double {
    let largest = values.joined().reduce(0) { max($0, abs($1)) }
    return largest > 0 ? Double(sign: .plus, exponent: largest.exponent, significand: 1) : 1
}

/// The most value visits (resamples or permutations × values) a summary may take, a few
/// seconds of work: beyond it an option is an error, not a process that seems to hang.
let summaryWorkLimit = 1_000_000_000

/// Throws unless `repetitions` passes over `count` values stay within `summaryWorkLimit`.
func checkWork(_ name: String, _ option: String, repetitions: Int, count: Int) throws {
    let (work, overflow) = repetitions.multipliedReportingOverflow(by: count)
    guard !overflow && work <= summaryWorkLimit else {
        throw MetricsError.invalidOption("\(name): \(option) × values must be at most \(summaryWorkLimit), "
                                         + "got \(repetitions) × \(count)")
    }
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
    try checkWork("bootstrap", "resamples", repetitions: resamples, count: values.count)
    var generator = RandomGenerator(seed: seed)
    let n = values.count
    let scale = largestMagnitude(values)  // means scale with the data; this keeps sums finite
    let means = (0..<resamples).map { _ in
        (0..<n).reduce(0) { sum, _ in sum + values[generator.int(below: n)] / scale } / Double(n) * scale
    }.sorted()
    func quantile(_ q: Double) -> Double {
        let h = Double(means.count - 1) * q
        let below = Int(h.rounded(.down)), above = min(below + 1, means.count - 1)
        return means[below] + (h - Double(below)) * (means[above] - means[below])
    }
    return ConfidenceInterval(estimate: try meanAndStandardDeviation(values).mean,
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
    // p is unchanged by scaling both samples, which keeps aᵢ − bᵢ and its sums finite.
    let scale = largestMagnitude(a, b)
    let d = zip(a, b).map { $0 / scale - $1 / scale }
    let observed = abs(d.reduce(0, +))
    let tolerance = 1e-12 * d.reduce(0) { $0 + abs($1) }
    func isExtreme(_ flipped: (Int) -> Bool) -> Bool {
        var sum = 0.0
        for i in d.indices { sum += flipped(i) ? -d[i] : d[i] }
        return abs(sum) >= observed - tolerance
    }
    let n = d.count
    let exact = n < Int.bitWidth - 2 && 1 << n <= permutations
    try checkWork("permutation test", "permutations", repetitions: exact ? 1 << n : permutations, count: n)
    if exact {
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
