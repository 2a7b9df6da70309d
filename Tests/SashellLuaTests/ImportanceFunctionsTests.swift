import Autodiff
import Foundation
import LuaBridge
@testable import SashellLua
import SashellCore
import TestSupport
import Testing

/// sa.fi from Lua: every method's shape and alignment with the attention, checks against what
/// the rest of the API computes independently, sa.fi.over with its cache, and the errors.
@Suite struct ImportanceFunctionsTests {
    let scratch: ScratchDirectory
    let lua: LuaSession

    init() throws {
        (scratch, lua) = try toyTaskSession()
        try lua.run("""
            lstm = sa.model{dataset=ds, embedding=8, hidden=6, seed=1, projection='sparsemax'}
            transformer = sa.model{dataset=ds, encoder='transformer', attention='dot', embedding=8, hidden=8, ffn=16, seed=2}
            function close(a, b, tolerance) return math.abs(a - b) <= (tolerance or 1e-5) end
            """)
    }

    /// Every method gives one value per token, aligned with the attention; the normalised ones
    /// sum to 1, and normalize=false gives the raw values whose sum is the second result.
    @Test(arguments: ["lstm", "transformer"])
    func everyMethodIsAlignedWithTheAttention(_ model: String) throws {
        try lua.run("""
            local m = \(model)
            for _, ex in ipairs({ds.test[1], ds.test[2], 'the plot was good'}) do
                local n = #m:forward(ex).attention
                for _, options in ipairs({{}, {of='hidden'}, {output='logit'}}) do
                    for _, method in ipairs({sa.fi.gradient, sa.fi.loo}) do
                        local fi, total = method(m, ex, options)
                        assert(#fi == n and fi:shape()[1] == n and close(fi:sum(), 1) and total > 0)
                        options.normalize = false
                        local raw, again = method(m, ex, options)
                        options.normalize = nil
                        assert(close(raw:sum(), total) and again == total)
                    end
                end
                local matrix, totals = sa.fi.hidden(m, ex)
                assert(matrix:shape()[1] == n and matrix:shape()[2] == n and #totals == n)
                for p = 1, n do assert(close(matrix[p]:sum(), 1)) end
                assert(#sa.fi.input_x_gradient(m, ex) == n)
                local ig, check = sa.fi.integrated_gradients(m, ex, {steps=64})
                assert(#ig == n and close(ig:sum(), check.sum), check.sum)
                assert(check.error < 1e-2 * math.max(math.abs(check.expected), 0.01), check.error .. ' ' .. check.expected)
            end
            """)
    }

    /// Leave-one-out against predictions of the example with each word deleted, through m:predict.
    @Test(arguments: ["lstm", "transformer"])
    func leaveOneOutIsWhatDeletingChanges(_ model: String) throws {
        try lua.run("""
            local m, ex = \(model), ds.test[3]
            local p = m:predict(ex)
            local raw = sa.fi.loo(m, ex, {normalize=false})
            for i = 1, #ex do
                local words = {}
                for j, word in ipairs(ex.tokens) do if j ~= i then words[#words + 1] = word end end
                assert(close(raw[i], math.abs(p - m:predict(words)), 1e-6), i)
            end
            """)
    }

    @Test func rolloutOfATransformer() throws {
        try lua.run("""
            local r, flow = sa.fi.rollout(transformer, ds.test[1])
            assert(#r == #ds.test[1] and close(r:sum(), 1) and flow > 0 and flow < 1)
            assert(close(sa.fi.rollout(transformer, ds.test[1], {normalize=false}):sum(), flow))
            """)
        #expect(lua.error("sa.fi.rollout(lstm, ds.test[1])")?.contains("attention rollout needs a Transformer encoder, this model's is a BiLSTM") == true)
    }

