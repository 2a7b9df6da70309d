import Foundation
import LuaBridge
@testable import SashellLua
import TestSupport
import Testing

/// sa.adversarial, sa.adversarial_attention and sa.permute_attention from Lua, on the toy task.
@Suite struct AdversarialFunctionsTests {
    let scratch: ScratchDirectory
    let lua: LuaSession

    /// A BiLSTM `m` that has learned the toy task (96 / 24 / 30 reviews), and `R`, a results directory.
    init() throws {
        (scratch, lua) = try toyTaskSession(trainCount: 96, devCount: 24, testCount: 30)
        try lua.run("""
            R = [[\(scratch.path)/results]]
            m = sa.model{dataset=ds, embedding=8, hidden=8, seed=1}
            m:fit(ds, {epochs=8, lr=3e-2, select='loss', seed=2})
            assert(m:evaluate(ds.test).accuracy == 1)
            """)
    }

    /// Both modes train an adversary whose attention differs from m's while it predicts as m
    /// does (the thresholds of the core tests: JSD above 0.3, TVD below 0.05); the report
    /// agrees with measuring the returned adversary by hand.
    @Test func trainsAndReports() throws {
        for mode in ["frozen", "unfrozen"] {
            try lua.run("""
                local adv, r = sa.adversarial(m, ds, {mode='\(mode)', lambda=1, epochs=8, lr=3e-2, results=R})
                assert(r.mode == '\(mode)' and r.lambda == 1 and r.n == 30 and not r.reused and not r.interrupted)
                assert(r.jsd > 0.3 and r.tvd < 0.05, r.jsd .. ' ' .. r.tvd)
                assert(r.accuracy_base == 1 and r.accuracy_difference == r.accuracy - r.accuracy_base and r.agreement >= 0.9)
                assert(#r.epochs == 8 and r.best_epoch >= 1 and r.epochs[1].dev_loss ~= nil and r.epochs[1].train_jsd >= 0)
                assert(type(r.run) == 'number' and r.jsd_sd >= 0)
                -- The report is the adversary's: its JSD and prediction distance, recomputed.
                local jsd, tvd = 0, 0
                for i, ex in ds.test:iter() do
                    local a, b = adv:forward(ex), m:forward(ex)
                    jsd = jsd + sa.jsd(a.attention, b.attention) / #ds.test
                    tvd = tvd + math.abs(a.p - b.p) / #ds.test
                end
                assert(math.abs(jsd - r.jsd) < 1e-5 and math.abs(tvd - r.tvd) < 1e-5, jsd .. ' vs ' .. r.jsd)
                assert(math.abs(adv:evaluate(ds.test).accuracy - r.accuracy) < 1e-12)
                assert(adv.config.hidden == 8 and adv.config.projection == 'softmax')
                """)
        }
        // Frozen: m's embeddings are the adversary's, and its seed is m's; unfrozen: seed m's + 1.
        try lua.run("""
            local frozen = sa.adversarial(m, ds, {mode='frozen', epochs=1, store=false})
            local unfrozen = sa.adversarial(m, ds, {mode='unfrozen', epochs=1, store=false})
            assert(frozen.config.seed == 1 and unfrozen.config.seed == 2)
            local a, b = frozen:forward(ds.test[1]).hidden, m:forward(ds.test[1]).hidden
            for i = 1, #a do for j = 1, 16 do assert(a[i][j] == b[i][j]) end end
            """)
    }

