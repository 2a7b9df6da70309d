import Foundation
@testable import SashellLua
import TestSupport
import Testing

/// sa.model and the model's methods, on a small separable task written as a TSV file.
@Suite struct ModelFunctionsTests {
    let scratch: ScratchDirectory
    let lua: LuaSession

    /// 96 / 24 / 30 reviews of the toy task.
    init() throws {
        (scratch, lua) = try toyTaskSession(trainCount: 96, devCount: 24, testCount: 30)
    }

    @Test func trainsAndExplainsItself() throws {
        try lua.run("""
            m = sa.model{dataset=ds, embedding=8, hidden=8, seed=1}
            before = m:evaluate(ds.test)
            h = m:fit(ds, {epochs=8, lr=3e-2, select='loss', seed=2})
            after = m:evaluate(ds.test)
            assert(after.accuracy == 1 and after.auc == 1 and after.n == 30, after.accuracy)
            assert(after.loss < before.loss)
            assert(#h.epochs == 8 and h.best_epoch >= 1 and not h.interrupted and h.pos_weight == 1)
            assert(m.history.best_epoch == h.best_epoch and h.epochs[1].dev_auc ~= nil)
            local out = m:forward(ds.test[2])
            assert(#out.tokens == #ds.test[2] and out.attention:shape()[1] == #ds.test[2])
            assert(math.abs(out.attention:sum() - 1) < 1e-5)
            assert(out.hidden:shape()[1] == #ds.test[2] and out.hidden:shape()[2] == 16)
            assert(math.abs(out.p - m:predict(ds.test[2])) < 1e-6 and out.p > 0.5)
            assert(math.abs(1 / (1 + math.exp(-out.logit)) - out.p) < 1e-6)
            local probabilities = m:predict(ds.test)
            assert(#probabilities == 30 and math.abs(probabilities[2] - out.p) < 1e-6)
            -- Texts and token arrays go through the dataset's tokenizer and vocabulary.
            assert(m:predict('the film was good') > 0.5 and m:predict({'the', 'plot', 'was', 'bad'}) < 0.5)
            local unknown = m:forward('good zebra')
            assert(unknown.tokens[1] == 'good' and unknown.tokens[2] == '<UNK>')
            """)
        let summary = try lua.evaluate("m")
        #expect(summary.hasPrefix("model: BiLSTM (embedding 8, hidden 8 per direction) + additive attention, softmax;"), "\(summary)")
        #expect(summary.contains("trained 8 epochs; kept epoch"), "\(summary)")
        #expect(try lua.evaluate("m.config.encoder .. m.config.hidden .. m.config.projection") == "lstm8softmax")
    }

    @Test func everyArchitectureRuns() throws {
        for options in ["encoder='transformer', attention='dot', projection='sparsegen', lambda=0.5",
                        "encoder='transformer', norm='pre', layers=1, ffn=16, attention='deep', projection='entmax', alpha=1.5",
                        "projection='gumbel', tau=0.5", "projection='uniform', train_embeddings=false"] {
            try lua.run("""
                local m = sa.model{dataset=ds, embedding=8, hidden=8, seed=1, \(options)}
                m:fit(ds, {epochs=1, lr=1e-2})
                local out = m:forward(ds.test[1])
                assert(math.abs(out.attention:sum() - 1) < 1e-5, [[\(options)]])
                """)
        }
        #expect(try lua.evaluate("sa.model{dataset=ds, encoder='transformer', embedding=8, hidden=8, projection='sparsegen', lambda=0.5}.config.lambda") == "0.5")
        let scaled = try lua.evaluate("sa.model{dataset=ds, encoder='transformer', embedding=8, hidden=4, embedding_scale=2}")
        #expect(scaled.hasPrefix("model: Transformer (embedding 8 ×2.0, d 4,"), "\(scaled)")
    }

