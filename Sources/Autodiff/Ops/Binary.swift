/// Elementwise arithmetic of two variables of the same shape, or of a tensor and a row vector
/// (shape `[m]`, where m is the other operand's last dimension) broadcast over every row.

/// Applies `f` elementwise with broadcasting; the backward pass multiplies by the partial
/// derivatives and sums a broadcast operand's gradient over the rows it was repeated on.
@inline(__always)
func binary(_ a: Variable, _ b: Variable, _ name: String, _ f: (Float, Float) -> Float,
            da: @escaping (_ a: Float, _ b: Float, _ y: Float) -> Float,
            db: @escaping (_ a: Float, _ b: Float, _ y: Float) -> Float) -> Variable {
    let shape = broadcastShape(a.shape, b.shape, name)
    let n = shape.reduce(1, *)
    let m = shape.last ?? 1
    // Index of element (row, col) in each operand: a broadcast row vector ignores the row.
    let (rowA, rowB) = (a.value.count == n ? m : 0, b.value.count == n ? m : 0)
    let y = Tensor(shape: shape) { out in
        a.value.scalars.withUnsafeBufferPointer { av in
            b.value.scalars.withUnsafeBufferPointer { bv in
                for r in 0..<n / max(m, 1) {
                    for c in 0..<m { out[r * m + c] = f(av[r * rowA + c], bv[r * rowB + c]) }
                }
            }
        }
    }
    return Variable(y, inputs: [a, b]) { dy, k in
        a.value.scalars.withUnsafeBufferPointer { av in
            b.value.scalars.withUnsafeBufferPointer { bv in
                y.scalars.withUnsafeBufferPointer { yv in
                    // Adds dy · ∂y/∂v into v's gradient, summing over the rows v was broadcast on.
                    func accumulate(_ v: Variable, _ rowV: Int, _ partial: (Float, Float, Float) -> Float) {
                        let nv = v.value.count
                        v.accumulateGrad(k) { g in
                            for j in 0..<k {
                                for r in 0..<n / max(m, 1) {
                                    for c in 0..<m {
                                        let (ia, ib, i) = (r * rowA + c, r * rowB + c, r * m + c)
                                        g[j * nv + r * rowV + c] += dy[j * n + i] * partial(av[ia], bv[ib], yv[i])
                                    }
                                }
                            }
                        }
                    }
                    accumulate(a, rowA, da)
                    accumulate(b, rowB, db)
                }
            }
        }
    }
}

/// The result shape of an elementwise op: equal shapes, or one side a row vector `[m]`
/// matching the other's last dimension.
func broadcastShape(_ a: [Int], _ b: [Int], _ name: String) -> [Int] {
    if a == b { return a }
    if b.count == 1 && b[0] == (a.last ?? 1) { return a }
    if a.count == 1 && a[0] == (b.last ?? 1) { return b }
    preconditionFailure("\(name): shapes \(a) and \(b) are neither equal nor a tensor and a row vector")
}

public func + (a: Variable, b: Variable) -> Variable {
    binary(a, b, "add", +, da: { _, _, _ in 1 }, db: { _, _, _ in 1 })
}

public func - (a: Variable, b: Variable) -> Variable {
    binary(a, b, "sub", -, da: { _, _, _ in 1 }, db: { _, _, _ in -1 })
}

public func * (a: Variable, b: Variable) -> Variable {
    binary(a, b, "mul", *, da: { _, b, _ in b }, db: { a, _, _ in a })
}

public func / (a: Variable, b: Variable) -> Variable {
    binary(a, b, "div", /, da: { _, b, _ in 1 / b }, db: { _, b, y in -y / b })
}