    /// An unfrozen adversary may start from given vectors (W&P's protocol starts it from the
    /// base's pretrained vectors); they must fit m's vocabulary and width, and are its own key.
    @Test func unfrozenFromVectors() throws {
        let rows = ["good", "bad", "film", "plot"].enumerated().map { i, word in
            ([word] + (0..<8).map { String(format: "%.2f", Double($0 + i) / 10) }).joined(separator: " ")
        }
        let narrow = try scratch.write("narrow.txt", "good 0.1 0.2 0.3 0.4\n")
        let vectors = try scratch.write("vectors.txt", rows.joined(separator: "\n") + "\n")
        try lua.run("""
            v = sa.vectors([[\(vectors)]], ds)
            local spec = {mode='unfrozen', epochs=2, lr=3e-2, vectors=v, results=R}
            local _, r1 = sa.adversarial(m, ds, spec)
            local _, r2 = sa.adversarial(m, ds, {mode='unfrozen', epochs=2, lr=3e-2, results=R})
            local _, r3 = sa.adversarial(m, ds, spec)
            assert(r1.run ~= r2.run and r3.reused and r3.run == r1.run)
            local runs = sa.runs({adversarial='unfrozen'}, {results=R})
            assert(#runs == 2 and runs[1].config.embeddings:find('vectors.txt', 1, true) and runs[2].config.embeddings == 'random')
            """)
        #expect(lua.error("sa.adversarial(m, ds, {mode='frozen', vectors=v})")?.contains("option 'vectors' is for mode='unfrozen'") == true)
        let error = lua.error("sa.adversarial(m, ds, {mode='unfrozen', vectors=sa.vectors([[\(narrow)]], ds)})")
        #expect(error?.contains("the vectors are 4-d, m's embeddings 8-d") == true, "\(error ?? "")")
    }

    /// The run store: the same base weights and settings load the stored adversary and report;
    /// other settings, or a base with other weights, train another.
    @Test func reusesStoredAdversaries() throws {
        try lua.run("""
            local spec = {mode='unfrozen', epochs=2, lr=3e-2, results=R}
            local a1, r1 = sa.adversarial(m, ds, spec)
            local a2, r2 = sa.adversarial(m, ds, spec)
            assert(r2.reused and r2.run == r1.run and tostring(a2):find('loaded from', 1, true))
            for _, name in ipairs{'jsd', 'jsd_sd', 'tvd', 'tvd_sd', 'accuracy', 'accuracy_base', 'accuracy_difference',
                                  'agreement', 'n', 'mode', 'lambda', 'best_epoch'} do
                assert(r1[name] == r2[name], name)
            end
            assert(#r2.epochs == 2 and r2.epochs[2].epoch == 2 and r2.epochs[2].dev_jsd == r1.epochs[2].dev_jsd)
            local p1, p2 = a1:predict(ds.test), a2:predict(ds.test)
            for i = 1, #p1 do assert(p1[i] == p2[i]) end
            -- Other settings: another run.
            local _, r3 = sa.adversarial(m, ds, {mode='unfrozen', epochs=2, lr=3e-2, lambda=0.5, results=R})
            assert(not r3.reused and r3.run ~= r1.run)
            -- A base model with other weights (one more epoch of training): another run.
            m:fit(ds, {epochs=1, lr=1e-3})
            local _, r4 = sa.adversarial(m, ds, spec)
            assert(not r4.reused and r4.run ~= r1.run)
            local runs = sa.runs({adversarial='unfrozen'}, {results=R})
            assert(#runs == 3 and runs[1].config.base.weights:find('fnv1a64', 1, true) and runs[1].test.jsd == r1.jsd)
            -- Without the store, nothing is recorded.
            local _, r5 = sa.adversarial(m, ds, {mode='frozen', epochs=1, store=false})
            assert(r5.run == nil and #sa.runs(nil, {results=R}) == 3)
            """)
    }