    @Test(arguments: [
        ("sa.model{}", "give the data the model reads: dataset=ds or vocab=ds.vocab"),
        ("sa.model{dataset=ds, projection='sparsegen'}", "projection sparsegen needs option 'lambda'"),
        ("sa.model{dataset=ds, lambda=0.5}", "option 'lambda' is not a parameter of softmax"),
        ("sa.model{dataset=ds, projection='sparsegen', lambda=1}", "sparsegen: lambda must be < 1, got 1.0"),
        ("sa.model{dataset=ds, projection='sparsmax'}", "option 'projection' must be 'softmax', 'sparsemax'"),
        ("sa.model{dataset=ds, hidden=0}", "sizes must be positive"),
        ("sa.model{dataset=ds, embedding_scale=2}", "embedding_scale is the Transformer's"),
        ("sa.model{dataset=ds, encoder='transformer', embedding_scale=0}", "embedding_scale must be a finite positive number, got 0.0"),
        ("sa.model{dataset=ds, encoder='transformer', embedding_scale=1e300}", "embedding_scale must be a finite positive number, got inf"),
        ("sa.model{dataset=ds, encodr='lstm'}", "unknown option 'encodr' (did you mean 'encoder'?)"),
        ("sa.model{dataset=ds, embeddings='/nonexistent.vec'}", "cannot open /nonexistent.vec"),
        ("sa.model{dataset=ds, embedding=4, hidden=4}:forward('')", "the input has no tokens"),
        ("sa.model{dataset=ds, embedding=4, hidden=4}:forward(3)", "example, string or table expected, got number"),
        ("sa.model{dataset=ds, embedding=4, hidden=4}:evaluate(ds.test:sample(0))", "the split is empty"),
        ("sa.model{dataset=ds, embedding=4, hidden=4}:fit(ds, {epochs=0})", "option 'epochs' must be positive, got 0"),
        ("sa.model{dataset=ds, embedding=4, hidden=4}:fit(ds, {lr=-1})", "option 'lr' must be a positive number below 3.4e38, got -1.0"),
        ("sa.model{dataset=ds, embedding=4, hidden=4}:fit(ds, {select='f1'})", "option 'select' must be 'auc', 'accuracy' or 'loss'"),
        ("sa.model{dataset=ds, embedding=4, hidden=4}.weights", "model has no field 'weights'"),
        ("sa.model{dataset=ds, encoder='transformer', hidden=4096, layers=64, ffn=16384}", "the model would have about"),
        ("sa.model{dataset=ds, embedding=4, hidden=4}:fit(ds, {lr=1e300})", "option 'lr' must be a positive number below 3.4e38"),
    ])
    func errors(code: String, message: String) throws {
        let error = try #require(lua.error("local x = \(code)"), "\(code)")
        #expect(error.contains(message), "\(code): \(error)")
    }

    /// A model reads only data encoded with its own vocabulary, even when the sizes agree.
    @Test func otherVocabulariesAreRefused() throws {
        let other = try scratch.write("other.tsv", "text\tlabel\n" + (0..<40).map { "w\($0 % 9) x\t\($0 % 2)" }.joined(separator: "\n"))
        try lua.run("other = sa.dataset{train=[[\(other)]], test=[[\(other)]], dev_fraction=0}; m = sa.model{dataset=ds, embedding=4, hidden=4}")
        for code in ["m:evaluate(other.test)", "m:predict(other.test)", "m:forward(other.test[1])", "m:fit(other)"] {
            let error = try #require(lua.error(code), "\(code)")
            #expect(error.contains("vocabulary"), "\(code): \(error)")
        }
    }

    @Test func fitRefusesOneLabelAndAnotherVocabulary() throws {
        let one = try scratch.write("one.tsv", "text\tlabel\na b\t1\nc d\t1\n")
        try lua.run("m = sa.model{dataset=ds, embedding=4, hidden=4}; single = sa.dataset{train=[[\(one)]], dev_fraction=0}")
        #expect(lua.error("m:fit(single)")?.contains("is not the model's") == true)
        let other = try scratch.write("other.tsv", "text\tlabel\n" + (0..<40).map { "w\($0) x\t\($0 % 2)" }.joined(separator: "\n"))
        try lua.run("other = sa.dataset{train=[[\(other)]], dev_fraction=0}; m2 = sa.model{dataset=single, embedding=4, hidden=4}")
        #expect(lua.error("m2:fit(single)")?.contains("the training split must hold both labels, it has 1 only") == true)
        #expect(lua.error("m2:fit(other)")?.contains("vocabulary") == true)
    }
}
