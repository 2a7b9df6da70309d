import Autodiff
import Foundation
@testable import SashellCore
import Testing

/// Eqs. 4 and 5 and input × gradient against central differences of the model's forward pass.
@Suite struct ImportanceGradientTests {
    typealias S = ImportanceSupport

    /// Eq. 4: ‖∂f/∂X_i‖ of each token against finite differences, for both outputs; the
    /// normalised scores sum to 1.
    @Test(arguments: S.cases.indices)
    func gradientMatchesFiniteDifferences(_ index: Int) {
        let (encoder, projection) = S.cases[index]
        let model = S.model(encoder, projection)
        for output in ExplainedOutput.allCases {
            let importance = model.gradientImportance(S.examples, output: output)
            for (example, result) in zip(S.examples, importance) {
                let numeric = S.finiteDifferences(model, example) { [S.output(model, example, embedded: $0, output)] }[0]
                #expect(S.close(result.raw.doubles, S.norms(numeric)), "\(encoder) \(projection) \(output): \(result.raw) vs \(S.norms(numeric))")
                #expect(abs(result.normalized.reduce(0, +) - 1) < 1e-5 && result.raw.count == example.length)
            }
        }
    }

    /// g_ŷ(I): ‖∂f/∂h_i‖ against finite differences of the attention and decoder over the states.
    @Test(arguments: S.cases.indices)
    func hiddenGradientMatchesFiniteDifferences(_ index: Int) {
        let (encoder, projection) = S.cases[index]
        let model = S.model(encoder, projection)
        let importance = model.gradientImportance(S.examples, of: .hidden)
        for (example, result) in zip(S.examples, importance) {
            let batch = Batch([example])
            let hidden = model.forward(batch).hidden.value
            let mask = Classifier.attentionMask(batch)
            let numeric = S.finiteDifferences(at: hidden, positions: 1...example.length) { h in
                [ExplainedOutput.probability.value(model.attendAndDecode(Variable(h), mask: mask)[0])]
            }[0]
            #expect(S.close(result.raw.doubles, S.norms(numeric)), "\(encoder) \(projection): \(result.raw) vs \(S.norms(numeric))")
        }
    }

