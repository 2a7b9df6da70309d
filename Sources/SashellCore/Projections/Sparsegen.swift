/// Sparsegen-lin (Laha et al. 2018), the projection Meister et al. (2021, eq. 3) vary:
///     sparsegen(z) = argmin_{p ∈ Δ} ‖p − z‖² − λ‖p‖² = sparsemax(z / (1 − λ)),   λ < 1.
import Autodiff

/// λ = 0 is sparsemax; λ → 1 tends to one-hot (argmax); λ → −∞ tends to uniform over the kept
/// positions. The scaling by c = 1/(1 − λ) happens in Double after each row is shifted by its
/// maximum, so it neither overflows Float nor rounds the scores at the scale of |z| (which broke
/// invariance to adding a constant); on the support the backward pass is c · (g − mean_S g).
public func sparsegen(_ z: Variable, lambda: Float, mask: Tensor? = nil) -> Variable {
    precondition(lambda < 1, "sparsegen: lambda must be < 1, got \(lambda)")
    let c = 1 / (1 - Double(lambda))
    return differentiableProjection(z, mask: mask, "sparsegen", sensitivity: { _ in c }) { row in
        sparsemaxRow(row.map { $0 * c })
    }
}
