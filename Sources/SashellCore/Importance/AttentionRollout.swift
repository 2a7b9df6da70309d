import Autodiff

extension Classifier {
    /// Attention rollout (Abnar & Zuidema 2020) for a Transformer encoder: how much of each
    /// real token flows into what the classifier's attention reads.
    ///
    /// Each layer's self-attention A_l, with the residual connection counted as half of the
    /// flow, Ã_l = ½ A_l + ½ I, composes into R = Ã_L ⋯ Ã_1, whose row p is how position p of
    /// the last layer draws on the input positions. The classifier then reads the states through
    /// its attention α, so token i's importance is Σ_p α_p R[p, i]. That flow over the real
    /// tokens is `raw` (the rest went to `<SOS>` and `<EOS>`); `normalized` rescales it to sum 1.
    public func attentionRollout(_ example: Example) -> Importance {
        guard let transformer = encoder as? TransformerEncoder else {
            preconditionFailure("attentionRollout needs a Transformer encoder, this model has a \(config.encoder.rawValue) one")
        }
        let batch = Batch([example])
        let length = batch.width
        let (maps, hidden) = transformer.attentionMaps(embed(batch))
        let alpha = project(scorer(hidden), mask: Self.attentionMask(batch)).value.scalars
        // The flow back from the classifier's attention, f = α Ã_L ⋯ Ã_1, layer by layer (a row
        // vector times each matrix, rather than the product of the matrices).
        var flow = alpha.map(Double.init)
        for map in maps.reversed() {
            var next = flow.map { $0 / 2 }
            for p in 0..<length where flow[p] != 0 {
                for i in 0..<length { next[i] += flow[p] / 2 * Double(map.scalars[p * length + i]) }
            }
            flow = next
        }
        return Importance(raw: flow[1..<length - 1].map(Float.init))
    }
}
