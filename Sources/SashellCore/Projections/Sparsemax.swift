/// Sparsemax (Martins & Astudillo 2016): the Euclidean projection onto the probability simplex,
///     sparsemax(z) = argmin_{p ∈ Δ} ‖p − z‖²   (Meister et al. 2021, eq. 2).
import Autodiff

/// Projects each row of `z` (along the last axis) onto the simplex; masked positions get exactly 0.
///
/// Closed form: with z₍₁₎ ≥ z₍₂₎ ≥ … the kept scores sorted,
///     k(z) = max{k : 1 + k z₍k₎ > Σ_{j≤k} z₍j₎},   τ = (Σ_{j≤k(z)} z₍j₎ − 1) / k(z),   p = [z − τ]₊.
/// Backward on the support S = {i : p_i > 0}: dz_i = g_i − mean_S(g), 0 elsewhere.
public func sparsemax(_ z: Variable, mask: Tensor? = nil) -> Variable {
    differentiableProjection(z, mask: mask, "sparsemax", sensitivity: { _ in 1 }, sparsemaxRow)
}

/// Sparsemax of one row of scores.
func sparsemaxRow(_ z: [Double]) -> [Double] {
    var runningSum = 0.0, supportSize = 0, supportSum = 0.0
    for (index, value) in z.sorted(by: >).enumerated() {
        runningSum += value
        // The condition holds on a prefix of the sorted scores, so the last k that meets it is k(z);
        // τ needs the sum over that support only, not over all the scores.
        if 1 + Double(index + 1) * value > runningSum { (supportSize, supportSum) = (index + 1, runningSum) }
    }
    let tau = (supportSum - 1) / Double(supportSize)
    return z.map { max($0 - tau, 0) }
}
