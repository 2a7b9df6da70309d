import Foundation

/// Which of Kendall's coefficients `kendall` returns.
public enum KendallVariant: String, Sendable {
    /// τ-a = (P − Q) / n₀: ties count as neither concordant nor discordant, and lower |τ|.
    case a
    /// τ-b = (P − Q) / √((n₀ − n₁)(n₀ − n₂)): corrected for ties, ±1 whenever the orders agree
    /// fully. The paper's choice (Meister et al. 2021, footnote 2).
    case b
}

/// Kendall's rank correlation between `a` and `b`, with ties in either, in O(n log n) time
/// (Knight 1966), and its two-sided p-value against independence.
///
/// Over the n₀ = n(n − 1)/2 pairs, P are concordant, Q discordant, n₁ tied in `a`, n₂ tied in `b`
/// and n₃ tied in both, so that P − Q = n₀ − n₁ − n₂ + n₃ − 2Q.
///
/// p-values, as SciPy's `kendalltau(method="auto")` for τ-b:
/// - exact when there are no ties and n ≤ 33 or min(Q, n₀ − Q) ≤ 1: 2 P(D ≤ min(Q, n₀ − Q)) for
///   D the inversions of a random permutation (capped at 1);
/// - otherwise normal, with the tie-corrected variance of P − Q (Kendall 1970):
///   Var = (v₀ − v_a − v_b)/18 + 2 n₁ n₂ / (n(n − 1)) + w_a w_b / (9 n(n − 1)(n − 2)), where
///   v₀ = n(n − 1)(2n + 5), v = Σ t(t − 1)(2t + 5) and w = Σ t(t − 1)(t − 2) over tie groups of size t.
/// For τ-a, which SciPy does not offer, the p-value is always the normal one without the tie
/// correction, Var = n(n − 1)(2n + 5)/18: the classical test of τ-a.
///
/// topK (τ over the top k, after Jain & Wallace 2019; our definition, not checked against their
/// code): τ over only the positions among the k largest values of `a` or among the k largest of
/// `b` — the union, so that the result stays symmetric in a and b. Ties at the k-th largest value
/// are broken towards earlier positions, so each side contributes exactly k positions; k ≥ n
/// uses everything.
///
/// Throws when the inputs differ in length, are shorter than 2 (after topK), are not finite,
/// when topK < 1, and `MetricsError.undefined` when either input is constant (SciPy gives NaN).
public func kendall(_ a: [Double], _ b: [Double], variant: KendallVariant = .b,
                    topK: Int? = nil) throws -> Correlation {
    try InputCheck.paired(a, b, needed: 2)
    var (a, b) = (a, b)
    if let topK {
        guard topK >= 1 else { throw MetricsError.invalidOption("kendall: topK must be at least 1, got \(topK)") }
        let kept = Set(largestPositions(a, topK)).union(largestPositions(b, topK)).sorted()
        (a, b) = (kept.map { a[$0] }, kept.map { b[$0] })
        guard kept.count >= 2 else { throw MetricsError.tooShort(count: kept.count, needed: 2) }
    }
    let counts = PairCounts(a, b)
    let n = Double(counts.n), n0 = Double(counts.pairs)
    guard counts.tiedInA < counts.pairs else { throw MetricsError.undefined("a is constant: Kendall's tau is undefined") }
    guard counts.tiedInB < counts.pairs else { throw MetricsError.undefined("b is constant: Kendall's tau is undefined") }
    let difference = Double(counts.concordantMinusDiscordant)
    let m = n * (n - 1)

    switch variant {
    case .a:
        let z = difference / (m * (2 * n + 5) / 18).squareRoot()
        return Correlation(statistic: max(-1, min(1, difference / n0)), pValue: Distributions.normalTwoSided(z))
    case .b:
        // One square root of the product, so that full agreement without ties is exactly ±1.
        let untied = Double(counts.pairs - counts.tiedInA) * Double(counts.pairs - counts.tiedInB)
        let tau = max(-1, min(1, difference / untied.squareRoot()))
        let noTies = counts.tiedInA == 0 && counts.tiedInB == 0
        let extreme = min(counts.discordant, counts.pairs - counts.discordant)
        if noTies && (counts.n <= 33 || extreme <= 1) {
            let p = 2 * Distributions.inversionsCDF(atMost: extreme, items: counts.n)
            return Correlation(statistic: tau, pValue: min(1, p))
        }
        var variance = (m * (2 * n + 5) - counts.groupsA.v - counts.groupsB.v) / 18
            + 2 * Double(counts.tiedInA) * Double(counts.tiedInB) / m
        if counts.n > 2 { variance += counts.groupsA.w * counts.groupsB.w / (9 * m * (n - 2)) }
        return Correlation(statistic: tau, pValue: Distributions.normalTwoSided(difference / variance.squareRoot()))
    }
}

