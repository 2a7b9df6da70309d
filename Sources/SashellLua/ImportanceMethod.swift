import Autodiff
import LuaBridge
import SashellCore

/// One method of `sa.fi`: its options and docstring, and what it computes for examples of a
/// model. `sa.fi.<name>(m, ex, opts)` runs it on one example; `sa.fi.over` on a split, cached.
struct ImportanceMethod: Sendable {
    let name: String
    let doc: String
    let options: [LuaOption]
    /// How many examples one computation takes at once (the gradients batch theirs).
    let batch: Int
    /// Checks the options (argument `argument`) for model `m` and returns the computation.
    let prepare: @Sendable (_ options: LuaOptions, _ argument: Int32, _ m: LuaModel) throws -> Computation

    /// What a method computes, once its options are read.
    struct Computation {
        /// The options that determine the results, canonically, for the cache's key.
        let key: String
        let run: ([Example]) -> [Result]
    }

    /// One example's result: a tensor over its real tokens, and what the method reports besides.
    struct Result {
        let tensor: Tensor
        /// The second result in Lua: the normaliser, or integrated gradients' completeness check.
        let extra: (any LuaPushable)?
    }

    /// `sa.fi.<name>(m, ex [, opts])`: the first result and, if the method has one, the second.
    var function: LuaModule.Function {
        .init(name, doc: doc) { stack in
            let m = try stack.argument(1, as: LuaModel.self)
            let example = try m.example(stack, at: 2)
            let result = try prepare(stack.options(3, options), 3, m).run([example])[0]
            stack.push(LuaTensor(result.tensor))
            guard let extra = result.extra else { return 1 }
            extra.push(onto: stack)
            return 2
        }
    }

    static let all = [gradient, hidden, leaveOneOut, inputTimesGradient, integratedGradients, rollout]

    static func named(_ name: String) -> ImportanceMethod? { all.first { $0.name == name } }

    // MARK: The methods

    static let gradient = ImportanceMethod(name: "gradient", doc: """
        sa.fi.gradient(m, ex [, {of="inputs", output="probability", normalize=true}]) is the paper's \
        eq. 4, g(x_i) = ||df/dX_i|| / sum_k ||df/dX_k||: the L2 norm of the gradient of the output f \
        with respect to each token's embedding, over the tokens of ex (an example, a text or an \
        array of words) as m:forward(ex).attention is. output="probability" (f = P(label 1), as the \
        paper) or "logit"; of="hidden" differentiates with respect to the intermediate \
        representations h_i instead (the paper's g(I)); normalize=false gives the norms themselves. \
        The second result is the normaliser sum_k ||df/dX_k||; when it is 0 (no token moves the \
        output) the importance is uniform, 1/n each. No weight gradient is formed or changed.
        """, options: targetOptions + outputOptions + normalizeOption, batch: 32) { options, _, m in
        let (target, output, normalize) = (target(options), output(options), normalize(options))
        return Computation(key: "of=\(target.rawValue) output=\(output.rawValue) normalize=\(normalize)") { examples in
            m.model.gradientImportance(examples, of: target, output: output).map { result($0, normalize: normalize) }
        }
    }

    static let hidden = ImportanceMethod(name: "hidden", doc: """
        sa.fi.hidden(m, ex [, {normalize=true}]) is the paper's eq. 5: the n x n tensor whose row p \
        is g_{h_p}(x), the importance of each token's embedding X_i for the magnitude of the \
        intermediate representation h_p, ||d||h_p||/dX_i|| normalised over i. All n rows come from \
        one forward and one batched backward pass. The second result is the tensor of each row's \
        normaliser; a row whose normaliser is 0 (h_p = 0) is uniform.
        """, options: normalizeOption, batch: 1) { options, _, m in
        let normalize = normalize(options)
        return Computation(key: "normalize=\(normalize)") { examples in
            examples.map { example in
                let rows = m.model.hiddenGradientImportance(example)
                let n = rows.count
                return Result(tensor: Tensor(shape: [n, n], scalars: rows.flatMap { normalize ? $0.normalized : $0.raw }),
                              extra: LuaTensor(Tensor(shape: [n], scalars: rows.map { Float($0.total) })))
            }
        }
    }

    static let leaveOneOut = ImportanceMethod(name: "loo", doc: """
        sa.fi.loo(m, ex [, {of="inputs", output="probability", normalize=true}]) is the paper's eq. 6, \
        leave-one-out: D(x_i) = |f(x) - f(x without i)| / sum_k |f(x) - f(x without k)|, token i \
        deleted (the sequence one shorter, as Jain & Wallace do). of="hidden" removes h_i from the \
        attention instead, the projection renormalised over the other positions (the paper's D(I)). \
        All n variants run as one batch. The second result is the normaliser; when it is 0 (no \
        deletion changes the output) the importance is uniform. A 1-token example deletes to an \
        empty one, whose output is the decoder's bias alone.
        """, options: targetOptions + outputOptions + normalizeOption, batch: 1) { options, _, m in
        let (target, output, normalize) = (target(options), output(options), normalize(options))
        return Computation(key: "of=\(target.rawValue) output=\(output.rawValue) normalize=\(normalize)") { examples in
            examples.map { result(m.model.leaveOneOut($0, of: target, output: output), normalize: normalize) }
        }
    }

