/// Softmax and log-softmax along an axis.

/// softmax(x)_i = e^{x_i} / Σ_l e^{x_l} along `axis`, over the positions where `mask` (same shape
/// as x, 1 = keep, 0 = masked) is nonzero. Masked positions get exactly zero probability — by
/// skipping them, not by adding −∞ — and a slice whose every position is masked is all zeros.
/// Backward: dx_i = y_i (dy_i − Σ_l y_l dy_l).
public func softmax(_ x: Variable, axis: Int = -1, mask: Tensor? = nil) -> Variable {
    precondition(mask == nil || mask!.shape == x.shape,
                 "softmax: mask shape \(mask!.shape) differs from input shape \(x.shape)")
    let (outer, n, inner) = x.value.axisLayout(x.value.resolve(axis: axis))
    let keep = mask?.scalars ?? []
    let y = Tensor(shape: x.shape) { out in
        x.value.scalars.withUnsafeBufferPointer { xs in
            for o in 0..<outer {
                for j in 0..<inner {
                    @inline(__always) func at(_ i: Int) -> Int { (o * n + i) * inner + j }
                    @inline(__always) func kept(_ i: Int) -> Bool { keep.isEmpty || keep[at(i)] != 0 }
                    var top = -Float.infinity
                    for i in 0..<n where kept(i) { top = max(top, xs[at(i)]) }
                    var total: Float = 0
                    for i in 0..<n {
                        let e = kept(i) ? _exp(xs[at(i)] - top) : 0
                        out[at(i)] = e
                        total += e
                    }
                    let scale = total > 0 ? 1 / total : 0
                    for i in 0..<n { out[at(i)] *= scale }
                }
            }
        }
    }
    return Variable(y, inputs: [x]) { dy, k in
        x.accumulateGrad(k) { dx in
            y.scalars.withUnsafeBufferPointer { ys in
                for o in 0..<k * outer {
                    let oy = o % outer  // the forward slice this cotangent block belongs to
                    for j in 0..<inner {
                        var dot: Float = 0
                        for i in 0..<n { dot += ys[(oy * n + i) * inner + j] * dy[(o * n + i) * inner + j] }
                        for i in 0..<n {
                            let (iy, id) = ((oy * n + i) * inner + j, (o * n + i) * inner + j)
                            dx[id] += ys[iy] * (dy[id] - dot)
                        }
                    }
                }
            }
        }
    }
}

/// log softmax(x) along `axis`, computed as x − max − log Σ e^{x − max} so it never overflows.
/// Backward: dx_i = dy_i − softmax(x)_i Σ_l dy_l.
public func logSoftmax(_ x: Variable, axis: Int = -1) -> Variable {
    let (outer, n, inner) = x.value.axisLayout(x.value.resolve(axis: axis))
    let y = Tensor(shape: x.shape) { out in
        x.value.scalars.withUnsafeBufferPointer { xs in
            for o in 0..<outer {
                for j in 0..<inner {
                    var top = -Float.infinity
                    for i in 0..<n { top = max(top, xs[(o * n + i) * inner + j]) }
                    var total: Float = 0
                    for i in 0..<n { total += _exp(xs[(o * n + i) * inner + j] - top) }
                    let shift = top + _log(total)
                    for i in 0..<n { out[(o * n + i) * inner + j] = xs[(o * n + i) * inner + j] - shift }
                }
            }
        }
    }
    return Variable(y, inputs: [x]) { dy, k in
        x.accumulateGrad(k) { dx in
            y.scalars.withUnsafeBufferPointer { ys in
                for o in 0..<k * outer {
                    let oy = o % outer
                    for j in 0..<inner {
                        var total: Float = 0
                        for i in 0..<n { total += dy[(o * n + i) * inner + j] }
                        for i in 0..<n {
                            dx[(o * n + i) * inner + j] += dy[(o * n + i) * inner + j]
                                - _exp(ys[(oy * n + i) * inner + j]) * total
                        }
                    }
                }
            }
        }
    }
}
