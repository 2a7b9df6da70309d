import Autodiff

extension Classifier {
    /// Eq. 5's gradients ∂‖h_p‖/∂X for a Transformer encoder, [n, 1, T, E] in blocks (see
    /// `hiddenGradientImportance`), with the last layer worked out apart.
    ///
    /// Output p of the last layer depends on the other positions only through their keys and
    /// values: what ‖h_p‖ sends back to the layer's input u_j is dS_pj (q_p W_k) + P_pj (dO_p W_v)
    /// — two vectors per p, weighed by the attention's gradient and the attention itself — plus,
    /// at j = p, what goes through q_p and the residual. So the last layer is one pass over the n
    /// query rows (a single seed: those rows do not mix), and only the layers below take the n
    /// cotangents as a batch. Done as one batch through every layer, the last one alone would
    /// cost as much as all the layers below it.
    func transformerNormJacobians(_ example: Example, _ transformer: TransformerEncoder, cotangentRows: Int,
                                  _ body: (_ first: Int, _ jacobian: Tensor) -> Void) {
        let batch = Batch([example])
        let (n, length, d) = (example.length, batch.width, transformer.width)
        let x = Variable(embed(batch).value, requiresGrad: true)
        var u = transformer.layerInput(x, lengths: [length])
        for l in transformer.layers.indices.dropLast() { u = transformer.layer(l, u).output }
        let last = transformer.layers[transformer.layers.count - 1]
        let attended = transformer.preNorm ? last.norm1(u) : u  // what the last layer's q, k and v read

        // The last layer at the n real positions, keys and values held constant.
        let queryInput = Variable(rows(1..<n + 1, of: attended.value), requiresGrad: true)
        let residual = Variable(rows(1..<n + 1, of: u.value), requiresGrad: true)
        let projected = last.inputProjection(Variable(attended.value))  // [1, T, 3d]: q, k and v of every position
        let (keys, values) = (slice(projected, axis: 2, d..<2 * d), slice(projected, axis: 2, 2 * d..<3 * d))
        let queries = slice(last.inputProjection(queryInput), axis: 2, 0..<d) * (1 / Float(d).squareRoot())
        let attention = softmax(matmul(queries, keys, transposeB: true))
        let context = matmul(attention, values)
        let h = last.output(context: context, residual: residual, preNorm: transformer.preNorm)
        let seed = Tensor(shape: h.shape) { g in  // ∂‖h_p‖/∂h_p = h_p/‖h_p‖ (0 at h_p = 0)
            h.value.scalars.withUnsafeBufferPointer { hs in
                for p in 0..<n {
                    let norm = rowNorms(hs.baseAddress! + p * d, rows: 1, width: d)[0]
                    for e in 0..<d { g[p * d + e] = norm > 0 ? hs[p * d + e] / norm : 0 }
                }
            }
        }
        let grads = h.backward(seed: seed, wrt: [queryInput, residual, context])  // [1, n, d] each

        // Each p's gradient at every position j of the keys and values.
        let (weight, probabilities) = (last.inputProjection.weight.value, attention.value)  // [3d, d], [1, n, T]
        let keyDirection = product(queries.value, weight, rows: d..<2 * d)  // q_p W_k, [n, d]
        let valueDirection = product(grads[2], weight, rows: 2 * d..<3 * d)  // dO_p W_v, [n, d]
        let scores = attentionScoreGradient(probabilities, context: grads[2], values: values.value)  // dS, [n, T]

        // The cotangents on the layers below: on u, or on [u, LN₁(u)] for pre-norm, whose q, k
        // and v read LN₁(u) while the residual reads u.
        let below = transformer.preNorm ? concat([u, attended], axis: 2) : u
        let (width, offset) = transformer.preNorm ? (2 * d, d) : (d, 0)
        let block = max(1, cotangentRows / length)
        for first in stride(from: 0, to: n, by: block) {
            let count = min(block, n - first)
            let cotangents = Tensor(shape: [count, 1, length, width]) { c in
                c.initialize(repeating: 0)
                for j in 0..<count {
                    let p = first + j
                    for t in 0..<length {
                        let row = c.baseAddress! + (j * length + t) * width + offset
                        let (ds, a) = (scores.scalars[p * length + t], probabilities.scalars[p * length + t])
                        for e in 0..<d { row[e] = ds * keyDirection.scalars[p * d + e] + a * valueDirection.scalars[p * d + e] }
                    }
                    let own = c.baseAddress! + (j * length + p + 1) * width
                    for e in 0..<d {
                        own[offset + e] += grads[0].scalars[p * d + e]
                        own[e] += grads[1].scalars[p * d + e]  // the residual: u itself
                    }
                }
            }
            body(first, below.backward(cotangents: cotangents, wrt: [x])[0])
        }
    }
}

/// Rows `range` of a [1, T, d] tensor, as [1, count, d].
private func rows(_ range: Range<Int>, of tensor: Tensor) -> Tensor {
    let d = tensor.lastDimension
    return Tensor(shape: [1, range.count, d], scalars: Array(tensor.scalars[range.lowerBound * d..<range.upperBound * d]))
}

/// a [.., m, d] times rows `rows` of weight [.., d] (a block of a linear map's [out, in] matrix):
/// the input gradient a W_block, [m, d].
private func product(_ a: Tensor, _ weight: Tensor, rows: Range<Int>) -> Tensor {
    let (d, m) = (weight.lastDimension, a.count / weight.lastDimension)
    return Tensor(shape: [m, d]) { out in
        a.scalars.withUnsafeBufferPointer { a in
            weight.scalars.withUnsafeBufferPointer { w in
                BLAS.gemm(m: m, n: d, k: rows.count, a: a.baseAddress!, lda: rows.count, b: w.baseAddress! + rows.lowerBound * d,
                          ldb: d, c: out.baseAddress!, ldc: d)
            }
        }
    }
}

/// dS = P ⊙ (dP − Σ_l P_l dP_l) with dP = dO Vᵀ: the gradient of each query's scores [n, T] from
/// that of its context dO [1, n, d], through the softmax P [1, n, T] and the values V [1, T, d].
private func attentionScoreGradient(_ probabilities: Tensor, context: Tensor, values: Tensor) -> Tensor {
    let (n, length, d) = (probabilities.shape[1], probabilities.shape[2], values.lastDimension)
    var scores = Tensor.zeros([n, length])
    context.scalars.withUnsafeBufferPointer { dO in
        values.scalars.withUnsafeBufferPointer { v in
            scores.scalars.withUnsafeMutableBufferPointer { dP in
                BLAS.gemm(transposeB: true, m: n, n: length, k: d, a: dO.baseAddress!, lda: d, b: v.baseAddress!, ldb: d,
                          c: dP.baseAddress!, ldc: length)
            }
        }
    }
    for p in 0..<n {
        let row = p * length
        var dot: Float = 0
        for j in 0..<length { dot += probabilities.scalars[row + j] * scores.scalars[row + j] }
        for j in 0..<length { scores.scalars[row + j] = probabilities.scalars[row + j] * (scores.scalars[row + j] - dot) }
    }
    return scores
}
