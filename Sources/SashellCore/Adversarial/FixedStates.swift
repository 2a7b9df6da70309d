import Autodiff
import Foundation

/// One example as the model encodes it, for the experiments that change attention while the
/// intermediate representations stay fixed (Jain & Wallace §4): the states h_i of its real
/// tokens, the model's attention over them and its prediction.
public struct FixedStates: Sendable {
    /// [n, H]: h_i of the n real tokens (`<SOS>` and `<EOS>` left out, as attention leaves them).
    public let states: Tensor
    /// [n]: the model's attention α over them.
    public let attention: Tensor
    /// ŷ = P(label 1), as the model predicts it.
    public let probability: Double

    public var count: Int { states.shape[0] }
}

extension Classifier {
    /// The states, attention and prediction of `example` (which must hold a token).
    public func fixedStates(of example: Example) -> FixedStates {
        precondition(example.length > 0, "fixedStates: the example has no tokens")
        let output = inference(Batch([example]))
        let (n, width) = (example.length, config.stateWidth)
        let states = Array(output.hidden.value.scalars[width..<(n + 1) * width])
        let logit = Double(output.logits.value.scalars[0])
        return FixedStates(states: Tensor(shape: [n, width], scalars: states),
                           attention: Tensor(shape: [n], scalars: Array(output.attention.value.scalars[1...n])),
                           probability: 1 / (1 + Foundation.exp(-logit)))
    }

    /// The logits [R] of R attention distributions `attention` ([R, n]) over one example's
    /// `states` ([n, H]): each row's context Σ_i α_i h_i through the decoder. This is the model's
    /// own decoding of a context (`forward` computes the same sum over the padded sequence), with
    /// the attention given rather than computed; differentiable in the attention.
    public func decode(attention: Variable, over states: Variable) -> Variable {
        precondition(attention.value.rank == 2 && states.value.rank == 2 && attention.shape[1] == states.shape[0]
                     && states.shape[1] == config.stateWidth,
                     "decode(attention:over:): attention [R, n] over states [n, \(config.stateWidth)], got \(attention.shape) and \(states.shape)")
        return decode(matmul(attention, states))
    }
}
