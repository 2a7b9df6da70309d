import Autodiff
import Foundation
@testable import SashellCore
import TestSupport
import Testing

/// Integrated gradients (completeness) and attention rollout (against attention computed by
/// hand, and against a case worked out on paper).
@Suite struct ImportanceAttributionTests {
    typealias S = ImportanceSupport

    /// The attributions sum to f(x) − f(x′), up to the integration error, which falls as the
    /// steps grow (for a smooth model); f(x) and f(x′) are the model's own outputs at the path's ends.
    @Test(arguments: S.cases.indices)
    func integratedGradientsAreComplete(_ index: Int) {
        let (encoder, projection) = S.cases[index]
        let model = S.model(encoder, projection)
        let example = S.examples[0]
        for baseline in IntegrationBaseline.allCases {
            let coarse = model.integratedGradients(example, steps: 4, baseline: baseline, output: .logit)
            let fine = model.integratedGradients(example, steps: 200, baseline: baseline, output: .logit)
            let x = model.embed(Batch([example])).value
            var start = x
            for t in 1...example.length {
                for e in 0..<x.lastDimension { start.scalars[t * x.lastDimension + e] = 0 }  // the padding row is zero too
            }
            let expected = S.output(model, example, embedded: x, .logit) - S.output(model, example, embedded: start, .logit)
            #expect(abs(fine.expected - expected) < 1e-5 && fine.attributions.count == example.length)
            #expect(fine.completenessError <= 2e-3 * max(abs(expected), 0.1), "\(encoder) \(projection) \(baseline): \(fine.sum) vs \(expected)")
            if projection == .softmax {  // smooth: the trapezoid's error falls with the step (sparse projections have kinks)
                #expect(fine.completenessError <= coarse.completenessError, "\(fine.completenessError) vs \(coarse.completenessError)")
            }
        }
        let probability = model.integratedGradients(example, steps: 100)
        #expect(probability.completenessError <= 2e-3 * max(abs(probability.expected), 0.01), "\(probability)")
    }

    /// Along a path where f is linear in the embeddings (a single step), the trapezoid is exact
    /// and the attributions are (x − x′) · (∇f(x′) + ∇f(x)) / 2 summed per token.
    @Test func oneStepIsTheTrapezoid() {
        let model = S.model(.lstm)
        let example = S.examples[1]
        let ig = model.integratedGradients(example, steps: 1, output: .logit)
        let x = model.embed(Batch([example])).value
        var origin = x
        for t in 1...example.length { for e in 0..<x.lastDimension { origin.scalars[t * x.lastDimension + e] = 0 } }
        func gradient(_ at: Tensor) -> Tensor {
            let v = Variable(at, requiresGrad: true)
            model.forward(Batch([example]), embedded: v).logits.backward(seed: Tensor(shape: [1], scalars: [1]))
            return v.grad!
        }
        let (g0, g1, width) = (gradient(origin), gradient(x), x.lastDimension)
        let expected = (1...example.length).map { t in
            (0..<width).reduce(0.0) { total, e in
                let at = t * width + e
                return total + Double(x.scalars[at] - origin.scalars[at]) * Double(g0.scalars[at] + g1.scalars[at]) / 2
            }
        }
        #expect(S.close(ig.attributions.doubles, expected, absolute: 1e-6, relative: 1e-4), "\(ig.attributions) vs \(expected)")
    }

    // MARK: Rollout

    /// The maps' pass reproduces the encoder's output (so it cannot drift from it), and layer 1's
    /// map is softmax(Q Kᵀ/√d) of the first layer's input, computed here by hand.
    @Test(arguments: [false, true])
    func attentionMapsAreTheEncoders(_ preNorm: Bool) {
        let model = S.model(.transformer, preNorm: preNorm)
        let transformer = model.encoder as! TransformerEncoder
        let example = S.examples[0]
        let batch = Batch([example])
        let x = model.embed(batch)
        let (maps, output) = transformer.attentionMaps(x)
        expectClose(output.value.scalars, model.forward(batch).hidden.value.scalars, tolerance: 1e-5)
        #expect(maps.count == 2 && maps.allSatisfy { $0.shape == [8, 8] })

        let (T, d) = (batch.width, transformer.width)
        let positions = TransformerEncoder.positions(lengths: [T], width: d)
        // The embeddings are 5 wide: they pass through the input map to d first.
        var input = transformer.input!(x).value
        for i in input.scalars.indices { input.scalars[i] += positions.scalars[i] }
        if preNorm { input = transformer.layers[0].norm1(Variable(input)).value }
        let (w, b) = (transformer.layers[0].inputProjection.weight.value.scalars, transformer.layers[0].inputProjection.bias!.value.scalars)
        func project(_ t: Int, block: Int) -> [Double] {
            (0..<d).map { o in
                (0..<d).reduce(Double(b[block * d + o])) { $0 + Double(w[(block * d + o) * d + $1]) * Double(input.scalars[t * d + $1]) }
            }
        }
        for i in 0..<T {
            let q = project(i, block: 0)
            let scores = (0..<T).map { j in zip(q, project(j, block: 1)).reduce(0) { $0 + $1.0 * $1.1 } / Double(d).squareRoot() }
            let top = scores.max()!, exps = scores.map { Foundation.exp($0 - top) }, total = exps.reduce(0, +)
            #expect(S.close(Array(maps[0].scalars[i * T..<(i + 1) * T]).doubles, exps.map { $0 / total }, absolute: 1e-6, relative: 1e-4))
        }
    }

    /// With queries and keys of zero, every layer attends uniformly: Ã = ½ U + ½ I, and two
    /// layers make (½ U + ½ I)² = ¾ U + ¼ I. Token i's flow is then ¾ · Σα / T + ¼ α_i.
    @Test func rolloutOfUniformAttention() {
        let model = S.model(.transformer)
        let transformer = model.encoder as! TransformerEncoder
        let d = transformer.width
        for layer in transformer.layers {
            var (w, b) = (layer.inputProjection.weight.value, layer.inputProjection.bias!.value)
            for i in 0..<2 * d * d { w.scalars[i] = 0 }
            for i in 0..<2 * d { b.scalars[i] = 0 }
            layer.inputProjection.weight.assign(w)
            layer.inputProjection.bias!.assign(b)
        }
        let example = S.examples[0]
        let alpha = model.forward(Batch([example])).attention.value.scalars
        let T = example.ids.count
        let rollout = model.attentionRollout(example)
        let expected = (1...example.length).map { 0.75 / Double(T) + 0.25 * Double(alpha[$0]) }
        #expect(S.close(rollout.raw.doubles, expected, absolute: 1e-6, relative: 1e-5), "\(rollout.raw) vs \(expected)")
        #expect(abs(rollout.normalized.reduce(0, +) - 1) < 1e-5)
    }
}
