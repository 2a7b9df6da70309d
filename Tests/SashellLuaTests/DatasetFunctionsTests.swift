import Foundation
import TestSupport
import Testing

/// The option table that points sa.dataset and sa.vectors at the real data.
private let dataOption = "{data=[[\(sharedData)]]}"

/// A session with `ds` the current SST (6355 / 821 / 1725 after J&W's length filter).
private func sstSession() throws -> LuaSession {
    let lua = try LuaSession()
    try lua.run("ds = sa.dataset('sst', \(dataOption))")
    return lua
}

@Suite struct DatasetFunctionsTests {
    // MARK: The paper's data

    @Test func sstCountsAndSummaries() throws {
        let lua = try sstSession()
        try lua.run("""
            assert(#ds.train == 6355, #ds.train)
            assert(#ds.dev == 821, #ds.dev)
            assert(#ds.test == 1725, #ds.test)
            assert(#ds.vocab == 13826, #ds.vocab)
            assert(ds.name == 'sst' and ds.version == 'current')
            assert(ds.train.name == 'train' and ds.test.name == 'test')
            assert(type(ds.provenance) == 'table' and #ds.provenance > 0)
            """)
        let dataset = try lua.evaluate("ds")
        #expect(dataset.hasPrefix("dataset sst (current): train 6355, dev 821, test 1725; vocabulary 13826"), "\(dataset)")
        #expect(try lua.evaluate("table.concat(ds.provenance, '\\n')").split(separator: "\n")
            .allSatisfy { dataset.contains($0) }, "every provenance line is printed: \(dataset)")
        let test = try lua.evaluate("ds.test")
        #expect(test.hasPrefix("split test of sst (current): 1725 examples (863 negative, 862 positive), length mean 18.2, max 46"),
                "\(test)")
        let vocabulary = try lua.evaluate("ds.vocab")
        #expect(vocabulary.contains("13826 ids") && vocabulary.contains("13822 words"), "\(vocabulary)")
    }

    @Test func sstExample() throws {
        let lua = try sstSession()
        try lua.run("""
            local ex = ds.test[1]
            assert(ex.label == 0 or ex.label == 1)
            assert(math.type(ex.label) == 'integer')
            assert(#ex == ex.length and #ex == #ex.tokens and #ex.ids == #ex + 2, #ex)
            assert(ex.text == table.concat(ex.tokens, ' '))
            assert(ex.id:match('^test:%d+$'), ex.id)
            assert(ex.ids[1] == 2 and ex.ids[#ex.ids] == 3)
            for i, token in ipairs(ex.tokens) do
                assert(ex.ids[i + 1] == (ds.vocab:id(token) or 1), token)
            end
            local encoded = ds.vocab:encode(ex.text)
            assert(#encoded == #ex.ids)
            for i = 1, #encoded do assert(encoded[i] == ex.ids[i]) end
            -- Every example of every split is encoded with its dataset's vocabulary.
            local last = ds.test[#ds.test]
            assert(last.id:match('^test:%d+$') and ds.test[1725].id == last.id)
            """)
        let example = try lua.evaluate("ds.test[1]")
        let id = try lua.evaluate("ds.test[1].id"), label = try lua.evaluate("ds.test[1].label")
        let length = try lua.evaluate("#ds.test[1]")
        #expect(example.hasPrefix("example \(id): label \(label), \(length) tokens: \""), "\(example)")
        #expect(example.contains(try lua.evaluate("ds.test[1].tokens[1]")))
    }

    @Test func sstStats() throws {
        let lua = try sstSession()
        try lua.run("""
            local s = ds.test:stats()
            assert(s.n == 1725 and s.negative == 863 and s.positive == 862, s.n)
            assert(s.length_max == 46 and s.length_min == 6, s.length_min)
            assert(math.abs(s.length_mean - 18.2) < 0.05, s.length_mean)
            local t = ds.train:stats()
            assert(t.n == 6355 and t.negative == 3034 and t.positive == 3321)
            -- J&W's datastats (population deviation).
            assert(math.abs(t.length_mean - 18.704169944925255) < 1e-9, t.length_mean)
            assert(math.abs(t.length_sd - 8.082032597326135) < 1e-9, t.length_sd)
            """)
    }

    @Test func iterVisitsEveryExampleInOrder() throws {
        let lua = try sstSession()
        try lua.run("""
            local n, previous = 0, 0
            for i, ex in ds.test:iter() do
                assert(i == previous + 1, i)
                previous = i
                n = n + 1
                if i == 1 or i == 1725 or i == 800 then assert(ex.id == ds.test[i].id and ex.text == ds.test[i].text) end
            end
            assert(n == 1725, n)
            -- A fresh iterator each time; an exhausted one stays exhausted.
            local it = ds.test:sample(2, {seed=1}):iter()
            assert(it() == 1 and it() == 2 and it() == nil and it() == nil)
            """)
    }

    @Test func filter() throws {
        let lua = try sstSession()
        try lua.run("""
            local pos = ds.test:filter(function(ex) return ex.label == 1 end)
            assert(#pos == 862, #pos)
            for _, ex in pos:iter() do assert(ex.label == 1) end
            local s = pos:stats(); assert(s.positive == 862 and s.negative == 0)
            -- Truthiness as Lua's: any value but false and nil keeps.
            assert(#ds.test:filter(function() return 0 end) == 1725)
            assert(#ds.test:filter(function() return nil end) == 0)
            assert(#ds.test:filter(function() end) == 0)
            -- Order is kept.
            local short = ds.test:filter(function(ex) return #ex < 10 end)
            local last = 0
            for _, ex in short:iter() do
                local k = tonumber(ex.id:match('%d+')); assert(k > last); last = k
            end
            """)
        #expect(try lua.evaluate("ds.test:filter(function(ex) return ex.label == 1 end)")
            .hasPrefix("split test (filtered) of sst (current): 862 examples (0 negative, 862 positive)"))
        let error = try #require(lua.error("ds.test:filter(function(ex) if #ex > 40 then error('too long: ' .. #ex) end return true end)"))
        #expect(error.contains("too long: "), "\(error)")
        let typeError = try #require(lua.error("ds.test:filter(function(ex) return ex.tokenz end)"))
        #expect(typeError.contains("example has no field 'tokenz'"), "\(typeError)")
        let notFunction = try #require(lua.error("ds.test:filter(1)"))
        #expect(notFunction.contains("bad argument #1 to 'filter' (function expected"), "\(notFunction)")
    }

    @Test func sample() throws {
        let lua = try sstSession()
        try lua.run("""
            local function ids(split) local t = {} for _, ex in split:iter() do t[#t + 1] = ex.id end return table.concat(t, ',') end
            local a, b = ds.test:sample(50, {seed=7}), ds.test:sample(50, {seed=7})
            assert(#a == 50 and ids(a) == ids(b))
            assert(ids(ds.test:sample(50, {seed=8})) ~= ids(a))
            assert(ids(ds.test:sample(50)) == ids(ds.test:sample(50, {seed=0})))
            assert(#ds.test:sample(0) == 0 and #ds.test:sample(1725) == 1725)
            assert(ids(ds.test:sample(1725)) == ids(ds.test))
            -- In the split's order, without repeats.
            local last, seen = -1, {}
            for _, ex in a:iter() do
                local k = tonumber(ex.id:match('%d+')); assert(k > last); last = k
                assert(not seen[ex.id]); seen[ex.id] = true
            end
            """)
        #expect(try lua.evaluate("ds.test:sample(50, {seed=7})").hasPrefix("split test (sample of 50, seed 7) of sst (current): 50 examples"))
        let tooMany = try #require(lua.error("ds.test:sample(1726)"))
        #expect(tooMany.contains("cannot sample 1726 examples from a split of 1725"), "\(tooMany)")
        let negative = try #require(lua.error("ds.test:sample(-1)"))
        #expect(negative.contains("cannot sample -1"), "\(negative)")
        let fraction = try #require(lua.error("ds.test:sample(1.5)"))
        #expect(fraction.contains("bad argument #1 to 'sample'"), "\(fraction)")
        let badSeed = try #require(lua.error("ds.test:sample(5, {sead=1})"))
        #expect(badSeed.contains("unknown option 'sead' (did you mean 'seed'?)"), "\(badSeed)")
    }

    @Test func batches() throws {
        let lua = try sstSession()
        try lua.run("""
            local split = ds.test
            local function key(batches)
                local t = {}
                for _, b in ipairs(batches) do t[#t + 1] = table.concat(b.examples, ',') end
                return table.concat(t, ';')
            end
            local batches = split:batches{size=32, seed=3, epoch=1}
            assert(#batches == math.ceil(1725 / 32), #batches)
            local seen, total = {}, 0
            for _, b in ipairs(batches) do
                local n = #b.examples
                assert(n == 32 or n == 1725 % 32, n)
                local width = 0
                for r = 1, n do width = math.max(width, b.lengths[r]) end
                assert(b.ids:shape()[1] == n and b.ids:shape()[2] == width)
                assert(b.mask:shape()[1] == n and b.mask:shape()[2] == width)
                assert(b.labels:shape()[1] == n and #b.labels:shape() == 1)
                for r = 1, n do
                    local k = b.examples[r]
                    assert(not seen[k], 'example twice: ' .. k); seen[k] = true; total = total + 1
                    local ex = split[k]
                    assert(b.lengths[r] == #ex.ids)
                    assert(b.labels[r] == ex.label)
                    for c = 1, width do
                        if c <= #ex.ids then
                            assert(b.ids[r][c] == ex.ids[c] and b.mask[r][c] == 1)
                        else
                            assert(b.ids[r][c] == 0 and b.mask[r][c] == 0)
                        end
                    end
                end
            end
            assert(total == 1725)
            -- Deterministic for (seed, epoch); another epoch or seed reshuffles.
            assert(key(split:batches{size=32, seed=3, epoch=1}) == key(batches))
            assert(key(split:batches{size=32, seed=3, epoch=2}) ~= key(batches))
            assert(key(split:batches{size=32, seed=4, epoch=1}) ~= key(batches))
            -- Without shuffle: sorted by length, no noise.
            local inference = split:batches{size=100, shuffle=false}
            local last = 0
            for _, b in ipairs(inference) do
                for r = 1, #b.examples do assert(b.lengths[r] >= last); last = b.lengths[r] end
            end
            assert(#split:sample(0):batches() == 0)
            """)
        for (code, message) in [
            ("ds.test:batches{size=0}", "option 'size' must be positive, got 0"),
            ("ds.test:batches{noise=-1}", "option 'noise' must be in [0, 1], got -1.0"),
            ("ds.test:batches{noise=1e300}", "option 'noise' must be in [0, 1]"),
            ("ds.test:batches{noise=0/0}", "option 'noise' must be in [0, 1]"),
            ("ds.test:batches{sise=8}", "unknown option 'sise' (did you mean 'size'?)"),
            ("ds.test:batches{shuffle='yes'}", "bad argument #1 to 'batches'"),
        ] {
            let error = try #require(lua.error(code), "\(code)")
            #expect(error.contains(message), "\(code): \(error)")
        }
    }

    @Test func vocabulary() throws {
        let lua = try sstSession()
        try lua.run("""
            local v = ds.vocab
            assert(v:id('<0>') == 0 and v:id('<UNK>') == 1 and v:id('<SOS>') == 2 and v:id('<EOS>') == 3)
            assert(v:word(0) == '<0>' and v:word(1) == '<UNK>' and v:word(2) == '<SOS>' and v:word(3) == '<EOS>')
            assert(v:word(#v - 1) ~= nil and v:word(#v) == nil and v:word(-1) == nil)
            assert(v:id('no-such-word-xyzzy') == nil)
            for id = 4, 50 do assert(v:id(v:word(id)) == id) end
            -- Code-point order after the specials.
            for id = 5, 200 do assert(v:word(id - 1) < v:word(id)) end
            local e = v:encode{'the', 'xyzzy-unknown'}
            assert(#e == 4 and e[1] == 2 and e[2] == v:id('the') and e[3] == 1 and e[4] == 3)
            local s = v:encode('the film')
            assert(#s == 4 and s[2] == v:id('the') and s[3] == v:id('film'))
            local tokens = v:encode{}
            assert(#tokens == 2 and tokens[1] == 2 and tokens[2] == 3)
            """)
        let error = try #require(lua.error("ds.vocab:encode{1, {}}"))
        #expect(error.contains("bad argument #1 to 'encode'"), "\(error)")
        let wordError = try #require(lua.error("ds.vocab:word('x')"))
        #expect(wordError.contains("bad argument #1 to 'word'"), "\(wordError)")
    }

    @Test func twentyNewsBothVersions() throws {
        let lua = try LuaSession()
        try lua.run("""
            local cur = sa.dataset('20news', \(dataOption))
            assert(#cur.train == 1145 and #cur.dev == 278 and #cur.test == 357 and #cur.vocab == 6515)
            local s = cur.test:stats(); assert(s.negative == 179 and s.positive == 178)
            local old = sa.dataset('20news', {data=[[\(sharedData)]], version='paper2018', dev_fraction=0})
            assert(#old.train == 1426 and old.dev == nil and #old.test == 354 and #old.vocab == 8853)
            local t = old.train:stats(); assert(t.negative == 716 and t.positive == 710 and t.length_max == 496)
            assert(old.vocab:word(4) == '')
            all = sa.dataset('20news', {data=[[\(sharedData)]], length_filter=false})
            assert(#all.train == 1236 and #all.dev == 310 and #all.test == 387)
            held = sa.dataset('20news', {data=[[\(sharedData)]], version='paper2018'})
            assert(#held.train + #held.dev == 1426, #held.train)
            """)
        let held = try lua.evaluate("held")
        #expect(held.contains("held out"), "\(held)")
        #expect(try lua.evaluate("held.train[1].id").hasPrefix("20news-bydate-"))
    }

    // MARK: Word vectors

    @Test func vectorsWithHeaderAndWithout() throws {
        let files = try ScratchDirectory()
        let train = try files.write("train.tsv", "text\tlabel\ngood fun film\t1\nbad dull film\t0\n")
        let withHeader = try files.write("v.vec", "4 3\nfilm 0.5 -1 2e-1 \ngood 1 2 3\nfilm 9 9 9\nzzz 7 7 7\n")
        let glove = try files.writeGzip("g.txt.gz", "good 1 2 3\nbad -1 -2 -3\nunrelated 0 0 0\n")
        let lua = try LuaSession()
        try lua.run("""
            ds = sa.dataset{train=[[\(train)]], dev_fraction=0}
            local v = ds.vocab
            assert(#v == 9, #v) -- 4 specials + bad dull film fun good
            vec = sa.vectors([[\(withHeader)]], v, {seed=1})
            assert(vec.dim == 3 and vec.words == 5 and vec.found == 2, vec.found)
            assert(math.abs(vec.coverage - 0.4) < 1e-12)
            local m = vec.matrix
            assert(m:shape()[1] == 9 and m:shape()[2] == 3)
            local function row(id, x, y, z)
                local r = m[id + 1]
                assert(math.abs(r[1] - x) < 1e-6 and math.abs(r[2] - y) < 1e-6 and math.abs(r[3] - z) < 1e-6, id)
            end
            row(0, 0, 0, 0)                         -- PAD
            row(v:id('film'), 0.5, -1, 0.2)         -- the first line of a word wins
            row(v:id('good'), 1, 2, 3)
            -- Same seed, same random rows; another seed, other ones.
            local again = sa.vectors([[\(withHeader)]], ds, {seed=1}).matrix
            local other = sa.vectors([[\(withHeader)]], ds, {seed=2}).matrix
            local bad = v:id('bad')
            assert(again[bad + 1][1] == m[bad + 1][1] and other[bad + 1][1] ~= m[bad + 1][1])
            g = sa.vectors([[\(glove)]], ds)
            assert(g.dim == 3 and g.found == 2)
            assert(g.matrix[v:id('bad') + 1][3] == -3 and g.matrix[1][1] == 0)
            """)
        let report = try lua.evaluate("vec")
        #expect(report.hasPrefix("vectors v.vec: 3-d, 2 of 5 words (40.0%); the other 3 and <UNK>, <SOS>, <EOS> drawn from N(0, "),
                "\(report)")
        #expect(report.hasSuffix("seed 1"), "\(report)")
        #expect(try lua.evaluate("g").hasPrefix("vectors g.txt.gz: 3-d, 2 of 5 words (40.0%)"))
    }

    @Test func gloveOnSST() throws {
        let lua = try sstSession()
        try lua.run("""
            v = sa.vectors('glove', ds, \(dataOption))
            assert(v.dim == 50 and v.words == 13822 and v.found == 13534, v.found)
            assert(v.matrix:shape()[1] == 13826 and v.matrix:shape()[2] == 50)
            for c = 1, 50 do assert(v.matrix[1][c] == 0) end
            -- GloVe's first line, byte-identical to Stanford's: "the 0.418 0.24968 -0.41242 ..."
            local the = v.matrix[ds.vocab:id('the') + 1]
            assert(math.abs(the[1] - 0.418) < 1e-6 and math.abs(the[2] - 0.24968) < 1e-6 and math.abs(the[3] + 0.41242) < 1e-6)
            """)
        let report = try lua.evaluate("v")
        #expect(report.hasPrefix("vectors glove.6B.50d.vec.gz: 50-d, 13534 of 13822 words (97.92%); the other 288"), "\(report)")
    }

    @Test(arguments: [
        ("sa.vectors('/nonexistent/v.vec', ds.vocab)", "/nonexistent/v.vec"),
        ("sa.vectors('glove', 3)", "bad argument #2 to 'vectors' (vocabulary or dataset expected"),
        ("sa.vectors('glove', ds, {seeed=1})", "unknown option 'seeed' (did you mean 'seed'?)"),
        ("sa.vectors(nil, ds)", "bad argument #1 to 'vectors' (string expected"),
    ])
    func vectorErrors(code: String, message: String) throws {
        let lua = try LuaSession()
        let files = try ScratchDirectory()
        try lua.run("ds = sa.dataset{train=[[\(try files.write("t.tsv", "text\tlabel\na b\t1\nc d\t0\n"))]], dev_fraction=0}")
        let error = try #require(lua.error(code))
        #expect(error.contains(message), "\(error)")
    }

    @Test func malformedVectorFiles() throws {
        let files = try ScratchDirectory()
        let lua = try LuaSession()
        try lua.run("ds = sa.dataset{train=[[\(try files.write("t.tsv", "text\tlabel\na b\t1\nc d\t0\n"))]], dev_fraction=0}")
        for (text, message) in [
            ("2 3\na 1 2\n", "v.vec:2: 2 values, expected 3"),
            ("a 1 2 x\n", "v.vec:1: 'x' is not a finite number"),
            ("a 1 nan\n", "'nan' is not a finite number"),
            ("", "no vectors"),
        ] {
            let path = try files.write("v.vec", text)
            let error = try #require(lua.error("sa.vectors([[\(path)]], ds)"), "\(text)")
            #expect(error.contains(message), "\(text): \(error)")
        }
    }

    // MARK: A researcher's own data

    @Test func customTSVWithLabelMap() throws {
        let files = try ScratchDirectory()
        let train = try files.write("reviews.tsv", """
            id\ttext\tsentiment
            r1\tA great film\tpos
            r2\tA  dull   film\tneg
            r3\tgreat acting\tpos

            r4\tdull plot\tneg

            """)
        let test = try files.write("test.tsv", "id\ttext\tsentiment\nt1\tgreat unseen film\tpos\n")
        let lua = try LuaSession()
        try lua.run("""
            ds = sa.dataset{train=[[\(train)]], test=[[\(test)]], label='sentiment', labels={neg=0, pos=1},
                            tokenizer='lower', dev_fraction=0}
            assert(ds.name == 'reviews' and ds.version == nil and ds.dev == nil)
            assert(#ds.train == 4 and #ds.test == 1)
            local ex = ds.train[2]
            assert(ex.id == 'r2' and ex.label == 0 and ex.text == 'A  dull   film')
            assert(#ex == 3 and ex.tokens[1] == 'a' and ex.tokens[3] == 'film')
            assert(ds.train[1].label == 1 and ds.train[4].id == 'r4')
            -- a acting dull film great plot
            assert(#ds.vocab == 10, #ds.vocab)
            assert(ds.vocab:word(4) == 'a' and ds.vocab:word(9) == 'plot')
            local t = ds.test[1]
            assert(t.ids[1] == 2 and t.ids[2] == ds.vocab:id('great') and t.ids[3] == 1 and t.ids[4] == ds.vocab:id('film') and t.ids[5] == 3)
            """)
        let dataset = try lua.evaluate("ds")
        #expect(dataset.hasPrefix("dataset reviews: train 4, test 1; vocabulary 10"), "\(dataset)")
        #expect(dataset.contains("train: \(train) (tsv)") && dataset.contains("test: \(test) (tsv)"), "\(dataset)")
        #expect(dataset.contains("tokenizer lower"), "\(dataset)")
    }

    @Test func customCSVWithQuotedFields() throws {
        let files = try ScratchDirectory()
        let train = try files.write("data.csv", """
            text,label\r
            "Hello, world",1\r
            "He said ""no""
            and left",0\r
            plain,1\r
            "",0\r

            """)
        let lua = try LuaSession()
        try lua.run("""
            ds = sa.dataset{train=[[\(train)]], dev_fraction=0}
            assert(#ds.train == 3, #ds.train)  -- the empty text has no tokens
            assert(ds.train[1].text == 'Hello, world' and ds.train[1].label == 1)
            assert(ds.train[2].text == 'He said "no"\\nand left', ds.train[2].text)
            assert(#ds.train[2] == 5 and ds.train[2].tokens[3] == '"no"')
            assert(ds.train[3].text == 'plain')
            -- Without an id column, an example is named by file and line (its first line).
            assert(ds.train[1].id == 'data.csv:2' and ds.train[2].id == 'data.csv:3' and ds.train[3].id == 'data.csv:5', ds.train[3].id)
            """)
        #expect(try lua.evaluate("ds").contains("1 texts without tokens skipped"))
    }

    @Test func customJSONLGzipWithDevAndHeldOut() throws {
        let files = try ScratchDirectory()
        var lines: [String] = []
        for i in 0..<20 {
            lines.append(#"{"id": \#(i), "text": "word\#(i % 5) common", "label": \#(i % 2 == 0 ? "true" : "false")}"#)
        }
        let train = try files.writeGzip("train.jsonl.gz", lines.joined(separator: "\n") + "\n\n")
        let dev = try files.write("dev.jsonl", #"{"id": "d1", "text": "word1 rare", "label": 1}"# + "\n")
        let lua = try LuaSession()
        try lua.run("""
            a = sa.dataset{train=[[\(train)]], dev=[[\(dev)]], name='mine'}
            assert(a.name == 'mine' and #a.train == 20 and #a.dev == 1 and a.test == nil)
            assert(a.train[1].id == '0' and a.train[1].label == 1 and a.train[2].label == 0)
            assert(a.dev[1].ids[3] == 1) -- 'rare' is unknown
            b = sa.dataset{train=[[\(train)]], dev_fraction=0.2, seed=5}
            assert(#b.train == 16 and #b.dev == 4, #b.dev)
            local s = b.dev:stats(); assert(s.positive == 2 and s.negative == 2, s.positive)
            local again = sa.dataset{train=[[\(train)]], dev_fraction=0.2, seed=5}
            for i = 1, 4 do assert(again.dev[i].id == b.dev[i].id) end
            -- Boolean labels can be mapped too (here inverted).
            local flipped = sa.dataset{train=[[\(train)]], labels={[true]=0, [false]=1}, dev_fraction=0}
            assert(flipped.train[1].label == 0 and flipped.train[2].label == 1)
            c = sa.dataset{train=[[\(train)]], min_count=5}
            -- common is in all 16 training examples, wordK in about 3 each: below min_count 5.
            assert(#c.vocab == 5, #c.vocab)
            """)
        let b = try lua.evaluate("b")
        #expect(b.contains("dev: a stratified 20% of train (4 of 20, seed 5) is held out"), "\(b)")
    }

    /// A held-out dev split may take all of train: two examples and dev_fraction=0.5 leave
    /// train empty (and the vocabulary the four specials) instead of raising an error.
    @Test func heldOutDevDoesNotEmptyTrain() throws {
        let files = try ScratchDirectory()
        let train = try files.write("two.tsv", "text\tlabel\na b\t1\nc d\t0\n")
        let lua = try LuaSession()
        // One example of each label: holding one out would leave a label without training examples.
        let error = try #require(lua.error("ds = sa.dataset{train=[[\(train)]], dev_fraction=0.5}"))
        #expect(error.contains("2 examples are too few to hold out 0.5 of each label as dev"), "\(error)")
    }

    @Test func customKerasTokenizer() throws {
        let files = try ScratchDirectory()
        let train = try files.write("k.tsv", "text\tlabel\nIt's GREAT, really!\t1\nno.\t0\n")
        let lua = try LuaSession()
        try lua.run("""
            ds = sa.dataset{train=[[\(train)]], tokenizer='keras', dev_fraction=0}
            local t = ds.train[1].tokens
            assert(#t == 3 and t[1] == "it's" and t[2] == 'great' and t[3] == 'really', table.concat(t, '|'))
            """)
    }

    // MARK: Errors

    @Test(arguments: [
        ("sa.dataset('sts', DATA)", "sts"),
        ("sa.dataset('sst', {data=DIR, version='2018'})", "bad argument #2 to 'dataset' (option 'version' must be"),
        ("sa.dataset('sst', {data=DIR, verison='current'})", "unknown option 'verison' (did you mean 'version'?)"),
        ("sa.dataset('sst', {data=DIR, length_filter='no'})", "bad argument #2 to 'dataset'"),
        ("sa.dataset('sst', {data=DIR, dev_fraction=1})", "option 'dev_fraction' must be in [0, 1), got 1.0"),
        ("sa.dataset()", "bad argument #1 to 'dataset' (string expected, got no value)"),
        ("sa.dataset(42)", "unknown dataset '42'"),
        ("sa.dataset(true)", "bad argument #1 to 'dataset' (string expected, got boolean)"),
        ("sa.dataset{test='x.tsv'}", "option 'train' (the path of the training file) is required"),
        ("sa.dataset{train='x.tsv', formta='tsv'}", "unknown option 'formta' (did you mean 'format'?)"),
        ("sa.dataset{train='x.tsv', format='xml'}", "option 'format' must be"),
        ("sa.dataset{train='x.tsv', tokenizer='spacy'}", "option 'tokenizer' must be"),
        ("sa.dataset{train='x.tsv', min_count=0}", "option 'min_count' must be at least 1, got 0"),
        ("sa.dataset{train='x.tsv', labels={neg=0, pos=2}}", "option 'labels' must map label values to 0 or 1"),
        ("sa.dataset{train='x.tsv', labels='neg'}", "bad argument #1 to 'dataset'"),
        ("sa.dataset{train=1}", "bad argument #1 to 'dataset'"),
        ("sa.dataset{train='/nonexistent/x.tsv'}", "/nonexistent/x.tsv"),
        ("sa.dataset{train='x.txt'}", "cannot tell the format of x.txt"),
    ])
    func argumentErrors(code: String, message: String) throws {
        let code = code.replacingOccurrences(of: "DATA", with: dataOption).replacingOccurrences(of: "DIR", with: "[[\(sharedData)]]")
        let error = try #require(try LuaSession().error(code), "\(code)")
        #expect(error.hasPrefix("test:1: "), "\(error)")
        #expect(error.contains(message), "\(code): \(error)")
    }

    @Test func unknownDatasetNamesTheChoices() throws {
        let error = try #require(try LuaSession().error("sa.dataset('sts', \(dataOption))"))
        #expect(error.contains("sst") && error.contains("imdb") && error.contains("20news"), "\(error)")
    }

    @Test func malformedFiles() throws {
        let files = try ScratchDirectory()
        let cases: [(String, String, String, String)] = [
            // (file name, contents, extra options, expected message)
            ("a.tsv", "text\tlabel\ngood\t1\nbad\tneg\n", "", "a.tsv:3: label 'neg' is not 0 or 1"),
            ("b.tsv", "text\tlabel\ngood\tpos\nbad\tmeh\n", ", labels={neg=0, pos=1}", "b.tsv:3: label 'meh' is not in labels={neg, pos}"),
            ("c.jsonl", "{\"text\": \"a\", \"label\": 1}\n{\"text\": \"b\", \"label\": 0\n", "", "c.jsonl:2: "),
            ("d.jsonl", "[1, 2]\n", "", "d.jsonl:1: expected a JSON object, got"),
            ("e.csv", "text,label\n\"open,1\nmore,0\n", "", "e.csv:2: a quoted field is not closed before the end of the file"),
            ("f.csv", "review,label\nhello,1\n", "", "f.csv:2: no field 'text' (fields: label, review; choose one with text=)"),
            ("g.csv", "text,label\nhello,1,extra\n", "", "g.csv:2: 3 fields, but the header has 2"),
            ("h.jsonl", "{\"text\": 5, \"label\": 1}\n", "", "h.jsonl:1: field 'text' must be a string, got"),
            ("i.jsonl", "{\"text\": \"a\", \"label\": [1]}\n", "", "i.jsonl:1: label must be a number, string or boolean"),
            ("j.tsv", "text\tlabel\n", "", "j.tsv: no examples"),
            ("k.csv", "text,label\n\"a\"b,1\n", "", "k.csv:2: field 1: unexpected text after a closing quote"),
            ("l.tsv", "text\tlabel\nhello\t2\n", "", "label '2' is not 0 or 1"),
        ]
        for (name, contents, extra, message) in cases {
            let path = try files.write(name, contents)
            let error = try #require(try LuaSession().error("sa.dataset{train=[[\(path)]]\(extra)}"), "\(name)")
            #expect(error.contains(message), "\(name): \(error)")
            #expect(error.contains(path), "the message names the file: \(error)")
        }
    }

    @Test(arguments: [
        ("ds.test[1.5]", "split index must be an integer, got number"),
        ("ds.test[true]", "split index must be an integer, got boolean"),
        ("ds.test.nmae", "split has no field 'nmae' (fields: name)"),
        ("ds.tset", "dataset has no field 'tset' (fields: train, dev, test, vocab, name, version, provenance)"),
        ("ds.test[1].tokenz", "example has no field 'tokenz' (fields: id, text, label, tokens, ids, length)"),
        ("ds.test[1].ids = {}", "example"),
    ])
    func indexErrors(code: String, message: String) throws {
        let lua = try sstSession()
        let statement = code.contains(" = ") ? code : "local x = \(code)"
        let error = try #require(lua.error(statement))
        #expect(error.contains(message), "\(code): \(error)")
    }

    /// A split indexes like a Lua array: nil past either end, so that ipairs visits every example.
    @Test func arrayIndexing() throws {
        let lua = try sstSession()
        try lua.run("""
            assert(ds.test[0] == nil and ds.test[1726] == nil and ds.test[-1] == nil)
            assert(ds.test:sample(0)[1] == nil and ds.test[1725] ~= nil)
            local n, labels = 0, 0
            for i, ex in ipairs(ds.test) do n = n + 1; labels = labels + ex.label; assert(i == n) end
            assert(n == 1725 and labels == 862, n)
            """)
    }

    @Test func closedObjects() throws {
        let lua = try sstSession()
        for (make, use, type) in [
            ("ds.test", "#y", "split"),
            ("ds.test", "y:stats()", "split"),
            ("ds.test[1]", "y.text", "example"),
            ("ds.vocab", "y:id('the')", "vocabulary"),
            ("ds.vocab", "tostring(y)", "vocabulary"),
            ("ds", "y.train", "dataset"),
        ] {
            let error = try #require(lua.error("local y do local x <close> = \(make); y = x end; local z = \(use)"))
            #expect(error.contains("attempt to use a closed \(type)"), "\(make): \(error)")
        }
    }

    @Test func documented() throws {
        let lua = try LuaSession()
        let help = try lua.help("sa.dataset")
        #expect(help.contains("sa.dataset(name") && help.contains("sa.dataset{train=path"), "\(help)")
        #expect(try lua.help("sa.vectors").contains("sa.vectors(path, vocab"))
    }
}
