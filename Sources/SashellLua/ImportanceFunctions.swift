import Autodiff
import LuaBridge
import RunStore
import SashellCore

/// `sa.fi`: feature importance — the paper's gradients (eqs. 4 and 5) and leave-one-out (eq. 6)
/// on inputs and intermediate representations, the attributions researchers compare them with,
/// and `sa.fi.over` to run any of them over a split, cached in the run store.
enum ImportanceFunctions {
    static var module: LuaModule {
        LuaModule("sa", doc: SashellLibrary.doc, submodules: [
            LuaModule("fi", doc: """
                sa.fi: feature importance over an example's tokens, aligned with \
                m:forward(ex).attention (no <SOS>, <EOS> or padding), so that any two can be \
                correlated directly. gradient (eq. 4, and of="hidden"), hidden (eq. 5, the n x n \
                matrix), loo (eq. 6, and of="hidden"), input_x_gradient, integrated_gradients, \
                rollout (Transformers), and over to run one over a split.
                """, functions: ImportanceMethod.all.map(\.function) + [over()]),
        ])
    }

    static let overDoc = """
        sa.fi.over(m, split, fn [, {limit=, seed=0, cache=true, ...}]) runs fn over the examples of \
        split (a seeded sample of limit of them, in the split's order, when limit is given) with a \
        progress bar, and returns two arrays: the results, and the examples they are of. fn is one \
        of sa.fi's methods (sa.fi.gradient, or its name "gradient"), whose options go in the same \
        table (sa.fi.over(m, ds.test, sa.fi.loo, {of="hidden", limit=500})), or any function \
        fn(m, ex). The gradients go 32 examples to a batch. Ctrl-C stops it with an error. For a \
        model of sa.train, a method's results are kept in the run store and a second call with \
        the same method, options and examples reads them back (cache=false computes afresh); \
        m:fit ends that, as the weights are no longer the run's.
        """

    /// `sa.fi.over`, stopping with "interrupted!" when `shouldStop` (Ctrl-C, by default).
    static func over(shouldStop: @escaping () -> Bool = { Interrupt.isRequested }) -> LuaModule.Function {
        .init("over", doc: overDoc) { stack in
            let m = try stack.argument(1, as: LuaModel.self)
            let split = try m.split(stack, at: 2)
            let method = try self.method(at: 3, stack)
            let options = try stack.options(4, [.integer("limit"), .integer("seed", default: 0), .boolean("cache", default: true)]
                                            + (method?.options ?? []))
            let examples = try sample(split, options, argument: 4)
            if let method {
                let computation = try method.prepare(options, 4, m)
                let tensors = try results(of: method, computation, for: examples, m, cache: options.value("cache")!,
                                          shouldStop: shouldStop)
                stack.push(tensors.map(LuaTensor.init))
            } else {
                try call(functionAt: 3, m, on: examples, stack, shouldStop: shouldStop)
            }
            stack.push(examples.map { LuaExample($0, vocabulary: m.vocabulary) })
            return 2
        }
    }

    /// The method that argument `position` names or is; nil for any other function.
    private static func method(at position: Int32, _ stack: LuaStack) throws -> ImportanceMethod? {
        switch stack.type(at: position) {
        case .string:
            let name = stack.value(at: position, as: String.self)!
            guard let method = ImportanceMethod.named(name) else {
                let names = ImportanceMethod.all.map { "'\($0.name)'" }.joined(separator: ", ")
                throw LuaArgumentError(argument: position, problem: .invalid("sa.fi has no method '\(name)' (methods: \(names))"))
            }
            return method
        case .function:
            return methodFunction(at: position, stack)
        default:
            throw LuaArgumentError(argument: position, problem: .wrongType(expected: "function or string"))
        }
    }

    /// The method whose function (as registered in package.loaded["sa.fi"], which survives a
    /// reassigned global `sa`) is the one at `position`.
    private static func methodFunction(at position: Int32, _ stack: LuaStack) -> ImportanceMethod? {
        let (position, top) = (stack.absoluteIndex(position), stack.top)
        defer { stack.setTop(top) }
        guard let identity = stack.identity(at: position), stack.getGlobal("package") == .table,
              stack.rawGet(tableAt: -1, field: "loaded") == .table, stack.rawGet(tableAt: -1, field: "sa.fi") == .table
        else { return nil }
        return ImportanceMethod.all.first { method in
            defer { stack.pop() }
            return stack.rawGet(tableAt: -1, field: method.name) == .function && stack.identity(at: -1) == identity
        }
    }

