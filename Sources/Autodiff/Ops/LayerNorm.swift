/// Layer normalisation over the last axis: y = (x − μ) / √(σ² + ε) · γ + β, with μ and σ² the
/// mean and (biased) variance of each row, as PyTorch's `nn.LayerNorm`.
///
/// Backward, with x̂ the normalised row and g = dy · γ:
/// dx = (g − mean(g) − x̂ · mean(g · x̂)) / √(σ² + ε);  dγ = Σ_rows dy · x̂;  dβ = Σ_rows dy.
public func layerNorm(_ x: Variable, gain: Variable, bias: Variable, epsilon: Float = 1e-5) -> Variable {
    let d = x.value.lastDimension
    precondition(gain.shape == [d] && bias.shape == [d],
                 "layerNorm: gain \(gain.shape) and bias \(bias.shape) must both be [\(d)] for input \(x.shape)")
    let rows = x.value.count / max(d, 1)
    // x̂ is kept for the backward pass only when one will run.
    let keepsNormalised = Variable.records([x, gain, bias])
    var rstd = [Float](repeating: 0, count: rows)
    var xhat = keepsNormalised ? Tensor.zeros(x.shape) : Tensor.zeros([0])
    let y = Tensor(shape: x.shape) { out in
        x.value.scalars.withUnsafeBufferPointer { xs in
            gain.value.scalars.withUnsafeBufferPointer { g in
                bias.value.scalars.withUnsafeBufferPointer { b in
                    xhat.scalars.withUnsafeMutableBufferPointer { xh in
                        rstd.withUnsafeMutableBufferPointer { rstd in
                            // Each range writes only its own rows of xhat, y and rstd.
                            nonisolated(unsafe) let (xs, g, b, xh, out, rstd) = (xs, g, b, xh, out, rstd)
                            forEachRange(rows, scalarsPerItem: d) { range in
                                for r in range {
                                    let row = xs.baseAddress! + r * d
                                    let mu = laneSum(d) { Lanes(row + $0, $1) } / Float(d)
                                    let variance = laneSum(d) { i, n in
                                        let centred = (Lanes(row + i, n) - mu).replacing(with: 0, where: laneMask(n))
                                        return centred * centred
                                    } / Float(d)
                                    rstd[r] = 1 / (variance + epsilon).squareRoot()
                                    for i in 0..<d {
                                        let normalised = (row[i] - mu) * rstd[r]
                                        if keepsNormalised { xh[r * d + i] = normalised }
                                        out[r * d + i] = normalised * g[i] + b[i]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    return Variable(y, inputs: [x, gain, bias]) { dy, k in
        xhat.scalars.withUnsafeBufferPointer { xh in
            gain.value.scalars.withUnsafeBufferPointer { g in
                rstd.withUnsafeBufferPointer { rstd in
                    x.accumulateGrad(k) { dx in
                        // Each range writes only its own rows of dx.
                        nonisolated(unsafe) let (dx, dy, xh, g, rstd) = (dx, dy, xh, g, rstd)
                        forEachRange(k * rows, scalarsPerItem: d) { range in
                            for r in range {
                                let r0 = r % rows
                                let (dyRow, xhRow) = (dy + r * d, xh.baseAddress! + r0 * d)
                                let meanG = laneSum(d) { i, n in Lanes(dyRow + i, n) * Lanes(g.baseAddress! + i, n) } / Float(d)
                                let meanGX = laneSum(d) { i, n in
                                    Lanes(dyRow + i, n) * Lanes(g.baseAddress! + i, n) * Lanes(xhRow + i, n)
                                } / Float(d)
                                for i in 0..<d {
                                    dx[r * d + i] += rstd[r0] * (dy[r * d + i] * g[i] - meanG - xh[r0 * d + i] * meanGX)
                                }
                            }
                        }
                    }
                }
            }
            for j in 0..<k {  // cotangent j's rows are j·rows..<(j + 1)·rows of dy
                gain.accumulateGrad(k) { dg in
                    for r in 0..<rows { for i in 0..<d { dg[j * d + i] += dy[(j * rows + r) * d + i] * xh[r * d + i] } }
                }
                bias.accumulateGrad(k) { db in
                    for r in 0..<rows { for i in 0..<d { db[j * d + i] += dy[(j * rows + r) * d + i] } }
                }
            }
        }
    }
}
