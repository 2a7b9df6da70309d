import Autodiff
@testable import SashellCore
import Testing

/// The classifier on small sizes: every parameter's gradient against finite differences, for
/// both encoders, every attention and every projection, and what attention may and may not see.
@Suite struct ModelTests {
    /// Three examples of different lengths over a vocabulary of 12 ids.
    static let examples = [[5, 6, 7, 8, 9], [10, 4], [11, 6, 5, 7]].enumerated().map { i, tokens in
        Example(id: "\(i)", text: "", label: i % 2, ids: [2] + tokens.map(Int32.init) + [3], tokenizer: .space)
    }

    /// A small configuration over a vocabulary of 12 ids (states 6 wide).
    static func config(_ encoder: ModelConfig.EncoderKind, _ attention: AttentionKind = .additive,
                       _ projection: Projection = .softmax, embedding: Int = 6, preNorm: Bool = false,
                       seed: UInt64 = 3) -> ModelConfig {
        var config = ModelConfig(vocabularySize: 12)
        config.embeddingDimension = embedding
        config.hidden = encoder == .lstm ? 3 : 6
        config.feedForward = 8
        config.encoder = encoder
        config.attention = attention
        config.projection = projection
        config.preNorm = preNorm
        config.seed = seed
        return config
    }

    static func model(_ encoder: ModelConfig.EncoderKind, _ attention: AttentionKind = .additive,
                      _ projection: Projection = .softmax, preNorm: Bool = false, seed: UInt64 = 3) -> Classifier {
        Classifier(config: config(encoder, attention, projection, preNorm: preNorm, seed: seed))
    }

    static let cases: [(ModelConfig.EncoderKind, AttentionKind, Projection)] = [
        (.lstm, .additive, .softmax), (.lstm, .additive, .sparsemax), (.lstm, .dot, .sparsegen(lambda: 0.3)),
        (.lstm, .deep, .entmax(alpha: 1.5)), (.transformer, .dot, .softmax), (.transformer, .additive, .sparsemax),
        (.transformer, .deep, .gumbel(tau: 0.7, seed: 4)), (.lstm, .additive, .uniform),
    ]

    @Test(arguments: cases.indices)
    func gradientsOfEveryParameter(_ index: Int) {
        let (encoder, attention, projection) = Self.cases[index]
        let model = Self.model(encoder, attention, projection)
        let batch = Batch(Self.examples)
        // The padding row of the embeddings gets no gradient, by design: leave it out. The
        // Transformer's ReLUs have kinks that a step of 1e-2 would cross: a smaller step there.
        let parameters = model.parameters.filter { $0.name != "embedding.weight" }
        let step: Float = encoder == .transformer ? 1e-3 : 1e-2
        let check = checkGradients(of: parameters, step: step, absolute: 5e-4, relative: 2e-3, maxElements: 10) {
            model.forward(batch, noise: 7).logits
        }
        #expect(check.passed, "\(encoder) \(attention) \(projection): \(check)")
        // The embedding rows of the ids read, as the feature-importance methods will need.
        let embedded = model.embed(batch)
        let input = checkGradients(at: [embedded.value], step: step, absolute: 5e-4, relative: 2e-3, maxElements: 40) {
            model.forward(batch, embedded: $0[0], noise: 7).logits
        }
        #expect(input.passed, "\(encoder) \(attention) \(projection), inputs: \(input)")
    }

    @Test func preNormTransformerGradients() {
        let model = Self.model(.transformer, .additive, .softmax, preNorm: true)
        let check = checkGradients(of: model.parameters.filter { $0.name != "embedding.weight" }, step: 1e-3,
                                   absolute: 5e-4, relative: 2e-3, maxElements: 8) {
            model.forward(Batch(Self.examples)).logits
        }
        #expect(check.passed, "\(check)")
    }

    /// The token scale: with E = d (no input map) it is the same as scaling the embedding table;
    /// with a map, the gradients of every parameter still match finite differences.
    @Test func scaledEmbeddings() {
        var config = Self.config(.transformer, .dot)
        config.embeddingScale = 2.5
        let scaled = Classifier(config: config)
        let plain = Self.model(.transformer, .dot)
        plain.embedding.assign((Variable(scaled.embedding.value) * 2.5).value)
        let batch = Batch(Self.examples)
        #expect(scaled.forward(batch).logits.value.maxAbsDifference(plain.forward(batch).logits.value) < 1e-5)
        #expect(scaled.forward(batch).logits.value.maxAbsDifference(Self.model(.transformer, .dot).forward(batch).logits.value) > 1e-3)

        // Seed 3's weights put a feed-forward ReLU within 1e-3 of its kink, where finite
        // differences cannot be trusted (they approach the analytic value as the step shrinks).
        (config.embeddingDimension, config.seed) = (5, 4)
        let mapped = Classifier(config: config)
        let check = checkGradients(of: mapped.parameters.filter { $0.name != "embedding.weight" }, step: 1e-3,
                                   absolute: 5e-4, relative: 2e-3, maxElements: 8) {
            mapped.forward(batch).logits
        }
        #expect(check.passed, "\(check)")
    }

