import Autodiff
import Foundation

/// The Jensen–Shannon divergence of each pair of rows of `p` and `q` (both [B, n], each row a
/// distribution), in nats: [B]. Differentiable in both, so it serves as the adversarial loss's
/// attention term (App. C.1), where the base attention is a constant, and as Jain & Wallace's
/// diversity term between candidates, where both sides are learned.
///
///     JSD(p, q) = ½ Σᵢ [pᵢ log(2pᵢ / (pᵢ + qᵢ)) + qᵢ log(2qᵢ / (pᵢ + qᵢ))],  0 · log 0 = 0
///
/// the value `jensenShannon(_:_:)` on arrays computes (accumulated in Double here too, and kept
/// in [0, ln 2]). Rows may hold zeros: masked positions (0 in both) add nothing.
///
/// Backward: ∂JSD/∂pᵢ = ½ log(2pᵢ / (pᵢ + qᵢ)) (the derivative of the logarithms cancels:
/// ½[1 − pᵢ/(pᵢ + qᵢ) − qᵢ/(pᵢ + qᵢ)] = 0), and symmetrically for q. Where pᵢ = 0 < qᵢ that
/// derivative is −∞, which would turn into NaN in the projection's backward (0 · ∞). No learned
/// attention needs it there: a softmax row is 0 only by underflow (and its backward multiplies
/// by pᵢ = 0), a sparse projection passes no gradient to positions off its support. So pᵢ is
/// taken as at least the smallest normal Float in the derivative, giving a large finite slope;
/// where pᵢ = qᵢ = 0 the slope is 0.
public func jensenShannon(_ p: Variable, _ q: Variable) -> Variable {
    precondition(p.value.rank == 2 && p.shape == q.shape,
                 "jensenShannon: p and q must be [B, n] of one shape, got \(p.shape) and \(q.shape)")
    let (rows, width) = (p.shape[0], p.shape[1])
    let (ps, qs) = (p.value.scalars, q.value.scalars)
    var divergences = [Float](repeating: 0, count: rows)
    for row in 0..<rows {
        divergences[row] = Float(jensenShannon(pairs: (row * width..<(row + 1) * width).lazy.map { (Double(ps[$0]), Double(qs[$0])) }))
    }
    return Variable(Tensor(shape: [rows], scalars: divergences), inputs: [p, q]) { dy, k in
        /// ½ log(2a / (a + b)) for the side a, its partner b.
        func slope(_ a: Float, _ b: Float) -> Float {
            if a == 0 && b == 0 { return 0 }
            let a = max(a, Float.leastNormalMagnitude)
            return Float(0.5 * Foundation.log(2 * Double(a) / (Double(a) + Double(b))))
        }
        for (side, partner, variable) in [(ps, qs, p), (qs, ps, q)] {
            variable.accumulateGrad(k) { grad in
                for i in 0..<rows * width {
                    let d = slope(side[i], partner[i])
                    guard d != 0 else { continue }
                    for j in 0..<k { grad[j * rows * width + i] += dy[j * rows + i / width] * d }
                }
            }
        }
    }
}
