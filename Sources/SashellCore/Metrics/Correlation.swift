import Foundation

/// A correlation coefficient and its two-sided p-value against no association.
public struct Correlation: Equatable, Sendable {
    public let statistic: Double
    public let pValue: Double

    public init(statistic: Double, pValue: Double) {
        self.statistic = statistic
        self.pValue = pValue
    }
}

/// Pearson's r = Σ (aᵢ − ā)(bᵢ − b̄) / √(Σ (aᵢ − ā)² Σ (bᵢ − b̄)²), with the two-sided p-value of
/// the t-test with n − 2 degrees of freedom (equivalently SciPy `pearsonr`'s exact beta
/// distribution of r); n = 2 gives r = ±1 and p = 1, as in SciPy. Throws for n < 2 and constant inputs.
public func pearson(_ a: [Double], _ b: [Double]) throws -> Correlation {
    try InputCheck.paired(a, b, needed: 2)
    let r = try pearsonCoefficient(a, b)
    // Two points always lie on a line: r is ±1 exactly (not up to rounding) and says nothing.
    if a.count == 2 { return Correlation(statistic: r < 0 ? -1 : 1, pValue: 1) }
    return Correlation(statistic: r, pValue: Distributions.correlationTwoSided(r: r, count: a.count))
}

/// Spearman's ρ: Pearson's r of the ranks, tied values sharing their average rank, with
/// SciPy `spearmanr`'s p-value (the t-test with n − 2 degrees of freedom). Needs n ≥ 3 (with
/// n = 2 the test has no degrees of freedom); throws for constant inputs.
public func spearman(_ a: [Double], _ b: [Double]) throws -> Correlation {
    try InputCheck.paired(a, b, needed: 3)
    let rho = try pearsonCoefficient(averageRanks(a), averageRanks(b))
    return Correlation(statistic: rho, pValue: Distributions.correlationTwoSided(r: rho, count: a.count))
}

/// r = Σuv / √(Σu² · Σv²) on centred copies of the inputs divided by powers of two near their
/// largest magnitudes (exact divisions), before and after centring, which keeps every sum
/// finite for values near 1e308; one square root of the product makes identical or reversed
/// inputs give exactly
/// ±1, which unit-normalising each side separately missed by an ulp or two. Clamped against
/// rounding; a result that is not finite is an error, never clamped into a number.
private func pearsonCoefficient(_ a: [Double], _ b: [Double]) throws -> Double {
    func centredScaled(_ x: [Double], _ name: String) throws -> [Double] {
        let scale = largestMagnitude(x)
        let unit = x.map { $0 / scale }
        let mean = unit.reduce(0, +) / Double(unit.count)
        let centred = unit.map { $0 - mean }
        guard centred.contains(where: { $0 != 0 }) else {
            throw MetricsError.undefined("\(name) is constant: the correlation is undefined")
        }
        let spread = largestMagnitude(centred)
        return centred.map { $0 / spread }
    }
    let (u, v) = (try centredScaled(a, "a"), try centredScaled(b, "b"))
    let r = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
        / (u.reduce(0) { $0 + $1 * $1 } * v.reduce(0) { $0 + $1 * $1 }).squareRoot()
    guard r.isFinite else { throw MetricsError.undefined("the correlation could not be computed in double precision") }
    return max(-1, min(1, r))
}

/// Ranks 1…n, with each group of equal values given the mean of the ranks it spans.
func averageRanks(_ x: [Double]) -> [Double] {
    let order = x.indices.sorted { x[$0] < x[$1] }
    var ranks = [Double](repeating: 0, count: x.count)
    var start = 0
    while start < order.count {
        var end = start + 1
        while end < order.count && x[order[end]] == x[order[start]] { end += 1 }
        let average = Double(start + 1 + end) / 2  // mean of ranks start+1 … end
        for position in order[start..<end] { ranks[position] = average }
        start = end
    }
    return ranks
}
