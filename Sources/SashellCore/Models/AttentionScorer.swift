import Autodiff

/// How attention scores each intermediate representation h_i before the projection φ turns the
/// scores into the attention distribution.
public enum AttentionKind: String, CaseIterable, Sendable {
    /// Bahdanau's, as J&W's TanhAttention: v^T tanh(W h_i + b), W: H → H/2.
    case additive
    /// Scaled dot product with a learned query, as J&W's single-sequence "dot": (K h_i + b)·q / √H.
    case dot
    /// An MLP scorer, Wen et al.'s "deep" attention: v^T tanh(W₂ tanh(W₁ h_i + b₁) + b₂), W₁: H → H/2, W₂: H/2 → H/2.
    case deep
}

/// The parameters of one kind of scorer on states of width H.
struct AttentionScorer {
    let kind: AttentionKind
    let layers: [Linear]
    /// The learned query of `.dot`.
    let query: Variable?

    init(_ kind: AttentionKind, width: Int, generator: inout RandomGenerator) {
        self.kind = kind
        let half = max(width / 2, 1)
        switch kind {
        case .additive:
            layers = [Linear(width, half, generator: &generator), Linear(half, 1, bias: false, generator: &generator)]
            query = nil
        case .dot:
            layers = [Linear(width, width, generator: &generator)]
            query = Variable(.normal([width], std: 1 / Float(width).squareRoot(), generator: &generator), requiresGrad: true)
        case .deep:
            layers = [Linear(width, half, generator: &generator), Linear(half, half, generator: &generator),
                      Linear(half, 1, bias: false, generator: &generator)]
            query = nil
        }
    }

    /// attention.attn1, attn2 (and attn3) as J&W name theirs; `.dot`'s are attention.key and attention.query.
    var parameters: [NamedParameter] {
        if kind == .dot { return layers[0].parameters("attention.key") + [("attention.query", query!)] }
        return layers.enumerated().flatMap { i, layer in layer.parameters("attention.attn\(i + 1)") }
    }

    /// The scores [B, T] of states h [B, T, H].
    func callAsFunction(_ h: Variable) -> Variable {
        let (batch, length, width) = (h.shape[0], h.shape[1], h.shape[2])
        let scores: Variable
        switch kind {
        case .additive:
            scores = layers[1](tanh(layers[0](h)))
        case .dot:
            scores = matmul(layers[0](h), query!.reshaped([1, width]), transposeB: true) * (1 / Float(width).squareRoot())
        case .deep:
            scores = layers[2](tanh(layers[1](tanh(layers[0](h)))))
        }
        return scores.reshaped([batch, length])
    }
}
