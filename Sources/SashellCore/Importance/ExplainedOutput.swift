import Foundation

/// The output f of the classifier that an importance measure explains.
public enum ExplainedOutput: String, CaseIterable, Sendable {
    /// ŷ = σ(logit), P(label 1): the paper's f in eqs. 4 and 6.
    case probability
    /// The logit itself, before the sigmoid (no saturation: a confident prediction still has a gradient).
    case logit

    /// f for a logit, in double precision (leave-one-out subtracts two close values).
    func value(_ logit: Float) -> Double {
        switch self {
        case .probability: 1 / (1 + Foundation.exp(-Double(logit)))
        case .logit: Double(logit)
        }
    }

    /// df/dlogit, the seed of the backward pass from the logit.
    func derivative(_ logit: Float) -> Float {
        switch self {
        case .probability:
            let p = value(logit)
            return Float(p * (1 - p))
        case .logit: return 1
        }
    }
}

/// What an importance measure attributes the output to: each token's embedding X_i^(e) (the
/// paper's g_ŷ(x), D_ŷ(x)) or its intermediate representation h_i, the encoder's state that
/// attention weighs (g_ŷ(I), D_ŷ(I)).
public enum ImportanceTarget: String, CaseIterable, Sendable {
    case inputs, hidden
}
