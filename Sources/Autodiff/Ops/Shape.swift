/// Concatenation and slicing along an axis (for [batch, time, features] tensors, axis 1 is time).

/// Joins `parts` along `axis`; all other dimensions must agree.
public func concat(_ parts: [Variable], axis: Int) -> Variable {
    precondition(!parts.isEmpty, "concat: no tensors")
    let ax = parts[0].value.resolve(axis: axis)
    for p in parts {
        var (s, s0) = (p.shape, parts[0].shape)
        precondition(s.count == s0.count, "concat: shapes \(s0) and \(s) differ in rank")
        s[ax] = 0; s0[ax] = 0
        precondition(s == s0, "concat: shapes \(parts[0].shape) and \(p.shape) differ off axis \(ax)")
    }
    var shape = parts[0].shape
    shape[ax] = parts.reduce(0) { $0 + $1.shape[ax] }
    let (outer, total, inner) = (shape[..<ax].reduce(1, *), shape[ax], shape[(ax + 1)...].reduce(1, *))
    let offsets = parts.reduce(into: [0]) { $0.append($0.last! + $1.shape[ax]) }
    let y = Tensor(shape: shape) { out in
        for (p, part) in parts.enumerated() {
            let n = part.shape[ax]
            part.value.scalars.withUnsafeBufferPointer { src in
                for o in 0..<outer {
                    for i in 0..<n * inner { out[(o * total + offsets[p]) * inner + i] = src[o * n * inner + i] }
                }
            }
        }
    }
    return Variable(y, inputs: parts) { dy, k in
        for (p, part) in parts.enumerated() {
            let n = part.shape[ax]
            part.accumulateGrad(k) { dx in
                for o in 0..<k * outer {
                    for i in 0..<n * inner { dx[o * n * inner + i] += dy[(o * total + offsets[p]) * inner + i] }
                }
            }
        }
    }
}

/// The positions `range` along `axis` (e.g. time steps `1..<n-1`).
public func slice(_ x: Variable, axis: Int, _ range: Range<Int>) -> Variable {
    let ax = x.value.resolve(axis: axis)
    let (outer, total, inner) = x.value.axisLayout(ax)
    precondition(range.lowerBound >= 0 && range.upperBound <= total,
                 "slice: range \(range) out of bounds for axis \(ax) of length \(total)")
    var shape = x.shape
    shape[ax] = range.count
    let n = range.count
    let y = Tensor(shape: shape) { out in
        x.value.scalars.withUnsafeBufferPointer { xs in
            for o in 0..<outer {  // each block of n · inner scalars is contiguous in x
                (out.baseAddress! + o * n * inner)
                    .initialize(from: xs.baseAddress! + (o * total + range.lowerBound) * inner, count: n * inner)
            }
        }
    }
    return Variable(y, inputs: [x]) { dy, k in
        x.accumulateGrad(k) { dx in
            for o in 0..<k * outer {
                for i in 0..<n * inner { dx[(o * total + range.lowerBound) * inner + i] += dy[o * n * inner + i] }
            }
        }
    }
}
