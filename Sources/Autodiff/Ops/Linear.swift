/// An affine map of the last axis, y = x Wᵀ + b, as PyTorch's `nn.Linear` (W: [out, in],
/// b: [out]), for x of any rank [..., in]. One op instead of a matrix product and a broadcast
/// sum: the output rows start as b and the GEMM adds x Wᵀ onto them, so the bias costs no pass
/// of its own over what can be a large activation.
///
/// Backward, over the N = count / in rows: dx = dy W (all cotangents' rows in one GEMM);
/// dW = dyᵀ x and db = Σ_rows dy, per cotangent.
public func linear(_ x: Variable, weight: Variable, bias: Variable? = nil) -> Variable {
    precondition(weight.value.rank == 2 && x.value.rank >= 1 && x.value.lastDimension == weight.shape[1],
                 "linear: x \(x.shape) needs a last dimension equal to weight \(weight.shape)'s columns")
    let (outputs, inputs) = (weight.shape[0], weight.shape[1])
    precondition(bias == nil || bias!.shape == [outputs], "linear: bias \(bias!.shape) must be [\(outputs)]")
    let rows = x.value.count / max(inputs, 1)
    let y = Tensor(shape: Array(x.shape.dropLast()) + [outputs]) { out in
        if let bias {
            bias.value.scalars.withUnsafeBufferPointer { b in
                // A pass over the whole output: split across threads, each range its own rows.
                nonisolated(unsafe) let (b, y) = (b.baseAddress!, out.baseAddress!)
                forEachRange(rows, scalarsPerItem: outputs) { range in
                    for r in range { (y + r * outputs).initialize(from: b, count: outputs) }
                }
            }
        } else {
            out.initialize(repeating: 0)
        }
        x.value.scalars.withUnsafeBufferPointer { xs in
            weight.value.scalars.withUnsafeBufferPointer { w in
                BLAS.gemm(transposeB: true, m: rows, n: outputs, k: inputs, a: xs.baseAddress!, lda: inputs,
                          b: w.baseAddress!, ldb: inputs, beta: 1, c: out.baseAddress!, ldc: outputs)
            }
        }
    }
    return Variable(y, inputs: [x, weight] + (bias.map { [$0] } ?? [])) { dy, k in
        x.value.scalars.withUnsafeBufferPointer { xs in
            weight.value.scalars.withUnsafeBufferPointer { w in
                x.accumulateGrad(k) { dx in
                    BLAS.gemm(m: k * rows, n: inputs, k: outputs, a: dy, lda: outputs, b: w.baseAddress!, ldb: inputs,
                              beta: 1, c: dx, ldc: inputs)
                }
                weight.accumulateGrad(k) { dw in
                    for j in 0..<k {
                        BLAS.gemm(transposeA: true, m: outputs, n: inputs, k: rows, a: dy + j * rows * outputs, lda: outputs,
                                  b: xs.baseAddress!, ldb: inputs, beta: 1, c: dw + j * outputs * inputs, ldc: inputs)
                    }
                }
            }
        }
        bias?.accumulateGrad(k) { db in
            for j in 0..<k {
                for r in 0..<rows {
                    let row = dy + (j * rows + r) * outputs
                    for o in 0..<outputs { db[j * outputs + o] += row[o] }
                }
            }
        }
    }
}
