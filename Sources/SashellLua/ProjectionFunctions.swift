import Autodiff
import LuaBridge
import SashellCore

/// `sa.softmax`, `sa.sparsemax`, `sa.sparsegen`, `sa.entmax`, `sa.gumbel_softmax`, `sa.uniform`:
/// the projections onto the simplex, on a vector or row by row on a matrix (an array or a 1-D or
/// 2-D tensor). Each returns a tensor of the input's shape.
enum ProjectionFunctions {
    static let maskDoc = """
        With {mask=m}, an array or tensor of 0s and 1s of the input's shape, positions where m is 0 get \
        exactly 0 and the rest are projected among themselves; a row with no 1 is an error.
        """

    static var module: LuaModule {
        LuaModule("sa", doc: SashellLibrary.doc, functions: [
            .init("softmax", doc: """
                sa.softmax(v [, {mask=m}]) is exp(v) / sum(exp(v)): a dense distribution in which every \
                position gets some weight. \(maskDoc)
                """) { stack in
                try project(stack, .softmax, optionsAt: 2)
            },
            .init("sparsemax", doc: """
                sa.sparsemax(v [, {mask=m}]) is the Euclidean projection of v onto the simplex \
                (Martins & Astudillo 2016): like softmax, but low scores get exactly 0. For example, \
                sa.sparsemax{1, 0.5, -1} is {0.75, 0.25, 0}. \(maskDoc)
                """) { stack in
                try project(stack, .sparsemax, optionsAt: 2)
            },
            .init("sparsegen", doc: """
                sa.sparsegen(v, lambda [, {mask=m}]) is sparsegen-lin, sparsemax(v / (1 - lambda)) \
                (Laha et al., 2018): lambda < 1; 0 is sparsemax, larger values are sparser and \
                negative ones denser. \(maskDoc)
                """) { stack in
                try project(stack, .sparsegen(lambda: Float(try stack.argument(2, as: Double.self))), optionsAt: 3)
            },
            .init("entmax", doc: """
                sa.entmax(v, alpha [, {mask=m}]) is alpha-entmax (Peters et al., 2019), alpha >= 1: \
                1 is softmax, 2 is sparsemax, values in between are sparse but smoother than \
                sparsemax. \(maskDoc)
                """) { stack in
                try project(stack, .entmax(alpha: Float(try stack.argument(2, as: Double.self))), optionsAt: 3)
            },
            .init("gumbel_softmax", doc: """
                sa.gumbel_softmax(v, tau [, {seed=0, mask=m}]) is softmax((v + g) / tau) with Gumbel \
                noise g drawn from a generator seeded with seed (a non-negative integer; the same \
                seed gives the same result): tau > 0, and small tau approaches a one-hot sample. \
                \(maskDoc)
                """) { stack in
                let tau = Float(try stack.argument(2, as: Double.self))
                let options = try stack.options(3, [.integer("seed", default: 0), .tableOrObject("mask", LuaTensor.self)])
                return try project(stack, .gumbel(tau: tau, seed: try options.seed(optionsAt: 3)), optionsAt: 3, options: options)
            },
            .init("uniform", doc: """
                sa.uniform(v [, {mask=m}]) gives each position the same weight, 1/n, whatever the \
                scores: the baseline that ignores attention. \(maskDoc)
                """) { stack in
                try project(stack, .uniform, optionsAt: 2)
            },
        ])
    }

    /// Checks the scores at 1 and the options at `optionsAt` (read here unless the caller read
    /// them for options of its own), then pushes `projection` of the scores.
    private static func project(_ stack: LuaStack, _ projection: Projection, optionsAt position: Int32,
                                options: LuaOptions? = nil) throws -> Int32 {
        let scores = try stack.tensorArgument(1, ranks: 1...2)
        if let reason = projection.invalidReason {
            throw LuaArgumentError(argument: 2, problem: .invalid(reason))
        }
        if let bad = scores.scalars.firstIndex(where: { !$0.isFinite }) {
            throw LuaArgumentError(argument: 1, problem: .invalid("value \(bad + 1) is not finite"))
        }
        let options = try options ?? stack.options(position, [.tableOrObject("mask", LuaTensor.self)])
        var mask: Tensor?
        if options.push("mask") != .nil {
            defer { stack.pop() }
            let given: Tensor
            do {
                given = try stack.tensor(at: -1, ranks: 1...2)
            } catch {
                throw LuaArgumentError(argument: position, problem: .invalid("mask: \(error)"))
            }
            guard given.shape == scores.shape, given.scalars.allSatisfy({ $0 == 0 || $0 == 1 }) else {
                throw LuaArgumentError(argument: position, problem: .invalid("mask must hold 0s and 1s in the shape of the input, \(scores.shape)"))
            }
            guard !hasFullyMaskedRow(given) else {
                throw LuaArgumentError(argument: position, problem: .invalid("mask leaves a row with no position to attend to"))
            }
            mask = given
        }
        stack.push(LuaTensor(projection(Variable(scores), mask: mask).value))
        return 1
    }
}
