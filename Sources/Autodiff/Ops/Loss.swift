/// Binary cross-entropy on logits, averaged over all elements, as PyTorch's
/// `BCEWithLogitsLoss(pos_weight=)`: with w the positive-class weight and s(z) = log(1 + e^z),
///
///   ℓ(x, y) = (1 − y) · x + (1 + (w − 1) · y) · s(−x)
///
/// which is −[w · y · log σ(x) + (1 − y) · log(1 − σ(x))] rearranged so that no exponential
/// can overflow. Backward: ∂ℓ/∂x = (1 − y) − (1 + (w − 1) · y) · σ(−x).
public func binaryCrossEntropyWithLogits(_ logits: Variable, targets: Tensor, positiveWeight: Float = 1) -> Variable {
    precondition(targets.shape == logits.shape,
                 "binaryCrossEntropyWithLogits: targets \(targets.shape) vs logits \(logits.shape)")
    let n = logits.value.count
    let (x, t) = (logits.value.scalars, targets.scalars)
    var total: Double = 0
    for i in 0..<n {
        let softplusNegX = max(-x[i], 0) + _log1p(_exp(-abs(x[i])))
        total += Double((1 - t[i]) * x[i] + (1 + (positiveWeight - 1) * t[i]) * softplusNegX)
    }
    let loss = Tensor(shape: [], scalars: [Float(total / Double(max(n, 1)))])
    return Variable(loss, inputs: [logits]) { dy, k in
        logits.accumulateGrad(k) { dx in
            for j in 0..<k {
                for i in 0..<n {
                    let d = (1 - t[i]) - (1 + (positiveWeight - 1) * t[i]) * _sigmoid(-x[i])
                    dx[j * n + i] += dy[j] * d / Float(n)
                }
            }
        }
    }
}
