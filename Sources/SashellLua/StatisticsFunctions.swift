import LuaBridge
import SashellCore

/// `sa.entropy`, `sa.kendall`, `sa.spearman`, `sa.pearson`, `sa.jsd`, `sa.kl`, `sa.tvd`: the
/// measures of the paper on vectors (Lua arrays of numbers or 1-D tensors).
enum StatisticsFunctions {
    static var module: LuaModule {
        LuaModule("sa", doc: SashellLibrary.doc, functions: [
            .init("entropy", doc: """
                sa.entropy(p [, {normalized=true, base=e, normalize_input=false}]) is the Shannon \
                entropy of the distribution p. Normalized, it is divided by log #p (zeros included), \
                so it lies in [0, 1] whatever the length, as in the paper; otherwise it is in nats, or \
                in the given base. With normalize_input, p may be any non-negative weights and is \
                divided by its sum first; otherwise it must sum to 1.
                """) { stack in
                let p = try stack.vectorArgument(1)
                let options = try stack.options(2, [.boolean("normalized", default: true), .number("base"),
                                                    .boolean("normalize_input", default: false)])
                stack.push(try measure("entropy") {
                    try entropy(p, normalized: options.value("normalized")!, base: options.value("base"),
                                normalizeInput: options.value("normalize_input")!)
                })
                return 1
            },
            .init("kendall", doc: """
                sa.kendall(a, b [, {variant="b", k=n}]) is Kendall's rank correlation tau of a and b \
                and its two-sided p-value, as two results. Tau-b (the default) corrects for ties, \
                tau-a does not; with k, only the k positions ranked highest by a count, as when \
                comparing the top of an attention distribution with feature importance.
                """) { stack in
                let (a, b) = (try stack.vectorArgument(1), try stack.vectorArgument(2))
                let options = try stack.options(3, [.string("variant", oneOf: ["a", "b"], default: "b"), .integer("k")])
                let variant = KendallVariant(rawValue: options.value("variant")!)!
                let k: Int? = options.value("k")
                return push(try measure("kendall") { try kendall(a, b, variant: variant, topK: k) }, onto: stack)
            },
            .init("spearman", doc: """
                sa.spearman(a, b) is Spearman's rank correlation rho of a and b (Pearson's r of their \
                ranks, ties given their average rank) and its two-sided p-value, as two results.
                """) { stack in
                let (a, b) = (try stack.vectorArgument(1), try stack.vectorArgument(2))
                return push(try measure("spearman") { try spearman(a, b) }, onto: stack)
            },
            .init("pearson", doc: """
                sa.pearson(a, b) is Pearson's linear correlation r of a and b and its two-sided \
                p-value, as two results.
                """) { stack in
                let (a, b) = (try stack.vectorArgument(1), try stack.vectorArgument(2))
                return push(try measure("pearson") { try pearson(a, b) }, onto: stack)
            },
            .init("jsd", doc: """
                sa.jsd(p, q) is the Jensen-Shannon divergence of distributions p and q, in nats: \
                symmetric, finite even where one of them is 0 (so it compares sparse distributions), \
                at most log 2.
                """) { stack in
                let (p, q) = (try stack.vectorArgument(1), try stack.vectorArgument(2))
                stack.push(try measure("jsd") { try jensenShannon(p, q) })
                return 1
            },
            .init("kl", doc: """
                sa.kl(p, q) is the Kullback-Leibler divergence of q from p, in nats: math.huge where q \
                is 0 and p is not, as it is against a sparse distribution (use sa.jsd there).
                """) { stack in
                let (p, q) = (try stack.vectorArgument(1), try stack.vectorArgument(2))
                stack.push(try measure("kl") { try kullbackLeibler(p, q) })
                return 1
            },
            .init("tvd", doc: """
                sa.tvd(p, q) is the total variation distance of distributions p and q, half the sum \
                of their absolute differences: in [0, 1].
                """) { stack in
                let (p, q) = (try stack.vectorArgument(1), try stack.vectorArgument(2))
                stack.push(try measure("tvd") { try totalVariation(p, q) })
                return 1
            },
        ])
    }

    /// Pushes a correlation as Lua's two results, the statistic and its p-value.
    private static func push(_ correlation: Correlation, onto stack: LuaStack) -> Int32 {
        stack.push(correlation.statistic)
        stack.push(correlation.pValue)
        return 2
    }

    /// `compute`'s result; a MetricsError becomes an error naming the Lua function, as
    /// "kendall: inputs differ in length (3 and 4)".
    static func measure<Result>(_ name: String, _ compute: () throws -> Result) throws -> Result {
        do {
            return try compute()
        } catch let error as MetricsError {
            // Option errors already start with the measure's name.
            if case .invalidOption(let why) = error { throw ScriptError(why) }
            throw ScriptError("\(name): \(error)")
        }
    }
}
