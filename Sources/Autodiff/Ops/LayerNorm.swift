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
    var rstd = [Float](repeating: 0, count: rows)
    var xhat = Tensor.zeros(x.shape)
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
                                    var mu: Float = 0
                                    for i in 0..<d { mu += row[i] }
                                    mu /= Float(d)
                                    var variance: Float = 0
                                    for i in 0..<d { variance += (row[i] - mu) * (row[i] - mu) }
                                    rstd[r] = 1 / (variance / Float(d) + epsilon).squareRoot()
                                    for i in 0..<d {
                                        xh[r * d + i] = (row[i] - mu) * rstd[r]
                                        out[r * d + i] = xh[r * d + i] * g[i] + b[i]
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
                                var meanG: Float = 0, meanGX: Float = 0
                                for i in 0..<d {
                                    let gi = dy[r * d + i] * g[i]
                                    meanG += gi
                                    meanGX += gi * xh[r0 * d + i]
                                }
                                meanG /= Float(d); meanGX /= Float(d)
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
