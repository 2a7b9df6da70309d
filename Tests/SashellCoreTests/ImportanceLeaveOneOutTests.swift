import Autodiff
import Foundation
@testable import SashellCore
import TestSupport
import Testing

/// Eq. 6 against explicit loops: a separate forward pass for every deletion, and the attention
/// renormalised by hand over the states that remain.
@Suite struct ImportanceLeaveOneOutTests {
    typealias S = ImportanceSupport

    /// D_ŷ(x_i): |ŷ − ŷ₋ᵢ| with ŷ₋ᵢ from a forward pass of the example without token i.
    @Test(arguments: S.cases.indices)
    func deletionsMatchSeparateForwardPasses(_ index: Int) {
        let (encoder, projection) = S.cases[index]
        expectDeletionsMatchSeparateForwardPasses(S.model(encoder, projection), "\(encoder) \(projection)")
    }

    /// The Transformer's deletions share the first layer's input map and, post-norm, its Q, K
    /// and V products: every branch of that — pre-norm, one layer, embeddings as wide as d (no
    /// input map), scaled embeddings — against separate passes.
    @Test(arguments: [(false, 1, 5, 1), (true, 2, 5, 1), (false, 2, 6, 1), (true, 1, 6, 1), (false, 2, 5, 3), (true, 1, 6, 3)])
    func transformerDeletionsMatchSeparateForwardPasses(preNorm: Bool, layers: Int, embedding: Int, scale: Float) {
        let model = S.model(.transformer, .sparsemax, layers: layers, preNorm: preNorm, embedding: embedding, scale: scale)
        expectDeletionsMatchSeparateForwardPasses(model, "pre-norm \(preNorm), \(layers) layers, embedding \(embedding), scale \(scale)")
    }

    private func expectDeletionsMatchSeparateForwardPasses(_ model: Classifier, _ label: String) {
        for example in S.examples {
            for output in ExplainedOutput.allCases {
                let result = model.leaveOneOut(example, output: output)
                let full = output.value(model.forward(Batch([example])).logits.value.scalars[0])
                let separate = (1...example.length).map { i -> Double in
                    var ids = example.ids
                    ids.remove(at: i)
                    let shorter = Example(id: "", text: "", label: 0, ids: ids, tokenizer: .space)
                    return abs(full - output.value(model.forward(Batch([shorter])).logits.value.scalars[0]))
                }
                #expect(S.close(result.raw.doubles, separate, absolute: 2e-6, relative: 1e-4),
                        "\(label) \(output): \(result.raw) vs \(separate)")
            }
        }
    }

    /// D_ŷ(h_i): the logit with h_i left out of the attention, the projection taken over the
    /// other positions' scores alone (a shorter vector, no mask) and the context summed by hand.
    @Test(arguments: S.cases.indices)
    func removedStatesMatchAttentionOverTheRest(_ index: Int) {
        let (encoder, projection) = S.cases[index]
        let model = S.model(encoder, projection)
        let weights = model.decoder.weight.value.scalars, bias = Double(model.decoder.bias!.value.scalars[0])
        for example in S.examples {
            let out = model.forward(Batch([example]))
            let (width, n) = (out.hidden.value.lastDimension, example.length)
            let scores = model.scorer(out.hidden).value.scalars
            let full = ExplainedOutput.probability.value(out.logits.value.scalars[0])
            let expected = (1...n).map { i -> Double in
                let kept = (1...n).filter { $0 != i }
                let alpha = kept.isEmpty ? [] : projection(Variable(Tensor(shape: [kept.count], scalars: kept.map { scores[$0] }))).value.scalars
                var logit = bias
                for (a, t) in zip(alpha, kept) {
                    for u in 0..<width { logit += Double(a) * Double(out.hidden.value.scalars[t * width + u]) * Double(weights[u]) }
                }
                return abs(full - ExplainedOutput.probability.value(Float(logit)))
            }
            let result = model.leaveOneOut(example, of: .hidden)
            #expect(S.close(result.raw.doubles, expected, absolute: 2e-6, relative: 1e-4),
                    "\(encoder) \(projection): \(result.raw) vs \(expected)")
        }
    }

    /// Long examples run their variants in blocks; the blocks agree with one batch.
    @Test(arguments: [ModelConfig.EncoderKind.lstm, .transformer])
    func blocksAgreeWithOneBatch(_ encoder: ModelConfig.EncoderKind) {
        let model = S.model(encoder, .sparsemax)
        let example = S.examples[2]
        let tokens = 3 * example.ids.count
        expectClose(model.logitsDeletingEachToken(example, variantTokens: tokens), model.logitsDeletingEachToken(example), tolerance: 1e-6)
        expectClose(model.logitsWithoutEachState(example, variantTokens: tokens), model.logitsWithoutEachState(example), tolerance: 1e-6)
    }

    /// A 1-token example deletes to an empty one: no attention, a context of 0, the decoder's
    /// bias alone. Its only token gets all the importance.
    @Test(arguments: [ModelConfig.EncoderKind.lstm, .transformer])
    func oneToken(_ encoder: ModelConfig.EncoderKind) {
        let model = S.model(encoder)
        let example = S.example([9])
        let bias = model.decoder.bias!.value.scalars[0]
        #expect(model.logitsDeletingEachToken(example) == [bias])
        #expect(model.logitsWithoutEachState(example) == [bias])
        for target in ImportanceTarget.allCases {
            let result = model.leaveOneOut(example, of: target)
            #expect(result.normalized == [1] && result.raw[0] > 0)
        }
    }

    /// A prediction that no deletion changes (a decoder of zeros) is the uniform fallback.
    @Test func unchangedPredictionGivesTheUniformFallback() {
        let model = S.model(.lstm, .sparsemax)
        model.decoder.weight.assign(.zeros(model.decoder.weight.shape))
        for target in ImportanceTarget.allCases {
            let result = model.leaveOneOut(S.examples[0], of: target)
            #expect(result.isUniformFallback && result.normalized.allSatisfy { $0 == Float(1) / 6 })
        }
    }
}