    /// Eq. 5 row by row: row p against finite differences of ‖h_p‖₂.
    @Test(arguments: S.cases.indices)
    func hiddenImportanceRowsMatchFiniteDifferences(_ index: Int) {
        let (encoder, projection) = S.cases[index]
        let model = S.model(encoder, projection)
        for example in S.examples {
            let rows = model.hiddenGradientImportance(example)
            // ‖h_p‖ is about √d with Float32 rounding; the Transformer's gradients are small
            // beside that, and need a wider step for the quotient to rise above it.
            let numeric = S.finiteDifferences(model, example, step: encoder == .lstm ? 1e-3 : 3e-3) { x in
                let h = model.forward(Batch([example]), embedded: Variable(x)).hidden.value
                return S.norms((1...example.length).map { p in
                    h.scalars[p * h.lastDimension..<(p + 1) * h.lastDimension].map(Double.init)
                })
            }
            #expect(rows.count == example.length)
            for (p, row) in rows.enumerated() {
                #expect(S.close(row.raw.doubles, S.norms(numeric[p]), relative: encoder == .lstm ? 2e-3 : 5e-3),
                        "\(encoder) row \(p): \(row.raw) vs \(S.norms(numeric[p]))")
            }
        }
    }

    /// The Transformer's last layer, worked out per position, agrees with the batched backward
    /// pass through every layer, post- and pre-norm, with one layer or two.
    @Test(arguments: [(false, 2), (true, 2), (false, 1), (true, 1)])
    func transformerLastLayerAgreesWithTheBatchedPass(_ preNorm: Bool, _ layers: Int) {
        let model = S.model(.transformer, layers: layers, preNorm: preNorm)
        for example in S.examples {
            let special = model.hiddenGradientImportance(example)
            let generic = model.hiddenGradientImportance(example, cotangentRows: Classifier.cotangentRows, generic: true)
            for (a, b) in zip(special, generic) { #expect(S.close(a.raw.doubles, b.raw.doubles, absolute: 1e-6, relative: 1e-4)) }
        }
    }

    /// Long examples go back in blocks of cotangents; the blocks give the rows one pass would.
    @Test(arguments: [ModelConfig.EncoderKind.lstm, .transformer])
    func hiddenImportanceInBlocks(_ encoder: ModelConfig.EncoderKind) {
        let model = S.model(encoder)
        let example = S.examples[2]
        let whole = model.hiddenGradientImportance(example)
        let blocks = model.hiddenGradientImportance(example, cotangentRows: 3 * example.ids.count)
        for (a, b) in zip(whole, blocks) { #expect(S.close(a.raw.doubles, b.raw.doubles, absolute: 1e-6, relative: 1e-5)) }
        #expect(whole.count == blocks.count)
    }

    /// Input × gradient is the derivative of f along each token's own embedding:
    /// d/dε f(x with X_i scaled by 1 + ε) at ε = 0.
    @Test(arguments: S.cases.indices)
    func inputTimesGradientIsTheDerivativeAlongTheEmbedding(_ index: Int) {
        let (encoder, projection) = S.cases[index]
        let model = S.model(encoder, projection)
        let results = model.inputTimesGradient(S.examples, output: .logit)
        for (example, result) in zip(S.examples, results) {
            let x = model.embed(Batch([example])).value
            let features = x.lastDimension
            let step: Float = 1e-3
            let numeric = (1...example.length).map { t -> Double in
                var plus = x, minus = x
                for e in 0..<features {
                    plus.scalars[t * features + e] *= 1 + step
                    minus.scalars[t * features + e] *= 1 - step
                }
                return (S.output(model, example, embedded: plus, .logit) - S.output(model, example, embedded: minus, .logit)) / (2 * Double(step))
            }
            #expect(S.close(result.doubles, numeric, absolute: 3e-4), "\(encoder) \(projection): \(result) vs \(numeric)")
        }
    }

    /// Examples batched together get what each gets alone; the logit's gradient is the
    /// probability's divided by σ′.
    @Test(arguments: [ModelConfig.EncoderKind.lstm, .transformer])
    func batchedEqualsSingleAndOutputsRelate(_ encoder: ModelConfig.EncoderKind) {
        let model = S.model(encoder, .sparsemax)
        let batched = model.gradientImportance(S.examples)
        let logits = model.gradientImportance(S.examples, output: .logit)
        for (i, example) in S.examples.enumerated() {
            let single = model.gradientImportance([example])[0]
            #expect(S.close(single.raw.doubles, batched[i].raw.doubles, absolute: 1e-7, relative: 1e-5))
            let logit = model.forward(Batch([example])).logits.value.scalars[0]
            let derivative = Double(ExplainedOutput.probability.derivative(logit))
            #expect(S.close(batched[i].raw.doubles, logits[i].raw.map { Double($0) * derivative }, absolute: 1e-7, relative: 1e-5))
        }
    }

    /// Feature importance forms no parameter gradient and leaves the stored ones as they were.
    @Test(arguments: [ModelConfig.EncoderKind.lstm, .transformer])
    func storedGradientsAreUntouched(_ encoder: ModelConfig.EncoderKind) {
        let model = S.model(encoder)
        _ = model.gradientImportance(S.examples)
        _ = model.hiddenGradientImportance(S.examples[0])
        _ = model.integratedGradients(S.examples[1], steps: 4)
        #expect(model.parameters.allSatisfy { $0.variable.grad == nil })
        model.forward(Batch(S.examples)).logits.backward(seed: Tensor(repeating: 1, shape: [3]))
        let before = model.parameters.map { $0.variable.grad }
        _ = model.gradientImportance(S.examples, of: .hidden)
        _ = model.hiddenGradientImportance(S.examples[2])
        _ = model.inputTimesGradient(S.examples)
        #expect(model.parameters.map { $0.variable.grad } == before)
    }

    // MARK: Degenerate cases

    /// A zero gradient everywhere (here a decoder of zeros) normalises to the uniform
    /// distribution, not NaN, and says so.
    @Test(arguments: [ModelConfig.EncoderKind.lstm, .transformer])
    func zeroGradientGivesTheUniformFallback(_ encoder: ModelConfig.EncoderKind) {
        let model = S.model(encoder)
        model.decoder.weight.assign(.zeros(model.decoder.weight.shape))
        let result = model.gradientImportance([S.examples[1]])[0]
        #expect(result.raw == [0, 0, 0] && result.total == 0 && result.isUniformFallback)
        #expect(result.normalized == [Float](repeating: Float(1) / 3, count: 3))
        #expect(model.gradientImportance([S.examples[1]], of: .hidden)[0].isUniformFallback)
    }

    /// States that are all zero (an LSTM of zero weights) have no direction to grow in: the
    /// zero subgradient of ‖h_p‖, so every row of eq. 5 is the uniform fallback.
    @Test func zeroStatesGiveUniformRows() {
        let model = S.model(.lstm)
        for (name, parameter) in model.parameters where name.hasPrefix("encoder.") {
            parameter.assign(.zeros(parameter.shape))
        }
        let rows = model.hiddenGradientImportance(S.examples[1])
        #expect(rows.allSatisfy { $0.isUniformFallback && $0.normalized.allSatisfy { $0 == Float(1) / 3 } })
    }

    /// A 1-token example: all the importance is its one token's.
    @Test(arguments: [ModelConfig.EncoderKind.lstm, .transformer])
    func oneToken(_ encoder: ModelConfig.EncoderKind) {
        let model = S.model(encoder)
        let example = S.example([7])
        #expect(model.gradientImportance([example])[0].normalized == [1])
        #expect(model.gradientImportance([example], of: .hidden)[0].normalized == [1])
        #expect(model.hiddenGradientImportance(example).map(\.normalized) == [[1]])
        #expect(model.inputTimesGradient([example])[0].count == 1)
    }
}