/// The positions of the k largest values of x (earlier positions first among equals).
private func largestPositions(_ x: [Double], _ k: Int) -> ArraySlice<Int> {
    x.indices.sorted { x[$0] > x[$1] || (x[$0] == x[$1] && $0 < $1) }.prefix(k)
}

/// Knight's (1966) counts of pairs: sort by (a, b); then the discordant pairs are the inversions
/// of the b column, counted while merge-sorting it (equal b are not inversions: those pairs are tied).
private struct PairCounts {
    /// Sums over the groups of tied values of one input, for the tie corrections.
    struct TieGroups {
        var pairs = 0     // Σ t(t − 1)/2
        var v = 0.0       // Σ t(t − 1)(2t + 5)
        var w = 0.0       // Σ t(t − 1)(t − 2)

        /// The groups of equal values in a sorted sequence.
        init<C: Collection>(sorted values: C, equal: (C.Element, C.Element) -> Bool) {
            var run = 0
            var previous: C.Element?
            for value in values {
                if let previous, equal(previous, value) { run += 1 } else { add(run); run = 1 }
                previous = value
            }
            add(run)
        }

        private mutating func add(_ t: Int) {
            pairs += t * (t - 1) / 2
            let t = Double(t)
            v += t * (t - 1) * (2 * t + 5)
            w += t * (t - 1) * (t - 2)
        }
    }

    let n: Int
    let pairs: Int
    let groupsA: TieGroups
    let groupsB: TieGroups
    let tiedInBoth: Int
    let discordant: Int

    var tiedInA: Int { groupsA.pairs }
    var tiedInB: Int { groupsB.pairs }
    var concordantMinusDiscordant: Int { pairs - tiedInA - tiedInB + tiedInBoth - 2 * discordant }

    init(_ a: [Double], _ b: [Double]) {
        n = a.count
        pairs = n * (n - 1) / 2
        let byA = zip(a, b).sorted { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        groupsA = TieGroups(sorted: byA) { $0.0 == $1.0 }
        tiedInBoth = TieGroups(sorted: byA) { $0 == $1 }.pairs
        var column = byA.map(\.1)
        discordant = mergeSortCountingInversions(&column)
        groupsB = TieGroups(sorted: column) { $0 == $1 }
    }
}

/// Sorts x ascending (bottom-up merge sort) and returns its inversions: pairs i < j with x[i] > x[j].
private func mergeSortCountingInversions(_ x: inout [Double]) -> Int {
    var inversions = 0
    var buffer = x
    var width = 1
    while width < x.count {
        for low in stride(from: 0, to: x.count, by: 2 * width) {
            let middle = min(low + width, x.count), high = min(low + 2 * width, x.count)
            var i = low, j = middle, out = low
            while i < middle || j < high {
                if j == high || (i < middle && x[i] <= x[j]) {
                    buffer[out] = x[i]; i += 1
                } else {
                    inversions += middle - i  // x[j] jumps ahead of everything left in the left run
                    buffer[out] = x[j]; j += 1
                }
                out += 1
            }
        }
        swap(&x, &buffer)
        width *= 2
    }
    return inversions
}
