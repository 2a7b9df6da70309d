import TestSupport
import Testing

/// sa.experiment's argument parsing, sa.table and ds:sample from Lua.
@Suite struct ExperimentFunctionsTests {
    @Test func argumentsBecomeFields() throws {
        let lua = try LuaSession()
        let threads = try lua.evaluate("sa.threads()")
        try lua.run("""
            ex = sa.experiment({[0] = "scripts/table9.lua", "--quick", "--datasets", "sst,20news", "--seeds", "1,2,3",
                                "--out", "/tmp/x", "--vectors", "glove"})
            """)
        #expect(try lua.evaluate("ex.name") == "table9")
        #expect(try lua.evaluate("ex.quick") == "true")
        #expect(try lua.evaluate("table.concat(ex.datasets, ' ')") == "sst 20news")
        #expect(try lua.evaluate("table.concat(ex.seeds, ' ')") == "1 2 3")
        #expect(try lua.evaluate("ex.out .. ' ' .. ex.vectors") == "/tmp/x glove")
        #expect(try lua.evaluate("ex:path('f.svg')") == "/tmp/x/table9/f.svg")
        // Defaults: every dataset, seed 1, results/, word2vec, the engine's threads.
        try lua.run("d = sa.experiment({[0] = 'table1.lua'})")
        #expect(try lua.evaluate("table.concat(d.datasets, ' ') .. ' ' .. d.seeds[1] .. ' ' .. d.out .. ' ' .. d.vectors")
                == "sst imdb 20news 1 results word2vec")
        #expect(try lua.evaluate("d.quick") == "false")
        #expect(try lua.evaluate("d.limit") == "nil")
        #expect(try lua.evaluate("ex.limit") == "40")
        #expect(try lua.evaluate("d.threads") == threads)
    }

    @Test(arguments: [
        ("'--bogus'", "t: unknown argument \"--bogus\""),
        ("'--datasets', 'sst,mnist'", "t: unknown dataset \"mnist\" (sst, imdb, 20news)"),
        ("'--seeds', '1,x'", "t: seeds are non-negative integers, got \"x\""),
        ("'--threads', '0'", "t: --threads needs a positive integer, got \"0\""),
        ("'--out'", "t: --out needs a directory"),
        ("'--limit', '-3'", "t: --limit needs a positive integer, got \"-3\""),
        ("'--vectors', 'fasttext'", "t: --vectors is word2vec, glove or none, got \"fasttext\""),
    ])
    func badArgumentsGiveTheUsage(arguments: String, message: String) throws {
        let lua = try LuaSession()
        let error = lua.error("sa.experiment({[0] = 'scripts/t.lua', \(arguments)})")
        #expect(error == message + "\nusage: sashell scripts/t.lua [--quick] [--datasets sst,imdb,20news] [--seeds 1,2,3] "
                + "[--out DIR] [--limit N] [--threads N] [--vectors word2vec|glove|none]")
    }

    /// ex:model's options, with sa.train stubbed to return them: m:fit's default rate for both
    /// encoders unless ex.rates has the dataset's, the scorer at 10x, spec.lr in their place when
    /// given, and the Transformer's embeddings scaled by √d.
    @Test func modelLearningRates() throws {
        let lua = try LuaSession()
        try lua.run("""
            sa.train = function(options) return options end
            ex = sa.experiment({[0] = 't.lua', '--vectors', 'none'})
            function ex:dataset(name) return name end
            """)
        #expect(try lua.evaluate("ex:model{dataset = 'sst'}.fit.lr") == "0.0001")
        #expect(try lua.evaluate("ex:model{dataset = 'sst', encoder = 'transformer'}.fit.lr") == "0.0001")
        #expect(try lua.evaluate("ex:model{dataset = 'sst', encoder = 'transformer'}.fit.attention_lr") == "0.001")
        #expect(try lua.evaluate("ex:model{dataset = 'sst', encoder = 'transformer', lr = 3e-4}.fit.attention_lr") == "0.003")
        #expect(try lua.evaluate("ex:model{dataset = '20news'}.fit.attention_lr") == "0.003")
        #expect(try lua.evaluate("ex:model{dataset = '20news', encoder = 'transformer'}.fit.lr") == "0.0001")
        #expect(try lua.evaluate("ex:model{dataset = '20news', lr = 1e-4}.fit.lr") == "0.0001")
        #expect(try lua.evaluate("ex:notes(false)[1]:match('lr 1e%-4 %(20news lstm 0.0003%)') ~= nil") == "true")
        #expect(try lua.evaluate("ex:model{dataset = 'sst', encoder = 'transformer'}.model.attention") == "dot")
        #expect(try lua.evaluate("ex:model{dataset = 'sst', encoder = 'transformer'}.model.embedding_scale == math.sqrt(128)") == "true")
        #expect(try lua.evaluate("ex:model{dataset = 'sst'}.model.embedding_scale") == "nil")
    }

    @Test func resultTables() throws {
        let lua = try LuaSession()
        try lua.run("""
            t = sa.table{name = "acc", title = "Accuracy", columns = {"dataset", "ours"}}
            assert(t:add{"sst", {0.8, 0.9}} == t)
            t:add{ours = 0.5, dataset = "imdb"}
            t:add{"20news"}
            """)
        #expect(try lua.evaluate("#t") == "3")
        #expect(try lua.evaluate("t") == """
            Accuracy
            dataset               ours
            -------  -----------------
            sst      0.850 ± 0.071 (2)
            imdb                 0.500
            20news
            """)
        #expect(try lua.evaluate("t.title .. ' ' .. t.name .. ' ' .. t.columns[2]") == "Accuracy acc ours")
    }

    /// An array of arrays (or tensors) is one sample per seed, shown with the spread across seeds
    /// (by hand: seeds {1, 2, 3}, {4, 5}, {6}; see ResultTableTests); a seed may have no values.
    @Test func seedCells() throws {
        let lua = try LuaSession()
        try lua.run("""
            t = sa.table{name = "taus", columns = {"model", "tau"}}
            t:add{"a", {sa.tensor{1, 2, 3}, {4, 5}, {6}}}
            t:add{model = "b", tau = {{1, 2, 3}, {}}}
            """)
        #expect(try lua.evaluate("t") == """
            taus
            model                                   tau
            -----  ------------------------------------
            a      3.500 ± 1.871 (6); seeds ± 2.021 (3)
            b                         2.000 ± 1.000 (3)
            """)
    }

    @Test(arguments: [
        ("sa.table{title = 'x', columns = {'a'}}", "option 'name' must be a file name"),
        ("sa.table{name = '../x', columns = {'a'}}", "option 'name' must be a file name"),
        ("sa.table{name = 'x', columns = {}}", "option 'columns' must be a non-empty array of strings"),
        ("sa.table{name = 'x', columns = {'a', 2}}", "option 'columns' must be an array of strings"),
        ("sa.table{name = 'x', columns = {'a'}}:add{1, 2}", "a row of 2 cells for 1 columns"),
        ("sa.table{name = 'x', columns = {'a'}}:add{b = 1}", "a row's keys must be column names (a)"),
        ("sa.table{name = 'x', columns = {'a'}}:add{true}",
         "cell 1 must be a string, a number, an array of numbers or an array of arrays of numbers (one per seed), got boolean"),
        ("sa.table{name = 'x', columns = {'a'}}:add{{1, 'x'}}",
         "cell 1 must be a string, a number, an array of numbers or an array of arrays of numbers (one per seed) "
            + "(element [2] is a string, expected a number)"),
        // An array of arrays is one sample per seed: every element must be one.
        ("sa.table{name = 'x', columns = {'a'}}:add{{{1, 2}, 3}}", "(element [2] is a number where element [1] is an array)"),
        ("sa.table{name = 'x', columns = {'a'}}:add{a = {{1, 2}, {3, true}}}",
         "cell 'a' must be a string, a number, an array of numbers or an array of arrays of numbers (one per seed) "
            + "(in element [2]: element [2] is a boolean, expected a number)"),
        ("sa.table{name = 'x', columns = {'a'}}:add{{{1}, sa.zeros(2, 2)}}", "(in element [2]: expected a 1-D array or tensor"),
        ("sa.table{name = 'x', columns = {'a'}}:add{{1, {2}}}", "ragged nesting: element [2] is a table where its neighbours are not"),
        ("sa.threads(0)", "threads must be in 1...256, got 0"),
    ])
    func badTablesAreErrors(code: String, message: String) throws {
        let lua = try LuaSession()
        let error = try #require(lua.error(code))
        #expect(error.contains(message), "\(error)")
    }

    /// ex:per_seed calls fn on each seed's model and returns, per value fn returns, one array per
    /// seed. (The models are stubbed: ex:model's training is the run store's to test.)
    @Test func perSeedArrays() throws {
        let lua = try LuaSession()
        try lua.run("""
            ex = sa.experiment({[0] = "t.lua", "--seeds", "4,7"})
            function ex:model(spec) return spec end
            a, b = ex:per_seed("sst", {encoder = "lstm", lambda = 0.5},
                               function(m, seed) return {m.seed, m.lambda}, m.dataset .. seed end)
            """)
        #expect(try lua.evaluate("a[1][1] .. ' ' .. a[1][2] .. ' ' .. a[2][1] .. ' ' .. #a") == "4 0.5 7 2")
        #expect(try lua.evaluate("table.concat(b, ' ')") == "sst4 sst7")
    }

    /// A sample keeps the vocabulary and the order of each split, and says what it kept.
    @Test func datasetSample() throws {
        let (_, lua) = try toyTaskSession()
        try lua.run("""
            q = ds:sample{train = 3, test = 100, seed = 2}
            assert(#q.train == 3 and #q.test == #ds.test and #q.vocab == #ds.vocab)
            local position = {}
            for i, ex in ipairs(ds.train) do position[ex.id] = i end
            for i = 2, #q.train do assert(position[q.train[i - 1].id] < position[q.train[i].id], "order kept") end
            assert(q.provenance[#q.provenance]:find("sampled %(seed 2%): train 3 of"), q.provenance[#q.provenance])
            r = ds:sample{train = 3, seed = 2}
            for i = 1, 3 do assert(r.train[i].id == q.train[i].id, "same seed, same sample") end
            """)
        #expect(lua.error("ds:sample{train = -1}")?.contains("option 'train' must be a count of examples, got -1") == true)
    }
}