    /// α is a distribution over the real tokens only, whatever the projection.
    @Test(arguments: cases.indices)
    func attentionSeesOnlyRealTokens(_ index: Int) {
        let (encoder, attention, projection) = Self.cases[index]
        let output = Self.model(encoder, attention, projection).forward(Batch(Self.examples))
        let width = output.attention.shape[1]
        for (row, example) in Self.examples.enumerated() {
            let alpha = Array(output.attention.value.scalars[row * width..<(row + 1) * width])
            #expect(alpha[0] == 0 && alpha[example.ids.count - 1] == 0)
            #expect(alpha[example.ids.count...].allSatisfy { $0 == 0 })
            #expect(abs(alpha.reduce(0, +) - 1) < 1e-5)
        }
    }

    /// An example's logit does not depend on what it is batched with (its padding), even with
    /// Gumbel attention, whose inference is noise-free.
    @Test(arguments: [(ModelConfig.EncoderKind.lstm, Projection.sparsemax), (.transformer, .sparsemax),
                      (.lstm, .gumbel(tau: 0.5, seed: 1))])
    func paddingChangesNothing(_ encoder: ModelConfig.EncoderKind, _ projection: Projection) {
        let model = Self.model(encoder, .additive, projection)
        let together = model.forward(Batch(Self.examples)).logits.value.scalars
        for (i, example) in Self.examples.enumerated() {
            let alone = model.forward(Batch([example])).logits.value.scalars[0]
            #expect(abs(alone - together[i]) < 1e-5, "\(encoder) \(projection) example \(i)")
        }
    }

    /// Training's Gumbel noise is fresh for every seed; inference's limit is softmax(z / τ).
    @Test func gumbelNoise() {
        let gumbel = Self.model(.lstm, .additive, .gumbel(tau: 0.5, seed: 1))
        let batch = Batch(Self.examples)
        let (a, b) = (gumbel.forward(batch, noise: 1).attention.value, gumbel.forward(batch, noise: 2).attention.value)
        #expect(a != b && a == gumbel.forward(batch, noise: 1).attention.value)
        let limit = gumbel.forward(batch).attention.value
        let scores = gumbel.scorer(gumbel.forward(batch).hidden)
        #expect(limit.maxAbsDifference(softmax(scores * 2, mask: Classifier.attentionMask(batch)).value) == 0)
    }

    /// PyTorch's names and layouts, which checkpoints use.
    @Test func parameterNamesAndShapes() {
        let lstm = Self.model(.lstm)
        let shapes = Dictionary(uniqueKeysWithValues: lstm.parameters.map { ($0.name, $0.variable.shape) })
        #expect(shapes["embedding.weight"] == [12, 6])
        #expect(shapes["encoder.rnn.weight_ih_l0"] == [12, 6] && shapes["encoder.rnn.weight_hh_l0_reverse"] == [12, 3])
        #expect(shapes["attention.attn1.weight"] == [3, 6] && shapes["attention.attn2.weight"] == [1, 3])
        #expect(shapes["attention.attn2.bias"] == nil)
        #expect(shapes["decoder.weight"] == [1, 6] && shapes["decoder.bias"] == [1])
        let transformer = Self.model(.transformer, .dot)
        let names = Set(transformer.parameters.map(\.name))
        #expect(names.isSuperset(of: ["encoder.layers.1.self_attn.in_proj_weight", "encoder.layers.0.linear2.bias",
                                      "encoder.layers.0.norm1.weight", "attention.key.weight", "attention.query"]))
        #expect(!names.contains("encoder.input.weight"))  // the embeddings are already d wide
        #expect(transformer.parameters.count == names.count)
        #expect(lstm.forward(Batch(Self.examples)).hidden.shape == [3, 7, 6])
    }

    @Test func seedFixesTheWeights() {
        let a = Self.model(.transformer, seed: 5).parameters.map(\.variable.value)
        let b = Self.model(.transformer, seed: 5).parameters.map(\.variable.value)
        let c = Self.model(.transformer, seed: 6).parameters.map(\.variable.value)
        #expect(a == b && a != c)
        #expect(Self.model(.lstm).parameters[0].variable.value.scalars.prefix(6).allSatisfy { $0 == 0 })
    }
}
