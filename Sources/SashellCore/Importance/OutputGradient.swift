import Autodiff

/// The gradient of each example's output with respect to its embeddings or its intermediate
/// representations, from one forward and one backward pass over the examples padded into a
/// batch. Each example's output depends on its own tokens only, so a single seed (f′ of each
/// logit) gives every example's gradient at once.
struct OutputGradient {
    let batch: Batch
    /// The embeddings [B, T, E] or states [B, T, H] that were differentiated.
    let values: Tensor
    /// ∂f/∂values, [B, T, E or H].
    let gradient: Tensor
    let logits: [Float]

    init(_ model: Classifier, _ examples: [Example], of target: ImportanceTarget, output: ExplainedOutput) {
        batch = Batch(examples)
        // The embeddings as a leaf of their own: the graph leads to them, not just to the table.
        let x = Variable(model.embed(batch).value, requiresGrad: true)
        let out = model.forward(batch, embedded: x)
        let differentiated = target == .inputs ? x : out.hidden
        logits = out.logits.value.scalars
        let seed = Tensor(shape: [batch.count], scalars: logits.map(output.derivative))
        values = differentiated.value
        gradient = out.logits.backward(seed: seed, wrt: [differentiated])[0]
    }

    /// What `body` makes of example b's real tokens: pointers to their first row of values and
    /// of gradient, their count n and the row width.
    func realTokens<R>(of b: Int, _ body: (_ values: UnsafePointer<Float>, _ gradient: UnsafePointer<Float>,
                                           _ n: Int, _ width: Int) -> R) -> R {
        let width = values.lastDimension
        let first = (b * batch.width + 1) * width  // position 1, after <SOS>
        return values.scalars.withUnsafeBufferPointer { v in
            gradient.scalars.withUnsafeBufferPointer { g in
                body(v.baseAddress! + first, g.baseAddress! + first, batch.lengths[b] - 2, width)
            }
        }
    }
}

extension Classifier {
    /// Eq. 4, g_ŷ(x_i) = ‖∂f/∂X_i^(e)‖₂ / Σ_k ‖∂f/∂X_k^(e)‖₂, for each example: the gradient of
    /// the output f (the probability ŷ, as the paper, or the logit) with respect to each real
    /// token's embedding. With `of: .hidden`, the same with respect to the intermediate
    /// representations h_i, g_ŷ(I). All examples go through one forward and one backward pass,
    /// which forms no weight gradient (the model's stored gradients are left as they are).
    public func gradientImportance(_ examples: [Example], of target: ImportanceTarget = .inputs,
                                   output: ExplainedOutput = .probability) -> [Importance] {
        let gradients = OutputGradient(self, examples, of: target, output: output)
        return examples.indices.map { b in
            gradients.realTokens(of: b) { _, g, n, width in Importance(raw: rowNorms(g, rows: n, width: width)) }
        }
    }

    /// Input × gradient for each example: Σ_e X_ie^(e) · ∂f/∂X_ie^(e), each real token's
    /// embedding dotted with its gradient — signed and unnormalised, as attribution toolkits
    /// give it (the first-order estimate of what setting the embedding to zero would change).
    public func inputTimesGradient(_ examples: [Example], output: ExplainedOutput = .probability) -> [[Float]] {
        let gradients = OutputGradient(self, examples, of: .inputs, output: output)
        return examples.indices.map { b in
            gradients.realTokens(of: b) { x, g, n, width in
                (0..<n).map { i in
                    var total: Double = 0
                    for e in 0..<width { total += Double(x[i * width + e]) * Double(g[i * width + e]) }
                    return Float(total)
                }
            }
        }
    }
}