    /// A 1-token input: all the importance is its one token's, for every method.
    @Test func oneToken() throws {
        try lua.run("""
            for _, m in ipairs({lstm, transformer}) do
                assert(sa.fi.gradient(m, 'good')[1] == 1 and sa.fi.loo(m, 'good')[1] == 1)
                assert(sa.fi.loo(m, 'good', {of='hidden'})[1] == 1 and sa.fi.hidden(m, 'good')[1][1] == 1)
            end
            """)
    }

    @Test func overRunsAMethodOnASampleOrTheWholeSplit() throws {
        try lua.run("""
            local results, examples = sa.fi.over(lstm, ds.test, sa.fi.loo, {of='hidden', limit=5, seed=3})
            assert(#results == 5 and #examples == 5)
            for i = 1, 5 do
                local alone = sa.fi.loo(lstm, examples[i], {of='hidden'})
                assert(#results[i] == #examples[i])
                for j = 1, #alone do assert(close(results[i][j], alone[j])) end
            end
            -- The same seed picks the same examples; a method may be named; limit past the end is all.
            local again, same = sa.fi.over(lstm, ds.test, 'loo', {of='hidden', limit=5, seed=3})
            for i = 1, 5 do assert(same[i].id == examples[i].id and again[i] == results[i]) end
            local all = sa.fi.over(lstm, ds.test, sa.fi.gradient, {limit=1000})
            assert(#all == #ds.test)
            -- Batched gradients agree with one example at a time.
            for i = 1, #ds.test do
                local alone = sa.fi.gradient(lstm, ds.test[i])
                for j = 1, #alone do assert(close(all[i][j], alone[j])) end
            end
            -- Any function of (m, ex).
            local lengths, visited = sa.fi.over(transformer, ds.test, function(m, ex) return #m:forward(ex).attention end, {limit=4})
            for i = 1, 4 do assert(lengths[i] == #visited[i]) end
            """)
    }

    /// A model of sa.train keeps its results in the run store: the second call reads what the
    /// first stored (here replaced by markers, to see them come back), cache=false and m:fit do not.
    @Test func overCachesTheResultsOfARunsModel() throws {
        try lua.run("""
            m, run = sa.train{dataset=ds, model={embedding=8, hidden=6, seed=1}, fit={epochs=1, lr=1e-2}, results=[[\(scratch.path)/results]]}
            first = sa.fi.over(m, ds.test, sa.fi.gradient, {limit=3})
            """)
        _ = lua.lua.stack.getGlobal("m")
        let run = try #require(lua.lua.stack.value(at: -1, as: LuaModel.self)?.run)
        lua.lua.stack.pop()
        let id = try lua.evaluate("run.id")
        #expect(run.store == scratch.path + "/results/runs/sashell.db" && id == "\(run.id)")
        let sample = try luaExamples("select(2, sa.fi.over(m, ds.test, function() return 0 end, {limit=3}))")
        let key = ImportanceCache.key(method: "gradient", options: "of=inputs output=probability normalize=true", examples: sample)
        #expect(try ImportanceCache.load(run, key: key)?.count == 3)
        let markers = sample.map { Tensor(repeating: 7, shape: [$0.length]) }
        try ImportanceCache.save(markers, run, key: key)
        try lua.run("""
            local cached = sa.fi.over(m, ds.test, sa.fi.gradient, {limit=3})
            assert(cached[1][1] == 7 and cached[3][1] == 7)
            local fresh = sa.fi.over(m, ds.test, sa.fi.gradient, {limit=3, cache=false})
            assert(fresh[1][1] == first[1][1])
            -- Other options are another result.
            assert(sa.fi.over(m, ds.test, sa.fi.gradient, {limit=3, output='logit'})[1][1] ~= 7)
            m:fit(ds, {epochs=1, lr=1e-2})
            assert(sa.fi.over(m, ds.test, sa.fi.gradient, {limit=3})[1][1] ~= 7)
            """)
    }

