/// Sums and means along one axis, or over everything.

/// The sum along `axis` (negative counts from the end); the axis is removed from the shape.
public func sum(_ x: Variable, axis: Int) -> Variable {
    reduce(x, axis: x.value.resolve(axis: axis), scale: 1)
}

/// The mean along `axis`; the axis is removed from the shape.
public func mean(_ x: Variable, axis: Int) -> Variable {
    let a = x.value.resolve(axis: axis)
    return reduce(x, axis: a, scale: 1 / Float(max(x.shape[a], 1)))
}

/// The sum of every element, as a scalar (shape `[]`).
public func sum(_ x: Variable) -> Variable { reduce(x.reshaped([x.value.count]), axis: 0, scale: 1) }

/// The mean of every element, as a scalar (shape `[]`).
public func mean(_ x: Variable) -> Variable {
    reduce(x.reshaped([x.value.count]), axis: 0, scale: 1 / Float(max(x.value.count, 1)))
}

/// scale · Σ along `axis`; backward spreads scale · dy over the summed positions.
func reduce(_ x: Variable, axis: Int, scale: Float) -> Variable {
    let (outer, n, inner) = x.value.axisLayout(axis)
    var shape = x.shape
    shape.remove(at: axis)
    let y = Tensor(shape: shape) { out in
        x.value.scalars.withUnsafeBufferPointer { xs in
            for o in 0..<outer {
                for j in 0..<inner {
                    var s: Float = 0
                    for i in 0..<n { s += xs[(o * n + i) * inner + j] }
                    out[o * inner + j] = scale * s
                }
            }
        }
    }
    return Variable(y, inputs: [x]) { dy, k in
        x.accumulateGrad(k) { dx in  // k cotangents are k more outer blocks
            for o in 0..<k * outer {
                for i in 0..<n {
                    for j in 0..<inner { dx[(o * n + i) * inner + j] += scale * dy[o * inner + j] }
                }
            }
        }
    }
}

extension Variable {
    /// The same values seen with another shape of equal size; gradients pass through unchanged.
    public func reshaped(_ shape: [Int]) -> Variable {
        precondition(shape.reduce(1, *) == value.count, "reshaped: \(self.shape) cannot become \(shape)")
        let n = value.count
        return Variable(value.reshaped(shape), inputs: [self]) { dy, k in
            self.accumulateGrad(k) { dx in for i in 0..<k * n { dx[i] += dy[i] } }
        }
    }
}
