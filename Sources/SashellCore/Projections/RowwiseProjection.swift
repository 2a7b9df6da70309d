/// The row machinery every projection onto the simplex shares: rows run along the last axis,
/// a mask (same shape, 1 = keep, 0 = masked) removes positions from a row, and the backward pass
/// of every projection here has one form.
import Autodiff

/// Whether some row of `mask` (rows along the last axis) has no kept position.
public func hasFullyMaskedRow(_ mask: Tensor) -> Bool {
    precondition(mask.rank >= 1, "hasFullyMaskedRow: mask needs rank >= 1")
    let n = mask.lastDimension
    return (0..<rowCount(mask)).contains { r in (0..<n).allSatisfy { mask.scalars[r * n + $0] == 0 } }
}

/// The number of rows along the last axis (the product of the leading dimensions).
private func rowCount(_ t: Tensor) -> Int { t.shape.dropLast().reduce(1, *) }

/// Applies `project` to the kept scores of each row of `z` and scatters the result back; masked
/// positions, and every position of a fully masked row, are exactly 0.
///
/// Masking is finite: masked scores are left out of the row, never replaced by −∞ or a large
/// negative number, which sparse projections cannot handle. Every projection here is invariant
/// to adding a constant to a row, so `project` receives the row in Double shifted so its largest
/// kept score is 0: scores of any magnitude Float holds (±1e30) keep their differences exactly.
func projectRows(_ z: Tensor, mask: Tensor?, _ name: String,
                 _ project: (_ shiftedScores: [Double]) -> [Double]) -> Tensor {
    precondition(z.rank >= 1, "\(name): input needs rank >= 1, got a scalar")
    precondition(mask == nil || mask!.shape == z.shape,
                 "\(name): mask shape \(mask!.shape) differs from input shape \(z.shape)")
    let n = z.lastDimension
    var p = Tensor.zeros(z.shape)
    for r in 0..<rowCount(z) {
        let kept = (r * n..<(r + 1) * n).filter { mask == nil || mask!.scalars[$0] != 0 }
        guard let top = kept.map({ z.scalars[$0] }).max() else { continue }
        let probabilities = project(kept.map { Double(z.scalars[$0]) - Double(top) })
        for (i, q) in zip(kept, probabilities) { p.scalars[i] = Float(q) }
    }
    return p
}

/// A differentiable row-wise projection: `projectRows` forward, and the backward pass shared by
/// softmax, sparsemax and every entmax (Peters, Niculae & Martins 2019, Prop. 1): with
/// s_i = `sensitivity`(p_i) on the support p_i > 0 and 0 off it,
///     dz = s ⊙ (g − Σ s g / Σ s).
/// Sparsemax has s = 1 on the support (dz = g − mean_S(g)); entmax-α has s = p^{2−α}.
func differentiableProjection(_ z: Variable, mask: Tensor?, _ name: String,
                              sensitivity: @escaping (_ probability: Double) -> Double,
                              _ project: (_ shiftedScores: [Double]) -> [Double]) -> Variable {
    let p = projectRows(z.value, mask: mask, name, project)
    let n = p.lastDimension, rows = rowCount(p)
    return Variable(p, inputs: [z]) { g, k in
        z.accumulateGrad(k) { dz in
            p.scalars.withUnsafeBufferPointer { ps in
                for block in 0..<k * rows {
                    let r = block % rows  // layout [k] + shape: cotangent row `block` is forward row r
                    let support = (0..<n).filter { ps[r * n + $0] > 0 }
                    // In Double: for α > 2, s = p^{2−α} is huge for tiny p and Σ s would overflow Float.
                    let s = support.map { sensitivity(Double(ps[r * n + $0])) }
                    let total = s.reduce(0, +)
                    guard total > 0 else { continue }  // a fully masked row has no gradient
                    let mean = zip(support, s).reduce(0) { $0 + $1.1 * Double(g[block * n + $1.0]) } / total
                    for (i, si) in zip(support, s) {
                        dz[block * n + i] += Float(si * (Double(g[block * n + i]) - mean))
                    }
                }
            }
        }
    }
}
