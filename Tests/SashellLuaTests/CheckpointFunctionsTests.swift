import Foundation
@testable import SashellLua
import TestSupport
import Testing

/// m:save and sa.load of model checkpoints.
@Suite struct CheckpointFunctionsTests {
    let scratch: ScratchDirectory
    let lua: LuaSession

    init() throws {
        (scratch, lua) = try toyTaskSession()
    }

    @Test func saveAndLoadRoundTrip() throws {
        let path = scratch.path + "/m.safetensors"
        try lua.run("""
            m = sa.model{dataset=ds, embedding=8, hidden=8, seed=1, projection='sparsemax'}
            m:fit(ds, {epochs=2, lr=1e-2})
            m:save([[\(path)]])
            m2 = sa.load([[\(path)]])
            assert(getmetatable(m2) == getmetatable(m))
            local a, b = m:predict(ds.test), m2:predict(ds.test)
            for i = 1, #a do assert(a[i] == b[i], i) end
            assert(m2:predict('the film was good') == m:predict('the film was good'))
            local h, h2 = m.history, m2.history
            assert(#h2.epochs == 2 and h2.best_epoch == h.best_epoch and h2.interrupted == false)
            assert(h2.pos_weight == h.pos_weight)
            for i = 1, 2 do
                for _, k in ipairs{'epoch', 'train_loss', 'dev_accuracy', 'dev_auc', 'dev_loss', 'seconds', 'examples_per_second'} do
                    assert(h.epochs[i][k] == h2.epochs[i][k], k)
                end
            end
            assert(m2.config.projection == 'sparsemax' and m2.config.hidden == 8 and m2.config.seed == 1)
            assert(#m2.vocab == #m.vocab)
            """)
        let summary = try lua.evaluate("m2")
        #expect(summary.contains("embeddings: loaded from m.safetensors"), "\(summary)")
        #expect(summary.contains("trained 2 epochs; kept epoch"), "\(summary)")
        // An untrained model has no history, and loads without one.
        try lua.run("sa.model{dataset=ds, embedding=8, hidden=8}:save([[\(path)]]); assert(sa.load([[\(path)]]).history == nil)")
    }

    @Test func tensorFilesStillLoadAsTensors() throws {
        try lua.run("""
            local t = sa.tensor{{1, 2}, {3, 4}}
            t:save([[\(scratch.path)/t.safetensors]])
            local u = sa.load([[\(scratch.path)/t.safetensors]])
            assert(u:shape()[1] == 2 and u[2][1] == 3)
            """)
    }

    @Test func corruptAndMissingFilesAreErrors() throws {
        let path = scratch.path + "/m.safetensors"
        try lua.run("sa.model{dataset=ds, embedding=8, hidden=8}:save([[\(path)]])")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // Truncated: the tensors' data is cut short.
        try bytes.prefix(bytes.count - 100).write(to: URL(fileURLWithPath: scratch.path + "/short.safetensors"))
        let short = lua.error("sa.load([[\(scratch.path)/short.safetensors]])")
        #expect(short?.hasPrefix("test:1: cannot load tensors: \(scratch.path)/short.safetensors") == true, "\(short ?? "no error")")
        // Garbage.
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: scratch.path + "/junk.safetensors"))
        #expect(lua.error("sa.load([[\(scratch.path)/junk.safetensors]])")?.contains("junk.safetensors") == true)
        // A checkpoint whose config was tampered with: a model error naming the file.
        var text = bytes
        let needle = Data("\\\"hidden\\\":8".utf8)
        let found = try #require(bytes.range(of: needle))
        text.replaceSubrange(found, with: Data("\\\"hidden\\\":9".utf8))
        try text.write(to: URL(fileURLWithPath: scratch.path + "/tampered.safetensors"))
        let tampered = lua.error("sa.load([[\(scratch.path)/tampered.safetensors]])")
        #expect(tampered?.hasPrefix("test:1: cannot load the model: \(scratch.path)/tampered.safetensors: ") == true, "\(tampered ?? "no error")")
        #expect(lua.error("sa.load([[\(scratch.path)/absent.safetensors]])")?.contains("absent.safetensors") == true)
        // Saving where one cannot names the path.
        let unwritable = lua.error("sa.model{dataset=ds, embedding=8, hidden=8}:save([[\(scratch.path)/no/dir/m.safetensors]])")
        #expect(unwritable?.hasPrefix("test:1: cannot save the model to \(scratch.path)/no/dir/m.safetensors") == true, "\(unwritable ?? "no error")")
    }

    @Test func helpDocumentsSaveAndLoad() throws {
        #expect(try lua.help("sa.load").contains("model checkpoint"))
        let object = try lua.help("sa.model{dataset=ds, embedding=8, hidden=8}")
        #expect(object.contains("  save "), "\(object)")
    }
}
