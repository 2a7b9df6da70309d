import Foundation
import LuaBridge
@testable import SashellLua
import TestSupport
import Testing

/// sa.train and sa.runs: the run store from Lua.
@Suite struct RunFunctionsTests {
    let scratch: ScratchDirectory
    let lua: LuaSession
    var results: String { scratch.path + "/results" }

    init() throws {
        (scratch, lua) = try toyTaskSession()
        try lua.run("R = [[\(scratch.path)/results]]")
    }

    @Test func trainsOnceAndReusesTheStoredModel() throws {
        try lua.run("""
            local spec = {dataset=ds, model={embedding=8, hidden=8, seed=1}, fit={epochs=2, lr=1e-2}, results=R}
            m1, run1 = sa.train(spec)
            assert(run1.status == 'finished' and run1.dataset == 'toy' and run1.seed == 1, run1.status)
            assert(#run1.epochs == 2 and run1.epochs[2].epoch == 2 and run1.epochs[1].train_loss > 0)
            assert(run1.test.n == 20 and run1.test.accuracy >= 0 and run1.wall_seconds > 0 and run1.examples_per_second > 0)
            assert(run1.config.hidden == 8 and run1.config.lr == 1e-2 and run1.config.projection == 'softmax')
            assert(run1.config.epochs == 2 and run1.config.embeddings == 'random' and run1.config.fit_seed == 0)
            assert(run1.checkpoint:find('/models/', 1, true) and run1.checkpoint:sub(1, #R) == R)
            local test = m1:evaluate(ds.test)
            assert(test.accuracy == run1.test.accuracy and test.loss == run1.test.loss)
            -- The same config again: the stored model, not a new training.
            m2, run2 = sa.train(spec)
            assert(run2.id == run1.id and #sa.runs(nil, {results=R}) == 1)
            assert(m2 ~= m1 and tostring(m2):find('loaded from', 1, true))
            local a, b = m1:predict(ds.test), m2:predict(ds.test)
            for i = 1, #a do assert(a[i] == b[i]) end
            assert(#m2.history.epochs == 2 and m2.history.best_epoch == m1.history.best_epoch)
            -- The same config spelt differently (defaults given explicitly) is the same run.
            local _, run3 = sa.train{dataset=ds, model={dataset=ds, embedding=8, hidden=8, seed=1, encoder='lstm',
                projection='softmax'}, fit={epochs=2, lr=0.01, batch=32, seed=0}, results=R}
            assert(run3.id == run1.id)
            -- Another seed, or other data, is another run.
            local _, run4 = sa.train{dataset=ds, model={embedding=8, hidden=8, seed=2}, fit={epochs=2, lr=1e-2}, results=R}
            assert(run4.id ~= run1.id and run4.seed == 2)
            assert(#sa.runs(nil, {results=R}) == 2)
            """)
        // The checkpoint went: the run is trained again (and replaces the old row).
        try lua.run("""
            os.remove(run1.checkpoint)
            local _, again = sa.train{dataset=ds, model={embedding=8, hidden=8, seed=1}, fit={epochs=2, lr=1e-2}, results=R}
            assert(again.id ~= run1.id and again.status == 'finished')
            assert(#sa.runs(nil, {results=R}) == 2)
            """)
    }

    @Test func otherDataIsAnotherRun() throws {
        try lua.run("""
            local _, a = sa.train{dataset=ds, model={embedding=8, hidden=8}, fit={epochs=1, lr=1e-2}, results=R}
            small = ds
            """)
        try loadToyDataset(lua, in: scratch, trainCount: 40)
        try lua.run("""
            local _, b = sa.train{dataset=ds, model={embedding=8, hidden=8}, fit={epochs=1, lr=1e-2}, results=R}
            local runs = sa.runs(nil, {results=R})
            assert(#runs == 2 and runs[1].fingerprint ~= runs[2].fingerprint, runs[1].fingerprint)
            assert(runs[1].fingerprint:find('train 48, dev 16, test 20; vocabulary ', 1, true), runs[1].fingerprint)
            """)
    }

    @Test func runsFiltersByColumnsAndConfigFields() throws {
        try lua.run("""
            for _, projection in ipairs{'softmax', 'sparsemax'} do
                sa.train{dataset=ds, model={embedding=8, hidden=8, projection=projection}, fit={epochs=1, lr=1e-2}, results=R}
            end
            sa.train{dataset=ds, model={embedding=8, hidden=8, projection='sparsegen', lambda=0.5}, fit={epochs=1, lr=1e-2}, results=R}
            assert(#sa.runs({}, {results=R}) == 3)
            local sparse = sa.runs({projection='sparsemax'}, {results=R})
            assert(#sparse == 1 and sparse[1].config.projection == 'sparsemax')
            assert(#sa.runs({dataset='toy', status='finished', hidden=8}, {results=R}) == 3)
            assert(#sa.runs({dataset='sst'}, {results=R}) == 0)
            assert(#sa.runs({lambda=0.5}, {results=R}) == 1 and #sa.runs({lr=1e-2, epochs=1}, {results=R}) == 3)
            assert(#sa.runs({seed=0, train_embeddings=true}, {results=R}) == 3)
            -- A results directory without a store has no runs (and is not created).
            assert(#sa.runs({}, {results=R .. '/nothing'}) == 0)
            """)
        #expect(!FileManager.default.fileExists(atPath: results + "/nothing"))
    }

