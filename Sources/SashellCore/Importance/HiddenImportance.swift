import Autodiff

extension Classifier {
    /// Eq. 5: for each real token p of `example`, g_{h_p}(x_i) = ‖∂‖h_p‖₂/∂X_i^(e)‖₂ normalised
    /// over i — how much each input token moves the magnitude of the intermediate representation
    /// h_p. Row p−1 of the result is token p's (1-based, as the paper).
    ///
    /// The n rows are n backward passes from one forward pass, made as one: the cotangents
    /// h_p/‖h_p‖ at position p (the gradient of ‖h_p‖₂) go back together as a batch, so the work
    /// is a few large matrix products. In the BiLSTM the cotangent of h_p reaches only x_1…x_p in
    /// the forward direction and x_p…x_n in the reverse one, and the LSTM's backward pass does
    /// only that part; in the Transformer the last layer is worked out per position
    /// (`transformerNormJacobians`) and only the layers below take the batch. Long examples go
    /// in blocks of cotangents, to bound the memory.
    ///
    /// At h_p = 0, where ‖·‖₂ has no derivative, the zero subgradient is taken: the row is all
    /// zeros and normalises to the uniform fallback (`Importance.normalized`).
    public func hiddenGradientImportance(_ example: Example) -> [Importance] {
        hiddenGradientImportance(example, cotangentRows: Self.cotangentRows)
    }

    /// Eq. 5 with at most `cotangentRows` cotangent rows (cotangents × positions) per backward
    /// pass; `generic` takes the batched path through every layer of any encoder.
    func hiddenGradientImportance(_ example: Example, cotangentRows: Int, generic: Bool = false) -> [Importance] {
        let (n, length, features) = (example.length, example.ids.count, config.embeddingDimension)
        var rows: [Importance] = []
        func collect(_ first: Int, _ jacobian: Tensor) {  // [count, 1, T, E]: row p's gradients at the n tokens
            jacobian.scalars.withUnsafeBufferPointer { g in
                for j in 0..<jacobian.shape[0] {
                    rows.append(Importance(raw: rowNorms(g.baseAddress! + (j * length + 1) * features, rows: n, width: features)))
                }
            }
        }
        if let transformer = encoder as? TransformerEncoder, !generic {
            transformerNormJacobians(example, transformer, cotangentRows: cotangentRows, collect)
        } else {
            normJacobians(example, cotangentRows: cotangentRows, collect)
        }
        return rows
    }

    /// ∂‖h_p‖/∂X for p = 1…n in blocks of cotangents, each block's [count, 1, T, E] to `body`
    /// with the index of its first p: one forward pass of the encoder, one batched backward pass a block.
    func normJacobians(_ example: Example, cotangentRows: Int, _ body: (_ first: Int, _ jacobian: Tensor) -> Void) {
        let batch = Batch([example])
        let (n, length) = (example.length, batch.width)
        let x = Variable(embed(batch).value, requiresGrad: true)
        let hidden = encoder(x, lengths: batch.lengths)  // [1, T, H]
        let width = hidden.shape[2]
        let block = max(1, cotangentRows / length)
        for first in stride(from: 0, to: n, by: block) {
            let count = min(block, n - first)
            // Cotangent j is ∂‖h_p‖/∂h = h_p/‖h_p‖ at position p = first + j + 1, zero elsewhere.
            let cotangents = Tensor(shape: [count, 1, length, width]) { c in
                c.initialize(repeating: 0)
                hidden.value.scalars.withUnsafeBufferPointer { h in
                    for j in 0..<count {
                        let p = first + j + 1
                        let state = h.baseAddress! + p * width
                        let norm = rowNorms(state, rows: 1, width: width)[0]
                        guard norm > 0 else { continue }
                        for u in 0..<width { c[(j * length + p) * width + u] = state[u] / norm }
                    }
                }
            }
            body(first, hidden.backward(cotangents: cotangents, wrt: [x])[0])
        }
    }

    /// At most this many cotangent rows (cotangents × positions) go back in one pass. The
    /// gradients are [rows, E], the LSTM's buffers [rows, 4H] per direction and the Transformer's
    /// feed-forward ones [rows, 512]: at 8192 rows each stays under the 32 MB below which freed
    /// memory is reused (`Allocator.retainFreedMemory`), where larger blocks page-fault fresh
    /// memory every pass and measured slower. SST's examples take all their cotangents at once,
    /// IMDb's average (180 tokens) 45 a pass.
    static let cotangentRows = 8192
}