    /// Ctrl-C (here a stop requested after four batches, in epoch 2 of 3 batches each): the
    /// adversary of the best epoch so far comes back with its report, and the run is marked
    /// interrupted, to be trained again next time.
    @Test func anInterruptedAdversaryIsTrainedAgain() throws {
        var batches = 0
        lua.lua.stack.push(function: AdversarialFunctions.adversarial(shouldStop: {
            batches += 1
            return batches > 4
        }).function)
        lua.lua.stack.setGlobal("stopping_adversarial")
        try lua.run("""
            local spec = {mode='unfrozen', epochs=3, lr=3e-2, results=R}
            local adv, r = stopping_adversarial(m, ds, spec)
            assert(r.interrupted and r.best_epoch == 1 and #r.epochs == 1 and adv.config.seed == 2)
            local runs = sa.runs(nil, {results=R})
            assert(#runs == 1 and runs[1].status == 'interrupted' and runs[1].checkpoint == nil, runs[1].status)
            local _, again = sa.adversarial(m, ds, spec)
            assert(not again.reused and not again.interrupted and #again.epochs == 3 and #sa.runs(nil, {results=R}) == 1)
            """)
    }

    @Test func adversarialAttentionSearch() throws {
        try lua.run("""
            local ex = ds.test[1]
            local r = sa.adversarial_attention(m, ex, {seed=3})
            assert(r.found and r.prediction_change < 0.01 and r.jsd > 0.2, r.jsd)
            assert(#r.attention == #ex and math.abs(r.attention:sum() - 1) < 1e-5)
            assert(math.abs(sa.jsd(r.attention, m:forward(ex).attention) - r.jsd) < 1e-6)
            assert(math.abs(r.p_base - m:predict(ex)) < 1e-5 and math.abs(math.abs(r.p - r.p_base) - r.prediction_change) < 1e-12)
            assert(#r.candidates == 5)
            local best = 0
            for _, c in ipairs(r.candidates) do
                if c.prediction_change < 0.01 then best = math.max(best, c.jsd) end
            end
            assert(best == r.jsd)
            -- Deterministic for a seed.
            assert(sa.adversarial_attention(m, ex, {seed=3}).jsd == r.jsd)
            -- No room (epsilon 0): m's own attention, JSD 0.
            local none = sa.adversarial_attention(m, 'the film was good', {epsilon=0, steps=20, candidates=2})
            assert(not none.found and none.jsd == 0 and none.prediction_change == 0 and none.p == none.p_base)
            local own = m:forward('the film was good').attention
            for i = 1, #own do assert(none.attention[i] == own[i]) end
            """)
    }

    @Test func permuteAttention() throws {
        try lua.run("""
            local ex = ds.test[2]
            local r = sa.permute_attention(m, ex, {n=25, seed=4})
            assert(#r.differences == 25 and r.max >= r.median and r.median >= 0 and r.mean >= 0)
            local sorted = r.differences:sort()
            -- (the tensor holds Float32 copies of the differences)
            assert(math.abs(r.median - sorted[13]) < 1e-7 and math.abs(r.max - sorted[25]) < 1e-7)
            assert(math.abs(r.p_base - m:predict(ex)) < 1e-5)
            -- Uniform attention: every permutation leaves it, and the prediction, exactly as they are.
            local u = sa.model{dataset=ds, embedding=8, hidden=8, seed=1, projection='uniform'}
            local flat = sa.permute_attention(u, ex, {n=30})
            assert(flat.median == 0 and flat.max == 0)
            """)
    }

