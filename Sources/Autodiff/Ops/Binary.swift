/// Elementwise arithmetic of two variables of the same shape, or of a tensor and a row vector
/// (shape `[m]`, where m is the other operand's last dimension) broadcast over every row.
///
/// As with `unary`, each function is a type so that `binary` is specialised and vectorised for it.
protocol BinaryFunction {
    func value(_ a: Float, _ b: Float) -> Float
    /// ∂y/∂a and ∂y/∂b, given a, b and y = f(a, b).
    func partialA(_ a: Float, _ b: Float, _ y: Float) -> Float
    func partialB(_ a: Float, _ b: Float, _ y: Float) -> Float
}

/// Applies `f` elementwise with broadcasting, split across threads by rows when large; the
/// backward pass multiplies by the partial derivatives and sums a broadcast operand's gradient
/// over the rows it was repeated on.
func binary<F: BinaryFunction>(_ a: Variable, _ b: Variable, _ f: F, _ name: String) -> Variable {
    let shape = broadcastShape(a.shape, b.shape, name)
    let n = shape.reduce(1, *)
    let m = shape.last ?? 1
    let rows = m == 0 ? 0 : n / m
    // Element (row, col) is at row·stride + col in each operand: a broadcast row has stride 0.
    let (strideA, strideB) = (a.value.count == n ? m : 0, b.value.count == n ? m : 0)
    let y = Tensor(shape: shape) { out in
        a.value.scalars.withUnsafeBufferPointer { av in
            b.value.scalars.withUnsafeBufferPointer { bv in
                // Each range of rows writes only its own.
                nonisolated(unsafe) let (A, B, Y) = (av.baseAddress!, bv.baseAddress!, out.baseAddress!)
                forEachRange(rows, scalarsPerItem: m) { range in
                    for r in range {
                        let (ar, br, yr) = (A + r * strideA, B + r * strideB, Y + r * m)
                        for c in 0..<m { yr[c] = f.value(ar[c], br[c]) }
                    }
                }
            }
        }
    }
    return Variable(y, inputs: [a, b]) { dy, k in
        a.value.scalars.withUnsafeBufferPointer { av in
            b.value.scalars.withUnsafeBufferPointer { bv in
                y.scalars.withUnsafeBufferPointer { yv in
                    let (A, B, Y) = (av.baseAddress!, bv.baseAddress!, yv.baseAddress!)
                    // Adds dy ⊙ ∂y/∂v into v's gradient, summing over the rows v was broadcast on.
                    func accumulate(_ v: Variable, _ stride: Int, _ partial: (Float, Float, Float) -> Float) {
                        let count = v.value.count
                        v.accumulateGrad(k) { g in
                            for j in 0..<k {
                                for r in 0..<rows {
                                    let (ar, br, yr) = (A + r * strideA, B + r * strideB, Y + r * m)
                                    let (gr, dyr) = (g + j * count + r * stride, dy + (j * rows + r) * m)
                                    for c in 0..<m { gr[c] += dyr[c] * partial(ar[c], br[c], yr[c]) }
                                }
                            }
                        }
                    }
                    accumulate(a, strideA, f.partialA)
                    accumulate(b, strideB, f.partialB)
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

struct Sum: BinaryFunction {
    func value(_ a: Float, _ b: Float) -> Float { a + b }
    func partialA(_ a: Float, _ b: Float, _ y: Float) -> Float { 1 }
    func partialB(_ a: Float, _ b: Float, _ y: Float) -> Float { 1 }
}

struct Difference: BinaryFunction {
    func value(_ a: Float, _ b: Float) -> Float { a - b }
    func partialA(_ a: Float, _ b: Float, _ y: Float) -> Float { 1 }
    func partialB(_ a: Float, _ b: Float, _ y: Float) -> Float { -1 }
}

struct Product: BinaryFunction {
    func value(_ a: Float, _ b: Float) -> Float { a * b }
    func partialA(_ a: Float, _ b: Float, _ y: Float) -> Float { b }
    func partialB(_ a: Float, _ b: Float, _ y: Float) -> Float { a }
}

struct Quotient: BinaryFunction {
    func value(_ a: Float, _ b: Float) -> Float { a / b }
    func partialA(_ a: Float, _ b: Float, _ y: Float) -> Float { 1 / b }
    func partialB(_ a: Float, _ b: Float, _ y: Float) -> Float { -y / b }
}

public func + (a: Variable, b: Variable) -> Variable { binary(a, b, Sum(), "add") }
public func - (a: Variable, b: Variable) -> Variable { binary(a, b, Difference(), "sub") }
public func * (a: Variable, b: Variable) -> Variable { binary(a, b, Product(), "mul") }
public func / (a: Variable, b: Variable) -> Variable { binary(a, b, Quotient(), "div") }