    /// The examples `over` visits: all of `split`, or a seeded sample of `limit`, in split order.
    private static func sample(_ split: Split, _ options: LuaOptions, argument: Int32) throws -> [Example] {
        let seed = try options.seed(optionsAt: argument)
        guard let limit = options.value("limit", as: Int.self) else { return split.examples }
        guard limit >= 1 else {
            throw LuaArgumentError(argument: argument, problem: .invalid("option 'limit' must be at least 1, got \(limit)"))
        }
        return limit < split.count ? try split.sample(limit, seed: seed).examples : split.examples
    }

    /// The method's results for the examples: from the run store when the model is a run's and
    /// they are there, else computed (and stored, for a run's model).
    private static func results(of method: ImportanceMethod, _ computation: ImportanceMethod.Computation,
                                for examples: [Example], _ m: LuaModel, cache: Bool,
                                shouldStop: () -> Bool) throws -> [Tensor] {
        let run = cache ? m.run : nil
        let key = ImportanceCache.key(method: method.name, options: computation.key, examples: examples)
        if let run, let stored = try RunFunctions.storeErrors(prefix: "sa.fi.over: ", { try ImportanceCache.load(run, key: key) }), stored.count == examples.count {
            ModelTraining.report("sa.fi.over: reusing \(method.name) of run \(run.id) (\(examples.count) examples)")
            return stored
        }
        let tensors = try compute(computation, batch: method.batch, for: examples, label: "sa.fi.\(method.name)",
                                  shouldStop: shouldStop)
        if let run { try RunFunctions.storeErrors(prefix: "sa.fi.over: ") { try ImportanceCache.save(tensors, run, key: key) } }
        return tensors
    }

    /// Runs `computation` over the examples, `batch` at a time (of similar lengths, to pad
    /// least), with a progress bar; throws `Interrupted` at the first batch after `shouldStop`.
    private static func compute(_ computation: ImportanceMethod.Computation, batch: Int, for examples: [Example],
                                label: String, shouldStop: () -> Bool) throws -> [Tensor] {
        let meter = ProgressMeter(total: examples.count, label: label)
        defer { meter.finish() }
        let order = batch == 1 ? Array(examples.indices)
            : examples.indices.sorted { (examples[$0].ids.count, $0) < (examples[$1].ids.count, $1) }
        var tensors = [Tensor?](repeating: nil, count: examples.count)
        for start in stride(from: 0, to: order.count, by: batch) {
            if shouldStop() { throw Interrupted() }
            let chunk = order[start..<min(start + batch, order.count)]
            for (i, result) in zip(chunk, computation.run(chunk.map { examples[$0] })) { tensors[i] = result.tensor }
            meter.advance(by: chunk.count)
        }
        return tensors.map { $0! }
    }

    /// Calls the Lua function at `position` as fn(m, ex) for each example, with a progress bar,
    /// and pushes the array of its (first) results.
    private static func call(functionAt position: Int32, _ m: LuaModel, on examples: [Example], _ stack: LuaStack,
                             shouldStop: () -> Bool) throws {
        let (function, model) = (stack.absoluteIndex(position), stack.absoluteIndex(1))
        let meter = ProgressMeter(total: examples.count, label: "sa.fi.over")
        defer { meter.finish() }
        stack.newTable(arrayCount: Int32(clamping: examples.count))
        for (i, example) in examples.enumerated() {
            if shouldStop() { throw Interrupted() }
            stack.pushCopy(of: function)
            stack.pushCopy(of: model)
            stack.push(LuaExample(example, vocabulary: m.vocabulary))
            try stack.call(arguments: 2, results: 1)
            stack.rawSet(tableAt: -2, index: i + 1)
            meter.advance()
        }
    }

    /// `body`, with a run store's errors as script errors.
}