    /// sa.runs names fields as it prints them; a misspelt name is an error, not an empty list.
    @Test func runFilterNames() throws {
        try lua.run("""
            local _, run = sa.train{dataset=ds, model={embedding=8, hidden=8}, fit={epochs=1, lr=1e-2}, results=R}
            assert(#sa.runs({version=run.version, fingerprint=run.fingerprint, checkpoint=run.checkpoint}, {results=R}) == 1)
            assert(#sa.runs({dataset_version=run.version}, {results=R}) == 1)
            """)
        let error = try #require(lua.error("sa.runs({hiden=8}, {results=R})"))
        #expect(error.contains("runs have no field 'hiden'"), "\(error)")
    }

    /// A BiLSTM ignores the Transformer's sizes, so they do not make another run; and a results
    /// directory moved whole keeps its runs (checkpoints are recorded relative to it).
    @Test func keysAndMovedResults() throws {
        try lua.run("""
            local _, a = sa.train{dataset=ds, model={embedding=8, hidden=8}, fit={epochs=1, lr=1e-2}, results=R}
            local _, b = sa.train{dataset=ds, model={embedding=8, hidden=8, layers=3, ffn=64}, fit={epochs=1, lr=1e-2}, results=R}
            assert(a.id == b.id and #sa.runs(nil, {results=R}) == 1)
            """)
        try FileManager.default.moveItem(atPath: results, toPath: scratch.path + "/moved")
        try lua.run("""
            local m, c = sa.train{dataset=ds, model={embedding=8, hidden=8}, fit={epochs=1, lr=1e-2}, results=[[\(scratch.path)/moved]]}
            assert(c.id == 1 and c.checkpoint == [[\(scratch.path)/moved/]] .. 'models/' .. c.key:sub(1, 16) .. '.safetensors', c.checkpoint)
            """)
    }

    /// A vector file's contents, not just its path, are part of the key.
    @Test func changedVectorsAreAnotherRun() throws {
        let path = try scratch.write("v.vec", "2 4\ngood 1 0 0 1\nbad 0 1 1 0\n")
        let spec = "{dataset=ds, model={embeddings=[[\(path)]], hidden=4}, fit={epochs=1, lr=1e-2}, results=R}"
        try lua.run("_, a = sa.train\(spec); _, b = sa.train\(spec); assert(a.id == b.id)")
        try scratch.write("v.vec", "2 4\ngood 1 1 0 1\nbad 0 1 1 0\n")
        try lua.run("_, c = sa.train\(spec); assert(c.id ~= a.id and #sa.runs(nil, {results=R}) == 2)")
        #expect(try lua.evaluate("c.config.embeddings_fingerprint ~= a.config.embeddings_fingerprint") == "true")
    }

    @Test func resultsDirectoryIsAbsolute() throws {
        // ($SASHELL_RESULTS is process-wide, so tests running in parallel give the option.)
        #expect(RunFunctions.resultsDirectory(results) == results)
        #expect(RunFunctions.resultsDirectory("rel").hasSuffix("/rel"))
    }

    @Test func anInterruptedRunIsKeptButTrainedAgain() throws {
        // sa.train's Swift path with a stop request after the first epoch, as Ctrl-C makes.
        try lua.lua.stack.load("return {dataset=ds, model={embedding=8, hidden=8}, fit={epochs=3, lr=1e-2}, results=R}", name: "=test")
        try lua.lua.stack.call(results: 1)
        let plan = try RunFunctions.plan(lua.lua.stack, at: -1)
        lua.lua.stack.pop()
        var batches = 0
        let (model, _) = try RunFunctions.execute(plan) {
            batches += 1
            return batches > 3
        }
        #expect(model.history?.interrupted == true)
        try lua.run("""
            local runs = sa.runs(nil, {results=R})
            assert(#runs == 1 and runs[1].status == 'interrupted' and runs[1].checkpoint == nil, runs[1].status)
            assert(runs[1].error:find('interrupted', 1, true))
            local m, run = sa.train{dataset=ds, model={embedding=8, hidden=8}, fit={epochs=3, lr=1e-2}, results=R}
            assert(run.status == 'finished' and #run.epochs == 3 and not m.history.interrupted)
            assert(#sa.runs(nil, {results=R}) == 1)
            """)
    }

    @Test(arguments: [
        ("sa.train{model={}, results=R}", "give the data to train on: dataset=ds"),
        ("sa.train{dataset=ds, model={hiden=8}, results=R}", "bad argument #1 to 'train' (model: unknown option 'hiden' (did you mean 'hidden'?))"),
        ("sa.train{dataset=ds, fit={epochs=0}, results=R}", "fit: option 'epochs' must be positive, got 0"),
        ("sa.train{dataset=ds, model={projection='sparsegen'}, results=R}", "model: projection sparsegen needs option 'lambda'"),
        ("sa.train{dataset=ds, seed=-1, results=R}", "option 'seed' must be non-negative, got -1"),
        ("sa.runs({dataset=print}, {results=R})", "the run filter cannot hold function values"),
        ("sa.runs({1, 2}, {results=R})", "a run filter names its fields"),
    ])
    func badOptionsAreErrors(code: String, message: String) throws {
        let error = lua.error(code)
        #expect(error?.contains(message) == true, "\(error ?? "no error")")
    }

    @Test func helpDocumentsTrainAndRuns() throws {
        #expect(try lua.help("sa.train").hasPrefix("sa.train{dataset=ds, model={...}, fit={...}"))
        #expect(try lua.help("sa.runs").hasPrefix("sa.runs([filter] [, {results=DIR}])"))
    }
}
