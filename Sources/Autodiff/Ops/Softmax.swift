/// Softmax and log-softmax along an axis.

/// softmax(x)_i = e^{x_i} / Σ_l e^{x_l} along `axis`, over the positions where `mask` (same shape
/// as x, 1 = keep, 0 = masked) is nonzero. Masked positions get exactly zero probability — by
/// skipping them, not by adding −∞ — and a slice whose every position is masked is all zeros.
/// Backward: dx_i = y_i (dy_i − Σ_l y_l dy_l).
public func softmax(_ x: Variable, axis: Int = -1, mask: Tensor? = nil) -> Variable {
    precondition(mask == nil || mask!.shape == x.shape,
                 "softmax: mask shape \(mask!.shape) differs from input shape \(x.shape)")
    let (outer, n, inner) = x.value.axisLayout(x.value.resolve(axis: axis))
    let y = Tensor(shape: x.shape) { out in
        x.value.scalars.withUnsafeBufferPointer { xs in
            withOptionalScalars(mask) { keep in
                nonisolated(unsafe) let (xs, keep, out) = (xs.baseAddress!, keep, out.baseAddress!)
                forEachRange(outer, scalarsPerItem: n * inner) { slices in
                    for o in slices {
                        for j in 0..<inner {
                            let at = o * n * inner + j
                            softmaxSlice(xs + at, keep.map { $0 + at }, out + at, count: n, stride: inner)
                        }
                    }
                }
            }
        }
    }
    return Variable(y, inputs: [x]) { dy, k in
        x.accumulateGrad(k) { dx in
            y.scalars.withUnsafeBufferPointer { ys in
                nonisolated(unsafe) let (ys, dy, dx) = (ys.baseAddress!, dy, dx)
                forEachRange(k * outer, scalarsPerItem: n * inner) { slices in
                    for o in slices {
                        let oy = o % outer  // the forward slice this cotangent block belongs to
                        for j in 0..<inner {
                            let (at, atY) = (o * n * inner + j, oy * n * inner + j)
                            softmaxSliceBackward(ys + atY, dy + at, dx + at, count: n, stride: inner)
                        }
                    }
                }
            }
        }
    }
}

/// The scalars of `tensor`, or nil without one.
private func withOptionalScalars<R>(_ tensor: Tensor?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let tensor else { return body(nil) }
    return tensor.scalars.withUnsafeBufferPointer { body($0.baseAddress!) }
}

/// y = softmax(x) over `count` scalars `stride` apart, skipping those where `keep` is 0. A
/// contiguous slice (the last axis, attention's case) goes eight lanes at a time.
@inline(__always)
func softmaxSlice(_ x: UnsafePointer<Float>, _ keep: UnsafePointer<Float>?, _ y: UnsafeMutablePointer<Float>,
                  count n: Int, stride: Int) {
    guard stride == 1 else {
        @inline(__always) func kept(_ i: Int) -> Bool { keep == nil || keep![i * stride] != 0 }
        var top = -Float.infinity
        for i in 0..<n where kept(i) { top = max(top, x[i * stride]) }
        var total: Float = 0
        for i in 0..<n {
            let e = kept(i) ? _exp(x[i * stride] - top) : 0
            y[i * stride] = e
            total += e
        }
        let scale = total > 0 ? 1 / total : 0
        for i in 0..<n { y[i * stride] *= scale }
        return
    }
    // Lanes i..<i+c (c ≤ 8) that are kept: the mask's nonzeros, or without a mask the first c.
    @inline(__always) func kept(_ i: Int, _ c: Int) -> SIMDMask<SIMD8<Int32>> {
        guard let keep else { return Lanes(0, 1, 2, 3, 4, 5, 6, 7) .< Float(c) }
        return Lanes(keep + i, c) .!= 0
    }
    var tops = Lanes(repeating: -.infinity)
    for i in Swift.stride(from: 0, to: n, by: Lanes.scalarCount) {
        let c = min(Lanes.scalarCount, n - i), xi = Lanes(x + i, c)
        tops.replace(with: xi, where: kept(i, c) .& (xi .> tops))
    }
    let top = tops.max()
    var totals = Lanes()
    for i in Swift.stride(from: 0, to: n, by: Lanes.scalarCount) {
        let c = min(Lanes.scalarCount, n - i)
        let e = exp(Lanes(x + i, c) - top).replacing(with: 0, where: .!kept(i, c))
        e.store(y + i, c)
        totals += e
    }
    let total = totals.sum(), scale = total > 0 ? 1 / total : 0
    for i in Swift.stride(from: 0, to: n, by: Lanes.scalarCount) {
        let c = min(Lanes.scalarCount, n - i)
        (Lanes(y + i, c) * scale).store(y + i, c)
    }
}

/// dx += y ⊙ (dy − Σ y ⊙ dy) over `count` scalars `stride` apart.
@inline(__always)
func softmaxSliceBackward(_ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                          count n: Int, stride: Int) {
    guard stride == 1 else {
        var dot: Float = 0
        for i in 0..<n { dot += y[i * stride] * dy[i * stride] }
        for i in 0..<n { dx[i * stride] += y[i * stride] * (dy[i * stride] - dot) }
        return
    }
    var dots = Lanes()
    for i in Swift.stride(from: 0, to: n, by: Lanes.scalarCount) {
        let c = min(Lanes.scalarCount, n - i)
        dots += Lanes(y + i, c) * Lanes(dy + i, c)
    }
    let dot = dots.sum()
    for i in Swift.stride(from: 0, to: n, by: Lanes.scalarCount) {
        let c = min(Lanes.scalarCount, n - i)
        (Lanes(dx + i, c) + Lanes(y + i, c) * (Lanes(dy + i, c) - dot)).store(dx + i, c)
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
