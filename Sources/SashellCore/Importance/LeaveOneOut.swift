import Autodiff

extension Classifier {
    /// Eq. 6: D_ŷ(x_i) = |ŷ − ŷ₋ᵢ| / Σ_k |ŷ − ŷ₋ₖ|, where ŷ₋ᵢ is the output for the example
    /// with token i deleted (not replaced: the sequence is one shorter, as J&W do). With
    /// `of: .hidden`, D_ŷ(h_i): the encoder runs on the whole example, and h_i is removed from
    /// the attention instead — the projection renormalised over the other positions.
    ///
    /// All n variants run as one batch (in blocks, for long examples), sharing what they can:
    /// for the BiLSTM (`lstmDeletingEach`) the tokens' input projections, the forward states
    /// before i and the reverse states after i; for the Transformer (`deletingEach`) the input
    /// map and, post-norm, the first layer's Q, K and V products.
    ///
    /// A 1-token example deletes to an empty one, whose attention has nothing to weigh: its
    /// context is 0 and ŷ₋₁ is the decoder's bias alone.
    public func leaveOneOut(_ example: Example, of target: ImportanceTarget = .inputs,
                            output: ExplainedOutput = .probability) -> Importance {
        let (fullLogit, logits) = Variable.withoutGradients {
            target == .inputs
                ? (forward(Batch([example])).logits.value.scalars[0], logitsDeletingEachToken(example))
                : wholeAndWithoutEachState(example)
        }
        let full = output.value(fullLogit)
        return Importance(raw: logits.map { Float(abs(full - output.value($0))) })
    }

    /// The logits of the example with token i deleted, for i = 1…n, in batches of at most
    /// `variantTokens` tokens.
    func logitsDeletingEachToken(_ example: Example, variantTokens: Int = Classifier.variantTokens) -> [Float] {
        let (n, length) = (example.length, example.ids.count)
        let block = max(1, variantTokens / length)
        let embedded = embed(Batch([example])).value
        let x = embedded.reshaped([length, embedded.lastDimension])
        return stride(from: 1, through: n, by: block).flatMap { first -> [Float] in
            let deleted = Array(first..<min(first + block, n + 1))
            let mask = Self.attentionMask(Batch(deleted.map { example.deleting($0) }))
            return attendAndDecode(encoder.deletingEach(x, deleting: deleted), mask: mask)
        }
    }

    /// The logits with state h_i masked out of the attention, for i = 1…n: the states and
    /// their scores are computed once; each variant projects the scores under its own mask and
    /// weighs the same states.
    func logitsWithoutEachState(_ example: Example, variantTokens: Int = Classifier.variantTokens) -> [Float] {
        wholeAndWithoutEachState(example, variantTokens: variantTokens).variants
    }

    /// The example's logit, and `logitsWithoutEachState`'s, from one run of the encoder (the
    /// whole example's logit is the same chain of ops as `forward`'s, on the same states).
    private func wholeAndWithoutEachState(_ example: Example, variantTokens: Int = Classifier.variantTokens)
        -> (whole: Float, variants: [Float]) {
        let batch = Batch([example])
        let (n, length) = (example.length, batch.width)
        let hidden = encoder(embed(batch), lengths: batch.lengths)
        let scores = scorer(hidden).value.scalars  // [1, T]
        let states = Variable(hidden.value.reshaped([length, hidden.shape[2]]))
        let mask = Self.attentionMask(batch).scalars
        let block = max(1, variantTokens / length)
        let whole = attendAndDecode(hidden, mask: Self.attentionMask(batch))[0]
        return (whole, stride(from: 0, to: n, by: block).flatMap { first -> [Float] in
            let count = min(block, n - first)
            var masks = Tensor(shape: [count, length], scalars: Array((0..<count).map { _ in mask }.joined()))
            for v in 0..<count { masks.scalars[v * length + first + v + 1] = 0 }
            let repeated = Variable(Tensor(shape: [count, length], scalars: Array((0..<count).map { _ in scores }.joined())))
            let attention = project(repeated, mask: masks)
            return decode(matmul(attention, states)).value.scalars  // context_v = Σ_t α_vt h_t
        })
    }

    /// The logits of states [B, T, H] under attention `mask` [B, T].
    func attendAndDecode(_ states: Variable, mask: Tensor) -> [Float] {
        decode(weightedSum(project(scorer(states), mask: mask), states)).value.scalars
    }

    /// Variants of at most this many tokens in all run in one batch: SST's all at once, IMDb's
    /// in blocks that keep the Transformer's pass near 250 MB at 400 tokens (twice this measured
    /// no faster, and twice the memory).
    static let variantTokens = 8192
}

extension Example {
    /// The example without the id at `position` (1…length: a token, not `<SOS>` or `<EOS>`).
    func deleting(_ position: Int) -> Example {
        var ids = self.ids
        ids.remove(at: position)
        return Example(id: id, text: text, label: label, ids: ids, tokenizer: tokenizer)
    }
}
