import Autodiff

/// Where integrated gradients start: each real token's embedding replaced by the padding
/// token's (row 0 of the table), or by zeros. `<SOS>` and `<EOS>` keep theirs, so that only
/// the tokens are attributed. (sashell's models keep the padding row at zero, where the two agree.)
public enum IntegrationBaseline: String, CaseIterable, Sendable {
    case pad, zero
}

/// Integrated gradients of one example, with the completeness check that validates them.
public struct IntegratedGradients: Sendable {
    /// Each real token's attribution, signed: Σ_e (x − x′)_ie · ∫₀¹ ∂f/∂x_ie(x′ + α(x − x′)) dα.
    public let attributions: [Float]
    /// f(x) − f(x′), which the attributions sum to exactly in the limit of many steps.
    public let expected: Double

    /// Σ_i attributions_i.
    public var sum: Double { attributions.reduce(0) { $0 + Double($1) } }
    /// |sum − expected|: the integration error of the chosen number of steps.
    public var completenessError: Double { abs(sum - expected) }
}

extension Classifier {
    /// Integrated gradients (Sundararajan et al. 2017) of the output f with respect to each
    /// real token's embedding, from `baseline` to the example: the path integral by the
    /// trapezoidal rule with `steps` intervals (error O(1/steps²)), its `steps` + 1 points one
    /// batch through one forward and one backward pass. The path's two ends are in that batch
    /// too, so f(x) − f(x′) comes for free, for the completeness check.
    public func integratedGradients(_ example: Example, steps: Int = 50, baseline: IntegrationBaseline = .pad,
                                    output: ExplainedOutput = .probability) -> IntegratedGradients {
        precondition(steps >= 1, "integratedGradients: steps must be at least 1, got \(steps)")
        let one = Batch([example])
        let x = embed(one).value  // [1, T, E]
        let (length, features, n) = (one.width, x.lastDimension, example.length)
        let origin: [Float] = switch baseline {
        case .pad: Array(embedding.value.scalars[Int(Vocabulary.padding) * features..<(Int(Vocabulary.padding) + 1) * features])
        case .zero: [Float](repeating: 0, count: features)
        }
        // x − x′: zero at <SOS> and <EOS>, which the path leaves where they are.
        var difference = [Float](repeating: 0, count: length * features)
        for t in 1..<n + 1 {
            for e in 0..<features { difference[t * features + e] = x.scalars[t * features + e] - origin[e] }
        }
        let points = Tensor(shape: [steps + 1, length, features]) { out in
            for s in 0...steps {
                let alpha = Float(s) / Float(steps)
                for i in 0..<length * features {
                    out[s * length * features + i] = x.scalars[i] - (1 - alpha) * difference[i]
                }
            }
        }
        let path = Variable(points, requiresGrad: true)
        let logits = forward(Batch(Array(repeating: example, count: steps + 1)), embedded: path).logits
        let l = logits.value.scalars
        let seed = Tensor(shape: [steps + 1], scalars: (0...steps).map { s in
            (s == 0 || s == steps ? 0.5 : 1) / Float(steps) * output.derivative(l[s])
        })
        let gradient = logits.backward(seed: seed, wrt: [path])[0]  // Σ_s weight_s ∂f/∂x(point_s), per point
        let attributions = (0..<n).map { i -> Float in
            var total: Double = 0
            for s in 0...steps {
                for e in 0..<features {
                    let at = (i + 1) * features + e
                    total += Double(difference[at]) * Double(gradient.scalars[s * length * features + at])
                }
            }
            return Float(total)
        }
        return IntegratedGradients(attributions: attributions, expected: output.value(l[steps]) - output.value(l[0]))
    }
}
