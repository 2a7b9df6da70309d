import Autodiff

/// The total variation distance between Bernoulli(p) and Bernoulli(q), elementwise for two
/// tensors of probabilities of one shape: ½(|p − q| + |(1 − p) − (1 − q)|) = |p − q|. This is
/// the TVD of two binary predictions ŷ, the term of the adversarial loss that keeps the
/// adversary's predictions on the base model's (App. C.1; Wiegreffe & Pinter's code takes only
/// the positive class's half, ½|p − q|, which halves the term).
///
/// Backward: ∂/∂p = sign(p − q) and ∂/∂q = −sign(p − q), with sign(0) = 0, the subgradient
/// that leaves a prediction alone where it already matches.
public func bernoulliTotalVariation(_ p: Variable, _ q: Variable) -> Variable {
    precondition(p.shape == q.shape, "bernoulliTotalVariation: p \(p.shape) and q \(q.shape) differ in shape")
    let (ps, qs) = (p.value.scalars, q.value.scalars)
    let n = ps.count
    let distances = Tensor(shape: p.shape, scalars: zip(ps, qs).map { abs($0 - $1) })
    return Variable(distances, inputs: [p, q]) { dy, k in
        for (variable, direction) in [(p, Float(1)), (q, Float(-1))] {
            variable.accumulateGrad(k) { grad in
                for i in 0..<n where ps[i] != qs[i] {
                    let sign: Float = ps[i] > qs[i] ? direction : -direction
                    for j in 0..<k { grad[j * n + i] += dy[j * n + i] * sign }
                }
            }
        }
    }
}
