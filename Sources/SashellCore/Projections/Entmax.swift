/// α-entmax (Peters, Niculae & Martins 2019): the family between softmax (α = 1) and sparsemax
/// (α = 2),
///     entmax_α(z)_i = [(α − 1) z_i − τ]₊^{1/(α−1)},   τ such that Σ_i p_i = 1.
import Autodiff
import Foundation

/// Projects each row of `z` (along the last axis) onto the simplex with α-entmax, α ≥ 1; masked
/// positions get exactly 0. α = 1 is the engine's softmax and α = 2 is `sparsemax`, exactly;
/// α = 1.5 uses the exact sort-based algorithm, any other α a bisection on τ.
/// Backward (Peters et al., Prop. 1): with s_i = p_i^{2−α} on the support, dz = s ⊙ (g − Σ s g / Σ s).
public func entmax(_ z: Variable, alpha: Float, mask: Tensor? = nil) -> Variable {
    precondition(alpha >= 1 && alpha.isFinite, "entmax: alpha must be >= 1, got \(alpha)")
    switch alpha {
    case 1: return softmax(z, mask: mask)
    case 2: return sparsemax(z, mask: mask)
    default:
        let a = Double(alpha)
        return differentiableProjection(z, mask: mask, "entmax", sensitivity: { pow($0, 2 - a) }) { row in
            alpha == 1.5 ? entmax15Row(row) : entmaxBisectionRow(row, alpha: a)
        }
    }
}

/// 1.5-entmax of one row, exactly (Peters et al., Alg. 2). With x = z/2 sorted descending, a
/// support of the top k scores gives Σ_{j≤k} (x₍j₎ − τ)² = 1, whose smaller root is
///     τ_k = M_k − √((1 − k (S_k − M_k²)) / k),   M_k, S_k the mean of x₍j₎ and of x₍j₎² over j ≤ k;
/// the support size is the number of k with τ_k ≤ x₍k₎ (they form a prefix, so counting them finds
/// the largest), and p = [x − τ]₊².
func entmax15Row(_ z: [Double]) -> [Double] {
    let x = z.map { $0 / 2 }
    var sum = 0.0, sumOfSquares = 0.0, taus: [Double] = [], supportSize = 0
    for (index, value) in x.sorted(by: >).enumerated() {
        let k = Double(index + 1)
        sum += value
        sumOfSquares += value * value
        let mean = sum / k
        let tau = mean - max((1 - k * (sumOfSquares / k - mean * mean)) / k, 0).squareRoot()
        taus.append(tau)
        if tau <= value { supportSize += 1 }
    }
    let tau = taus[supportSize - 1]
    return x.map { max($0 - tau, 0) * max($0 - tau, 0) }
}

/// α-entmax of one row by bisection on τ. The row arrives shifted so max (α − 1) z = 0; then
/// Σ p ≥ 1 at τ = −1 (the top entry alone is 1) and Σ p ≤ 1 at τ = −(1/n)^{α−1} (every entry is at
/// most 1/n), so τ lies between. Bisection in Double halves that unit interval to rounding; the
/// result is renormalised so it sums to 1 to Float precision.
func entmaxBisectionRow(_ z: [Double], alpha: Double) -> [Double] {
    let x = z.map { (alpha - 1) * $0 }
    func probabilities(_ tau: Double) -> [Double] { x.map { pow(max($0 - tau, 0), 1 / (alpha - 1)) } }
    var low = -1.0, high = -pow(1 / Double(x.count), alpha - 1)
    for _ in 0..<100 {
        let middle = (low + high) / 2
        if probabilities(middle).reduce(0, +) >= 1 { low = middle } else { high = middle }
    }
    let p = probabilities(low)  // low keeps Σ p ≥ 1, so the top entry stays in the support
    let total = p.reduce(0, +)
    return p.map { $0 / total }
}
