/// Gumbel-softmax (Jang, Gu & Poole 2017; Maddison et al. 2017): a softmax over scores perturbed
/// with Gumbel noise,
///     p = softmax((z + G) / τ),   G_i = −log(−log U_i),   U_i ~ Uniform(0, 1).
import Autodiff
import Foundation

/// Draws G from `generator` (the same seed gives the same output) and projects each row along the
/// last axis; masked positions get exactly 0. Noise is drawn for every position, masked or not, so
/// a position's noise does not depend on which others are masked. G is a constant: the backward
/// pass is the softmax's, scaled by 1/τ. As τ → 0 the output tends to the one-hot argmax of
/// z + G, which picks position i with probability softmax(z)_i (the Gumbel-max trick).
public func gumbelSoftmax(_ z: Variable, tau: Float, generator: inout RandomGenerator,
                          mask: Tensor? = nil) -> Variable {
    precondition(tau > 0 && tau.isFinite, "gumbel: tau must be > 0, got \(tau)")
    let noise = Tensor(shape: z.shape) { g in
        for i in g.indices {
            // U in the open interval (0, 1), exactly: 52 random bits plus a half step, so
            // neither logarithm meets 0 or 1 (with 53 bits, x + 0.5 could round up to 2⁵³).
            let u = (Double(generator.next() >> 12) + 0.5) * 0x1p-52
            g[i] = Float(-log(-log(u)))
        }
    }
    // The 1/τ scaling happens in Double on each row shifted by its maximum, so a tiny τ cannot
    // overflow Float; the softmax's backward p ⊙ (g − Σpg) then carries the factor 1/τ.
    let t = Double(tau)
    return differentiableProjection(z + Variable(noise), mask: mask, "gumbel", sensitivity: { $0 / t }) { row in
        let e = row.map { exp($0 / t) }  // row ≤ 0 after the shift: no overflow, and the sum ≥ 1
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }
}