    /// Ctrl-C (here a stop requested after two batches) ends sa.fi.over with "interrupted!".
    @Test func overStopsWhenInterrupted() throws {
        var polls = 0
        lua.lua.stack.push(function: ImportanceFunctions.over(shouldStop: {
            polls += 1
            return polls > 2
        }).function)
        lua.lua.stack.setGlobal("stopping_over")
        for fn in ["sa.fi.hidden", "function(m, ex) return 1 end"] {
            polls = 0
            let error = try #require(lua.error("stopping_over(lstm, ds.test, \(fn))"))
            #expect(error.contains("interrupted!") && polls == 3, "\(error)")
        }
    }

    @Test(arguments: [
        ("sa.fi.gradient(3, ds.test[1])", "bad argument #1 to 'gradient' (model expected, got number)"),
        ("sa.fi.gradient(lstm, 3)", "example, string or table expected, got number"),
        ("sa.fi.gradient(lstm, '')", "the input has no tokens"),
        ("sa.fi.gradient(lstm, ds.test[1], {off='hidden'})", "unknown option 'off' (did you mean 'of'?)"),
        ("sa.fi.loo(lstm, ds.test[1], {of='states'})", "option 'of' must be 'inputs' or 'hidden', got 'states'"),
        ("sa.fi.loo(lstm, ds.test[1], {output='p'})", "option 'output' must be 'probability' or 'logit', got 'p'"),
        ("sa.fi.hidden(lstm, ds.test[1], {normalize=1})", "option 'normalize' must be a boolean, got number"),
        ("sa.fi.integrated_gradients(lstm, ds.test[1], {steps=0})", "option 'steps' must be in 1...10000, got 0"),
        ("sa.fi.integrated_gradients(lstm, ds.test[1], {baseline='unk'})", "option 'baseline' must be 'pad' or 'zero', got 'unk'"),
        ("sa.fi.over(lstm, ds.test, 'saliency')", "sa.fi has no method 'saliency' (methods: 'gradient', 'hidden', 'loo'"),
        ("sa.fi.over(lstm, ds.test, 3)", "bad argument #3 to 'over' (function or string expected, got number)"),
        ("sa.fi.over(lstm, ds.test, sa.fi.loo, {limit=0})", "option 'limit' must be at least 1, got 0"),
        ("sa.fi.over(lstm, ds.test, sa.fi.loo, {steps=3})", "unknown option 'steps'"),
        ("sa.fi.over(lstm, ds.test, function() end, {of='hidden'})", "unknown option 'of'"),
        ("sa.fi.over(lstm, ds.test[1], sa.fi.loo)", "bad argument #2 to 'over' (split expected, got example)"),
        ("sa.fi.over(lstm, ds.test, sa.fi.loo, {seed=-1})", "option 'seed' must be non-negative, got -1"),
    ])
    func errors(code: String, message: String) throws {
        let error = try #require(lua.error("local x = \(code)"), "\(code)")
        #expect(error.contains(message), "\(code): \(error)")
    }

    @Test func everyFunctionIsDocumented() throws {
        let module = try lua.help("sa.fi")
        for name in ["gradient", "hidden", "loo", "input_x_gradient", "integrated_gradients", "rollout", "over"] {
            #expect(module.contains(name), "\(name)")
            #expect(try lua.help("sa.fi.\(name)").contains("sa.fi.\(name)("), "\(name)")
        }
        #expect(try lua.help("sa.fi.gradient").contains("eq. 4"))
    }

    /// The examples of the Lua array that `expression` evaluates to.
    func luaExamples(_ expression: String) throws -> [Example] {
        try lua.run("picked = \(expression)")
        let stack = lua.lua.stack
        _ = stack.getGlobal("picked")
        defer { stack.pop() }
        return (1...stack.rawLength(at: -1)).map { i in
            stack.rawGet(tableAt: -1, index: i)
            defer { stack.pop() }
            return stack.value(at: -1, as: LuaExample.self)!.example
        }
    }
}
