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

/// r from centred, unit-length copies of the inputs (scaling first keeps the sums of squares
/// from overflowing), clamped to [−1, 1] against rounding.
private func pearsonCoefficient(_ a: [Double], _ b: [Double]) throws -> Double {
    func unitCentred(_ x: [Double], _ name: String) throws -> [Double] {
        let mean = x.reduce(0, +) / Double(x.count)
        let centred = x.map { $0 - mean }
        let scale = centred.reduce(0) { max($0, abs($1)) }
        guard scale > 0 else { throw MetricsError.undefined("\(name) is constant: the correlation is undefined") }
        let norm = centred.reduce(0) { $0 + ($1 / scale) * ($1 / scale) }.squareRoot() * scale
        return centred.map { $0 / norm }
    }
    let (u, v) = (try unitCentred(a, "a"), try unitCentred(b, "b"))
    return max(-1, min(1, zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }))
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
