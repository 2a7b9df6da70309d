/// Sparsegen-lin (Laha et al. 2018), the projection Meister et al. (2021, eq. 3) vary:
///     sparsegen(z) = argmin_{p ∈ Δ} ‖p − z‖² − λ‖p‖² = sparsemax(z / (1 − λ)),   λ < 1.
import Autodiff

/// λ = 0 is sparsemax; λ → 1 tends to one-hot (argmax); λ → −∞ tends to uniform over the kept
/// positions. The backward pass chains the 1/(1 − λ) through the engine's scaling op.
public func sparsegen(_ z: Variable, lambda: Float, mask: Tensor? = nil) -> Variable {
    precondition(lambda < 1, "sparsegen: lambda must be < 1, got \(lambda)")
    return sparsemax(z * (1 / (1 - lambda)), mask: mask)
}