    static let inputTimesGradient = ImportanceMethod(name: "input_x_gradient", doc: """
        sa.fi.input_x_gradient(m, ex [, {output="probability"}]) is input x gradient: for each token, \
        its embedding dotted with the gradient of the output with respect to it, sum_e X_ie df/dX_ie. \
        Signed and not normalised, as attribution toolkits give it.
        """, options: outputOptions, batch: 32) { options, _, m in
        let output = output(options)
        return Computation(key: "output=\(output.rawValue)") { examples in
            m.model.inputTimesGradient(examples, output: output).map { Result(tensor: Tensor(shape: [$0.count], scalars: $0), extra: nil) }
        }
    }

    static let integratedGradients = ImportanceMethod(name: "integrated_gradients", doc: """
        sa.fi.integrated_gradients(m, ex [, {steps=50, baseline="pad", output="probability"}]) is \
        integrated gradients (Sundararajan et al. 2017): each token's (X_i - X'_i) . integral of the \
        gradient along the straight path from the baseline X' (every token's embedding replaced by \
        the padding token's, or by zeros with baseline="zero"; <SOS> and <EOS> kept) to the example, \
        by the trapezoidal rule over steps intervals, all in one batch. Signed, not normalised. The \
        second result is the completeness check {sum=, expected=, error=}: the attributions' sum, \
        f(x) - f(x'), and the difference, which more steps make smaller.
        """, options: [.integer("steps", default: 50), .string("baseline", oneOf: IntegrationBaseline.allCases.map(\.rawValue), default: "pad")]
            + outputOptions, batch: 1) { options, argument, m in
        let steps: Int = options.value("steps")!
        guard (1...10_000).contains(steps) else {
            throw LuaArgumentError(argument: argument, problem: .invalid("option 'steps' must be in 1...10000, got \(steps)"))
        }
        let (baseline, output) = (IntegrationBaseline(rawValue: options.value("baseline")!)!, output(options))
        return Computation(key: "steps=\(steps) baseline=\(baseline.rawValue) output=\(output.rawValue)") { examples in
            examples.map { example in
                let ig = m.model.integratedGradients(example, steps: steps, baseline: baseline, output: output)
                return Result(tensor: Tensor(shape: [ig.attributions.count], scalars: ig.attributions),
                              extra: LuaRecord([("sum", ig.sum), ("expected", ig.expected), ("error", ig.completenessError)]))
            }
        }
    }

    static let rollout = ImportanceMethod(name: "rollout", doc: """
        sa.fi.rollout(m, ex [, {normalize=true}]) is attention rollout (Abnar & Zuidema 2020) for a \
        Transformer encoder: each layer's self-attention with the residual counted as half, \
        0.5 A + 0.5 I, multiplied through the layers, and read through the classifier's own attention \
        alpha: token i's importance is sum_p alpha_p R[p, i]. The second result is the flow that \
        reaches the real tokens (the rest goes to <SOS> and <EOS>); normalize=true rescales it to sum 1.
        """, options: normalizeOption, batch: 1) { options, _, m in
        guard m.model.config.encoder == .transformer else {
            throw LuaArgumentError(argument: 1, problem: .invalid("attention rollout needs a Transformer encoder, this model's is a BiLSTM"))
        }
        let normalize = normalize(options)
        return Computation(key: "normalize=\(normalize)") { examples in
            examples.map { result(m.model.attentionRollout($0), normalize: normalize) }
        }
    }

    // MARK: Shared options

    static let targetOptions: [LuaOption] = [.string("of", oneOf: ImportanceTarget.allCases.map(\.rawValue), default: "inputs")]
    static let outputOptions: [LuaOption] = [.string("output", oneOf: ExplainedOutput.allCases.map(\.rawValue), default: "probability")]
    static let normalizeOption: [LuaOption] = [.boolean("normalize", default: true)]

    static func target(_ options: LuaOptions) -> ImportanceTarget { ImportanceTarget(rawValue: options.value("of")!)! }
    static func output(_ options: LuaOptions) -> ExplainedOutput { ExplainedOutput(rawValue: options.value("output")!)! }
    static func normalize(_ options: LuaOptions) -> Bool { options.value("normalize")! }

    /// A normalised (or raw) importance, with its normaliser as the second result.
    static func result(_ importance: Importance, normalize: Bool) -> Result {
        let values = normalize ? importance.normalized : importance.raw
        return Result(tensor: Tensor(shape: [values.count], scalars: values), extra: importance.total)
    }
}
