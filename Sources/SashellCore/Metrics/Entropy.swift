import Foundation

/// Shannon entropy H(p) = −Σᵢ pᵢ log pᵢ, with 0 · log 0 = 0.
///
/// - normalized: H(p) / log n, with n = `p.count` (zeros included: a sparse distribution over n
///   items is still over n items), in [0, 1] — Meister et al. (2021), footnote 1: "normalized
///   (i.e. divided) by the maximum possible entropy of the distribution". n = 1 gives 0.
/// - base: the logarithm's base when not normalized (nats by default); normalising cancels it.
/// - normalizeInput: divide by the total first, for non-negative weights that are not yet a
///   distribution (all zeros still throw). Otherwise `p` must sum to 1 within 1e-6.
public func entropy(_ p: [Double], normalized: Bool = true, base: Double? = nil,
                    normalizeInput: Bool = false) throws -> Double {
    if let base, !(base.isFinite && base > 0 && base != 1) {
        throw MetricsError.invalidOption("entropy: base must be positive, finite and not 1, got \(base)")
    }
    let p = try normalizeInput ? normalizedWeights(p) : p
    try InputCheck.distribution(p)
    let h = p.reduce(0) { $1 > 0 ? $0 - $1 * log($1) : $0 }  // from +0, so a one-hot gives 0, not -0
    if normalized { return p.count == 1 ? 0 : min(1, h / log(Double(p.count))) }
    if let base { return h / log(base) }
    return h
}

/// Non-negative finite weights divided by their total.
func normalizedWeights(_ w: [Double]) throws -> [Double] {
    try InputCheck.finite(w)
    if let i = w.firstIndex(where: { $0 < 0 }) {
        throw MetricsError.notADistribution("value \(i + 1) is negative (\(w[i]))")
    }
    let total = w.reduce(0, +)
    guard total > 0 else { throw MetricsError.notADistribution("all values are zero") }
    guard total.isFinite else { throw MetricsError.notADistribution("values sum to \(total)") }
    return w.map { $0 / total }
}
