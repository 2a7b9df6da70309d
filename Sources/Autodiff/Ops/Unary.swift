/// Elementwise functions y = f(x), each with its derivative written in terms of x and y.
///
/// Each function is a small type rather than a closure so that `unary` is specialised for it:
/// the function and its derivative inline into the loops, which the compiler then vectorises.
protocol UnaryFunction {
    func value(_ x: Float) -> Float
    /// f on eight lanes at once; by default lane by lane through `value`.
    func values(_ x: Lanes) -> Lanes
    /// dy/dx, given x and y = f(x).
    func derivative(_ x: Float, _ y: Float) -> Float
}

extension UnaryFunction {
    func values(_ x: Lanes) -> Lanes {
        var y = Lanes()
        for l in 0..<Lanes.scalarCount { y[l] = value(x[l]) }
        return y
    }
}

/// Applies `f` elementwise, eight lanes at a time and split across threads when large; the
/// backward pass multiplies by its derivative, split the same way.
func unary<F: UnaryFunction>(_ x: Variable, _ f: F) -> Variable {
    let n = x.value.count
    let y = Tensor(shape: x.shape) { out in
        x.value.scalars.withUnsafeBufferPointer { xs in
            // Each range of blocks writes only its own scalars.
            nonisolated(unsafe) let (xs, out) = (xs.baseAddress!, out.baseAddress!)
            let blocks = (n + Lanes.scalarCount - 1) / Lanes.scalarCount
            forEachRange(blocks, scalarsPerItem: Lanes.scalarCount) { range in
                for block in range {
                    let i = block * Lanes.scalarCount, c = min(Lanes.scalarCount, n - i)
                    f.values(Lanes(xs + i, c)).store(out + i, c)
                }
            }
        }
    }
    return Variable(y, inputs: [x]) { dy, k in
        x.accumulateGrad(k) { dx in
            x.value.scalars.withUnsafeBufferPointer { xs in
                y.scalars.withUnsafeBufferPointer { ys in
                    // Each range of positions updates only its own, in every cotangent.
                    nonisolated(unsafe) let (xs, ys, dx) = (xs.baseAddress!, ys.baseAddress!, dx)
                    forEachRange(n, scalarsPerItem: k) { range in
                        for j in 0..<k {
                            let o = j * n
                            for i in range { dx[o + i] += dy[o + i] * f.derivative(xs[i], ys[i]) }
                        }
                    }
                }
            }
        }
    }
}

struct Exponential: UnaryFunction {
    func value(_ x: Float) -> Float { _exp(x) }  // not the lanes' e^x, which stops short of overflow
    func derivative(_ x: Float, _ y: Float) -> Float { y }
}

struct Logarithm: UnaryFunction {
    func value(_ x: Float) -> Float { _log(x) }
    func derivative(_ x: Float, _ y: Float) -> Float { 1 / x }
}

struct HyperbolicTangent: UnaryFunction {
    func value(_ x: Float) -> Float { _tanh(x) }
    func values(_ x: Lanes) -> Lanes { tanh(x) }
    func derivative(_ x: Float, _ y: Float) -> Float { 1 - y * y }
}

struct Logistic: UnaryFunction {
    func value(_ x: Float) -> Float { _sigmoid(x) }
    func values(_ x: Lanes) -> Lanes { sigmoid(x) }
    func derivative(_ x: Float, _ y: Float) -> Float { y * (1 - y) }
}

/// The derivative at 0 is taken as 0, as PyTorch does.
struct RectifiedLinear: UnaryFunction {
    func value(_ x: Float) -> Float { max(x, 0) }
    func values(_ x: Lanes) -> Lanes { x.replacing(with: 0, where: x .<= 0) }  // −0 → 0 and NaN stays, as max
    func derivative(_ x: Float, _ y: Float) -> Float { x > 0 ? 1 : 0 }
}

/// x·Φ(x), the normal CDF through erf (PyTorch's default GELU, not the tanh approximation).
struct GaussianErrorLinear: UnaryFunction {
    static let (invSqrt2, invSqrt2Pi): (Float, Float) = (0.707_106_781_186_547_5, 0.398_942_280_401_432_7)
    func value(_ x: Float) -> Float { x * 0.5 * (1 + _erf(x * Self.invSqrt2)) }
    func derivative(_ x: Float, _ y: Float) -> Float {
        0.5 * (1 + _erf(x * Self.invSqrt2)) + x * Self.invSqrt2Pi * _exp(-0.5 * x * x)
    }
}

/// a·x + b
struct Affine: UnaryFunction {
    let scale: Float, shift: Float
    func value(_ x: Float) -> Float { scale * x + shift }
    func values(_ x: Lanes) -> Lanes { scale * x + shift }
    func derivative(_ x: Float, _ y: Float) -> Float { scale }
}

/// e^x
public func exp(_ x: Variable) -> Variable { unary(x, Exponential()) }

/// Natural logarithm.
public func log(_ x: Variable) -> Variable { unary(x, Logarithm()) }

/// Hyperbolic tangent.
public func tanh(_ x: Variable) -> Variable { unary(x, HyperbolicTangent()) }

/// The logistic function 1 / (1 + e^-x).
public func sigmoid(_ x: Variable) -> Variable { unary(x, Logistic()) }

/// max(x, 0)
public func relu(_ x: Variable) -> Variable { unary(x, RectifiedLinear()) }

/// Exact GELU, x·Φ(x).
public func gelu(_ x: Variable) -> Variable { unary(x, GaussianErrorLinear()) }

/// c · x
public func * (x: Variable, c: Float) -> Variable { unary(x, Affine(scale: c, shift: 0)) }
public func * (c: Float, x: Variable) -> Variable { x * c }

/// x + c
public func + (x: Variable, c: Float) -> Variable { unary(x, Affine(scale: 1, shift: c)) }

/// -x
public prefix func - (x: Variable) -> Variable { x * -1 }
