/// The projection φ that turns attention scores into an attention distribution
/// (Meister et al. 2021, §2): one value names it, validates it and applies it.
import Autodiff

public enum Projection: Equatable, Sendable {
    case softmax
    case sparsemax
    /// Sparsegen-lin with λ < 1 (λ = 0 is sparsemax; larger λ is sparser).
    case sparsegen(lambda: Float)
    /// α-entmax with α ≥ 1 (1 is softmax, 2 is sparsemax).
    case entmax(alpha: Float)
    /// Gumbel-softmax with temperature τ > 0, its noise drawn from a generator seeded with `seed`.
    case gumbel(tau: Float, seed: UInt64)
    /// 1/m on each of the m kept positions, whatever the scores.
    case uniform
}

extension Projection {
    /// Projects each row of z (along the last axis) onto the simplex (padded/masked positions get
    /// exactly 0). `.gumbel` seeds a fresh generator on every call, so it draws the same noise
    /// each time for the same shape. Invalid parameters stop with `invalidReason`'s message;
    /// check it first for user input.
    public func callAsFunction(_ z: Variable, mask: Tensor? = nil) -> Variable {
        switch self {
        case .softmax: return Autodiff.softmax(z, mask: mask)
        case .sparsemax: return SashellCore.sparsemax(z, mask: mask)
        case .sparsegen(let lambda): return SashellCore.sparsegen(z, lambda: lambda, mask: mask)
        case .entmax(let alpha): return SashellCore.entmax(z, alpha: alpha, mask: mask)
        case .gumbel(let tau, let seed):
            var generator = RandomGenerator(seed: seed)
            return gumbelSoftmax(z, tau: tau, generator: &generator, mask: mask)
        case .uniform: return uniformAttention(z, mask: mask)
        }
    }

    /// nil if the parameters are valid, else a message naming the projection and the bound.
    public var invalidReason: String? {
        switch self {
        case .softmax, .sparsemax, .uniform: return nil
        case .sparsegen(let lambda):
            return lambda < 1 ? nil : "sparsegen: lambda must be < 1, got \(lambda)"
        case .entmax(let alpha):
            return alpha >= 1 && alpha.isFinite ? nil : "entmax: alpha must be >= 1, got \(alpha)"
        case .gumbel(let tau, _):
            return tau > 0 && tau.isFinite ? nil : "gumbel: tau must be > 0, got \(tau)"
        }
    }
}

extension Projection {
    /// The projection's name, as sa.model's option and checkpoints give it.
    public var name: String {
        switch self {
        case .softmax: "softmax"
        case .sparsemax: "sparsemax"
        case .sparsegen: "sparsegen"
        case .entmax: "entmax"
        case .gumbel: "gumbel"
        case .uniform: "uniform"
        }
    }

    /// The projection's parameter, named as sa.model's option names it (gumbel's seed, a
    /// model's, is not one).
    public var parameters: [(key: String, value: Double)] {
        switch self {
        case .sparsegen(let lambda): [("lambda", Double(lambda))]
        case .entmax(let alpha): [("alpha", Double(alpha))]
        case .gumbel(let tau, _): [("tau", Double(tau))]
        default: []
        }
    }
}
