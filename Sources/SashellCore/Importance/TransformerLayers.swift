import Autodiff

/// The Transformer encoder's layers one at a time, for one sequence of real tokens (no padding,
/// so no mask): rollout reads each layer's attention, and eq. 5 treats the last layer apart.
///
/// The encoder's own pass runs all layers at once and keeps their attention inside; this runs the
/// same layers, op for op, to expose it. (A test checks that the output is `callAsFunction`'s, so
/// the two cannot drift apart unnoticed.)
extension TransformerEncoder {
    /// The first layer's input: the embeddings x [1, T, E] (mapped to width d if E ≠ d) plus positions.
    func layerInput(_ x: Variable) -> Variable {
        (input.map { $0(x) } ?? x) + Variable(Self.positions(batch: 1, length: x.shape[1], width: width))
    }

    /// Layer `l` on states h [1, T, d]: its output and its attention distributions [1, T, T].
    func layer(_ l: Int, _ h: Variable) -> (output: Variable, attention: Variable) {
        let layer = layers[l]
        let (q, k, v) = layer.projections(preNorm ? layer.norm1(h) : h, width: width)
        let (output, attention, _) = layer.output(queries: q, keys: k, values: v, residual: h, preNorm: preNorm)
        return (output, attention)
    }

    /// Each layer's self-attention distributions [T, T] (row i: query i over the keys) for one
    /// sequence x [1, T, E], with the encoder's output [1, T, width].
    func attentionMaps(_ x: Variable) -> (maps: [Tensor], output: Variable) {
        var (h, maps) = (layerInput(x), [Tensor]())
        for l in layers.indices {
            let (output, attention) = layer(l, h)
            maps.append(attention.value.reshaped([x.shape[1], x.shape[1]]))
            h = output
        }
        return (maps, h)
    }
}

extension TransformerEncoder.Layer {
    /// The queries (scaled by 1/√d, as the scores are), keys and values of states x [1, T, d]:
    /// three maps by row blocks of the stacked in_proj weight, which slices the small weight
    /// rather than the activations (whose gradients, with eq. 5's n cotangents, are large).
    func projections(_ x: Variable, width: Int) -> (queries: Variable, keys: Variable, values: Variable) {
        let (weight, bias) = (inputProjection.weight, inputProjection.bias!)
        func projection(_ block: Int, scale: Float = 1) -> Variable {
            let rows = block * width..<(block + 1) * width
            let (w, b) = (slice(weight, axis: 0, rows), slice(bias, axis: 0, rows))
            return scale == 1 ? linear(x, weight: w, bias: b) : linear(x, weight: w * scale, bias: b * scale)
        }
        return (projection(0, scale: 1 / Float(width).squareRoot()), projection(1), projection(2))
    }

    /// The layer's output at m query positions [1, m, d], given their queries and the keys and
    /// values of all T positions, and the layer's input at the query positions (`residual`);
    /// with the attention distributions [1, m, T] and the attention's context Σ_j P_ij v_j [1, m, d].
    /// Post-norm: a = LN₁(x + attention), LN₂(a + FFN(a)); pre-norm: r = x + attention, r + FFN(LN₂(r)).
    func output(queries q: Variable, keys k: Variable, values v: Variable, residual: Variable,
                preNorm: Bool) -> (output: Variable, attention: Variable, context: Variable) {
        let attention = softmax(matmul(q, k, transposeB: true))
        let context = matmul(attention, v)
        let attended = residual + outputProjection(context)
        func feedForward(_ x: Variable) -> Variable { contract(relu(expand(x))) }
        if preNorm { return (attended + feedForward(norm2(attended)), attention, context) }
        let a = norm1(attended)
        return (norm2(a + feedForward(a)), attention, context)
    }
}