    @Test(arguments: [
        ("sa.adversarial(m, ds)", "bad argument #3 to 'adversarial' (give the mode: mode='frozen'"),
        ("sa.adversarial(m, ds, {mode='froze'})", "option 'mode' must be 'frozen' or 'unfrozen', got 'froze'"),
        ("sa.adversarial(m, ds, {mode='frozen', lambda=-1})", "option 'lambda' must be a non-negative number below 3.4e38, got -1.0"),
        ("sa.adversarial(m, ds, {mode='frozen', epochs=0})", "option 'epochs' must be positive, got 0"),
        ("sa.adversarial(m, ds, {mode='frozen', lr=0})", "option 'lr' must be a positive number below 3.4e38, got 0.0"),
        ("sa.adversarial(m, ds, {mode='frozen', lr=1e300})", "option 'lr' must be a positive number below 3.4e38, got 1e+300"),
        ("sa.adversarial(m, ds, {mode='frozen', seed=-1})", "option 'seed' must be non-negative, got -1"),
        ("sa.adversarial(m, ds, {mode='frozen', noise=2})", "option 'noise' must be in [0, 1], got 2.0"),
        ("sa.adversarial(m, ds, {mode='unfrozen', train_decoder=false})", "option 'train_decoder' is for mode='frozen'"),
        ("sa.adversarial(m, ds, {mode='unfrozen', scorer='base'})", "option 'scorer' is for mode='frozen'"),
        ("sa.adversarial(m, ds, {mode='frozen', scorer='new'})", "option 'scorer' must be 'fresh' or 'base', got 'new'"),
        ("sa.adversarial(m, ds, {mode='frozen', lamda=1})", "unknown option 'lamda' (did you mean 'lambda'?)"),
        ("sa.adversarial(m, ds, {mode='frozen', store=false, results='x'})", "option 'results' names the run store"),
        ("sa.adversarial(ds, m, {mode='frozen'})", "bad argument #1 to 'adversarial' (model expected, got dataset)"),
        ("sa.adversarial(m, nil, {mode='frozen'})", "bad argument #2 to 'adversarial' (dataset expected, got nil)"),
        ("sa.adversarial(sa.model{dataset=other, embedding=4, hidden=4}, ds, {mode='frozen'})", "the dataset's vocabulary is not the model's"),
        ("sa.adversarial(m, notest, {mode='frozen'})", "bad argument #2 to 'adversarial' (the dataset has no test split to report on)"),
        ("sa.adversarial_attention(m, ds.test[1], {candidates=0})", "option 'candidates' must be between 1 and 64, got 0"),
        ("sa.adversarial_attention(m, ds.test[1], {epsilon=-0.1})", "option 'epsilon' must be a non-negative number"),
        ("sa.adversarial_attention(m, ds.test[1], {steps=-1})", "option 'steps' must be between 0 and 1000000"),
        ("sa.adversarial_attention(m, ds.test[1], {lr=0})", "option 'lr' must be a positive number below 3.4e38, got 0.0"),
        ("sa.adversarial_attention(m, '')", "bad argument #2 to 'adversarial_attention' (the input has no tokens)"),
        ("sa.adversarial_attention(m, 3)", "bad argument #2 to 'adversarial_attention' (example, string or table expected, got number)"),
        ("sa.permute_attention(m, ds.test[1], {n=0})", "option 'n' must be between 1 and 1000000, got 0"),
        ("sa.permute_attention(m, ds.test[1], {seed=-2})", "option 'seed' must be non-negative, got -2"),
        ("sa.permute_attention(m, other.test[1])", "bad argument #2 to 'permute_attention' (it is encoded with another vocabulary"),
        ("sa.permute_attention(nil, ds.test[1])", "bad argument #1 to 'permute_attention' (model expected, got nil)"),
    ])
    func argumentErrors(_ code: String, _ message: String) throws {
        // Data of other words (another vocabulary), and the toy data without a test split.
        let other = try scratch.write("other-train.tsv", "text\tlabel\nzebra lion good\t1\nzebra tiger bad\t0\n")
        try lua.run("""
            other = sa.dataset{train=[[\(other)]], dev=[[\(other)]], test=[[\(other)]]}
            notest = sa.dataset{train=[[\(scratch.path)/toy-train.tsv]], dev=[[\(scratch.path)/toy-dev.tsv]]}
            """)
        let error = try #require(lua.error(code))
        #expect(error.contains(message), "\(error)")
    }

    @Test func helpDocumentsEachFunction() throws {
        #expect(try lua.help("sa.adversarial").contains("TVD(y_adv, y_m) - lambda * JSD(a_adv, a_m)"))
        #expect(try lua.help("sa.adversarial_attention").contains("Jain & Wallace's adversarial attention"))
        #expect(try lua.help("sa.permute_attention").contains("permutation experiment"))
    }
}
