import Foundation

/// Divergences between two distributions over the same n items. Both must be distributions
/// (finite, non-negative, summing to 1 within 1e-6) of equal length; logarithms are natural.

/// Kullback–Leibler divergence KL(p ‖ q) = Σᵢ pᵢ log(pᵢ / qᵢ), with 0 · log(0 / q) = 0 and
/// +∞ as soon as some qᵢ = 0 < pᵢ — the case sparse attention makes common, which is why
/// Jain & Wallace's comparisons use the JSD. Never negative (rounding is clamped away).
public func kullbackLeibler(_ p: [Double], _ q: [Double]) throws -> Double {
    try checkPairOfDistributions(p, q)
    var sum = 0.0
    for (pi, qi) in zip(p, q) where pi > 0 {
        if qi == 0 { return .infinity }
        sum += pi * (log(pi) - log(qi))  // not log(pi / qi): the quotient overflows for tiny qi
    }
    return max(0, sum)
}

/// Jensen–Shannon divergence JSD(p, q) = ½ KL(p ‖ m) + ½ KL(q ‖ m), m = ½(p + q), in [0, ln 2]:
/// the divergence itself, not its square root (the JS distance), as in Jain & Wallace (2019).
/// Symmetric, and finite for disjoint supports (it is then ln 2).
public func jensenShannon(_ p: [Double], _ q: [Double]) throws -> Double {
    try checkPairOfDistributions(p, q)
    return jensenShannon(pairs: zip(p, q))
}

/// JSD of the distributions paired up in `pairs`, unchecked: the sum `jensenShannon` and the
/// differentiable op of the adversarial loss share.
func jensenShannon(pairs: some Sequence<(Double, Double)>) -> Double {
    var sum = 0.0
    for (pi, qi) in pairs {
        // log(2p / (p + q)) rather than log(p / m): m = (p + q) / 2 underflows for subnormal p, q.
        if pi > 0 { sum += pi * log(2 * pi / (pi + qi)) }
        if qi > 0 { sum += qi * log(2 * qi / (pi + qi)) }
    }
    return min(log(2), max(0, sum / 2))
}

/// Total variation distance TVD(p, q) = ½ Σᵢ |pᵢ − qᵢ|, in [0, 1].
public func totalVariation(_ p: [Double], _ q: [Double]) throws -> Double {
    try checkPairOfDistributions(p, q)
    return min(1, zip(p, q).reduce(0) { $0 + abs($1.0 - $1.1) } / 2)
}

private func checkPairOfDistributions(_ p: [Double], _ q: [Double]) throws {
    guard p.count == q.count else { throw MetricsError.lengthMismatch(p.count, q.count) }
    try InputCheck.distribution(p)
    try InputCheck.distribution(q)
}
