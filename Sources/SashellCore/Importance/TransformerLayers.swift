import Autodiff

/// The Transformer encoder's layers one at a time, for one sequence of real tokens (no padding):
/// rollout reads each layer's attention, and eq. 5 treats the last layer apart. (A test checks
/// that the output is `callAsFunction`'s.)
extension TransformerEncoder {
    /// Layer `l` on states h [1, T, d]: its output and its attention distributions [1, T, T].
    func layer(_ l: Int, _ h: Variable) -> (output: Variable, attention: Tensor) {
        layers[l](h, lengths: [h.shape[1]], preNorm: preNorm)
    }

    /// Each layer's self-attention distributions [T, T] (row i: query i over the keys) for one
    /// sequence x [1, T, E], with the encoder's output [1, T, width].
    func attentionMaps(_ x: Variable) -> (maps: [Tensor], output: Variable) {
        var (h, maps) = (layerInput(x, lengths: [x.shape[1]]), [Tensor]())
        for l in layers.indices {
            let (output, attention) = layer(l, h)
            maps.append(attention.reshaped([x.shape[1], x.shape[1]]))
            h = output
        }
        return (maps, h)
    }
}
