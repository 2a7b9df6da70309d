/// Elementwise functions y = f(x), each with its derivative written in terms of x and y.

/// Applies `f` elementwise; the backward pass multiplies by `derivative(x, y)`.
@inline(__always)
func unary(_ x: Variable, _ f: (Float) -> Float,
           derivative: @escaping (_ x: Float, _ y: Float) -> Float) -> Variable {
    let n = x.value.count
    let y = Tensor(shape: x.shape) { out in
        x.value.scalars.withUnsafeBufferPointer { xs in
            for i in 0..<n { out[i] = f(xs[i]) }
        }
    }
    return Variable(y, inputs: [x]) { dy, k in
        x.accumulateGrad(k) { dx in
            x.value.scalars.withUnsafeBufferPointer { xs in
                y.scalars.withUnsafeBufferPointer { ys in
                    for j in 0..<k {
                        let o = j * n
                        for i in 0..<n { dx[o + i] += dy[o + i] * derivative(xs[i], ys[i]) }
                    }
                }
            }
        }
    }
}

/// e^x
public func exp(_ x: Variable) -> Variable { unary(x, _exp) { _, y in y } }

/// Natural logarithm.
public func log(_ x: Variable) -> Variable { unary(x, _log) { x, _ in 1 / x } }

/// Hyperbolic tangent.
public func tanh(_ x: Variable) -> Variable { unary(x, _tanh) { _, y in 1 - y * y } }

/// The logistic function 1 / (1 + e^-x).
public func sigmoid(_ x: Variable) -> Variable { unary(x, _sigmoid) { _, y in y * (1 - y) } }

/// max(x, 0); the derivative at 0 is taken as 0, as PyTorch does.
public func relu(_ x: Variable) -> Variable {
    unary(x, { max($0, 0) }) { x, _ in x > 0 ? 1 : 0 }
}

/// Exact GELU, x·Φ(x) with the normal CDF through erf (PyTorch's default, not the tanh form).
public func gelu(_ x: Variable) -> Variable {
    let invSqrt2: Float = 0.707_106_781_186_547_5
    let invSqrt2Pi: Float = 0.398_942_280_401_432_7
    return unary(x, { $0 * 0.5 * (1 + _erf($0 * invSqrt2)) }) { x, _ in
        0.5 * (1 + _erf(x * invSqrt2)) + x * invSqrt2Pi * _exp(-0.5 * x * x)
    }
}

/// c · x
public func * (x: Variable, c: Float) -> Variable { unary(x, { c * $0 }) { _, _ in c } }
public func * (c: Float, x: Variable) -> Variable { x * c }

/// x + c
public func + (x: Variable, c: Float) -> Variable { unary(x, { $0 + c }) { _, _ in 1 } }

/// -x
public prefix func - (x: Variable) -> Variable { x * -1 }
