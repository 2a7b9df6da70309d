import Foundation
import Autodiff
import Testing

@Suite struct TensorObjectTests {
    @Test func constructionFromNestedArrays() throws {
        let lua = try LuaSession()
        #expect(try lua.evaluate("sa.tensor{0.2, 0.3, 0.5}") == "tensor([3], [0.2, 0.3, 0.5])")
        #expect(try lua.evaluate("sa.tensor{{1, 2, 3}, {4, 5, 6}}") == "tensor([2, 3], [[1, 2, 3], [4, 5, 6]])")
        #expect(try lua.evaluate("sa.tensor{{{1}, {2}}}") == "tensor([1, 2, 1], [[[1], [2]]])")
        #expect(try lua.evaluate("sa.zeros(2, 2)") == "tensor([2, 2], [[0, 0], [0, 0]])")
        #expect(try lua.evaluate("sa.tensor(sa.tensor{1})") == "tensor([1], [1])")
        #expect(try lua.evaluate("sa.tensor{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}") == "tensor([10], [1, 2, 3, …, 8, 9, 10])")
        #expect(try lua.evaluate("sa.zeros(8, 2)") == "tensor([8, 2], [[0, 0], [0, 0], [0, 0], …, [0, 0], [0, 0], [0, 0]])")
        #expect(try lua.evaluate("sa.tensor{1e-5, 1e10, -0.5}") == "tensor([3], [1e-05, 1e+10, -0.5])")
    }

    @Test(arguments: [
        ("sa.tensor{}", "test:1: bad argument #1 to 'tensor' (array is empty)"),
        ("sa.tensor{1, 'x'}", "test:1: bad argument #1 to 'tensor' (element [2] is a string, expected a number)"),
        ("sa.tensor{{1, 2}, {3}}", "test:1: bad argument #1 to 'tensor' (ragged nesting: element [2] has 1 elements, expected 2)"),
        ("sa.tensor{1, {2}}", "test:1: bad argument #1 to 'tensor' (ragged nesting: element [2] is a table where its neighbours are not)"),
        ("sa.tensor{{1}, 2}", "test:1: bad argument #1 to 'tensor' (ragged nesting: element [2] is a number where its neighbours are not)"),
        ("sa.tensor{{}}", "test:1: bad argument #1 to 'tensor' (element [1] is empty)"),
        ("sa.tensor(3)", "test:1: bad argument #1 to 'tensor' (table or tensor expected, got number)"),
        ("sa.tensor{{{{1}}}}", "test:1: bad argument #1 to 'tensor' (arrays nested deeper than 3 levels)"),
        ("sa.zeros(2, -1)", "test:1: bad argument #2 to 'zeros' (dimension must be non-negative, got -1)"),
        ("sa.zeros()", "test:1: zeros takes one to three dimensions, got 0"),
    ])
    func constructionErrors(code: String, message: String) throws {
        #expect(try LuaSession().error(code) == message)
    }

    @Test func indexingAndLength() throws {
        let lua = try LuaSession()
        try lua.run("v = sa.tensor{0.5, 2, 3}; m = sa.tensor{{1, 2}, {3, 4}, {5, 6}}")
        #expect(try lua.evaluate("v[2]") == "2.0")
        #expect(try lua.evaluate("#v .. ' ' .. #m") == "3 3")
        #expect(try lua.evaluate("m[3]") == "tensor([2], [5, 6])")
        #expect(try lua.evaluate("m[3][1]") == "5.0")
        #expect(try lua.evaluate("sa.tensor{{{1, 2}}, {{3, 4}}}[2]") == "tensor([1, 2], [[3, 4]])")
        #expect(lua.error("return v[4]") == "test:1: tensor index 4 out of range (valid: 1..3)")
        #expect(lua.error("return v[0]") == "test:1: tensor index 0 out of range (valid: 1..3)")
        #expect(lua.error("return v[1.5]") == "test:1: tensor index must be an integer, got 1.5 (valid: 1..3)")
        #expect(lua.error("return v.size") == "test:1: tensor has no method 'size'")
        #expect(lua.error("return sa.zeros(0)[1]") == "test:1: tensor index 1 out of range (the tensor is empty)")
    }

    @Test func methods() throws {
        let lua = try LuaSession()
        try lua.run("v = sa.tensor{3, 1, 4, 1, 5}; m = sa.tensor{{1, 2}, {3, 4}}")
        try lua.run("""
            local s = m:shape(); assert(#s == 2 and s[1] == 2 and s[2] == 2)
            local t = m:totable(); assert(t[2][1] == 3 and #t == 2)
            assert(v:sum() == 14 and v:mean() == 2.8 and v:max() == 5 and v:argmax() == 5)
            local top = v:topk(3); assert(top[1] == 5 and top[2] == 3 and top[3] == 1)
            local ties = v:topk(2); assert(sa.tensor{1, 2, 2}:topk(2)[1] == 2 and sa.tensor{1, 2, 2}:topk(2)[2] == 3)
            assert(sa.tensor{2, 7, 7}:argmax() == 2)
            assert(v:sort() == sa.tensor{1, 1, 3, 4, 5})
            assert(v:sort{descending=true} == sa.tensor{5, 4, 3, 1, 1})
            assert(#v:topk(0) == 0)
            """)
        #expect(lua.error("v:topk(6)") == "test:1: bad argument #1 to 'topk' (k must be in 0..5, got 6)")
        #expect(lua.error("m:sort()") == "test:1: sort needs a 1-D tensor, got shape [2, 2]")
        #expect(lua.error("v:sort{descendin=true}") == "test:1: bad argument #1 to 'sort' (unknown option 'descendin' (did you mean 'descending'?))")
        #expect(lua.error("sa.zeros(0):max()") == "test:1: max of an empty tensor")
    }

    @Test func arithmeticMetamethods() throws {
        let lua = try LuaSession()
        try lua.run("a = sa.tensor{1, 2}; b = sa.tensor{4, 8}")
        #expect(try lua.evaluate("a + b") == "tensor([2], [5, 10])")
        #expect(try lua.evaluate("b - a") == "tensor([2], [3, 6])")
        #expect(try lua.evaluate("2 * a") == "tensor([2], [2, 4])")
        #expect(try lua.evaluate("a / 4") == "tensor([2], [0.25, 0.5])")
        #expect(try lua.evaluate("1 - a") == "tensor([2], [0, -1])")
        #expect(try lua.evaluate("-a") == "tensor([2], [-1, -2])")
        #expect(try lua.evaluate("a == sa.tensor{1, 2}") == "true")
        #expect(try lua.evaluate("a == b") == "false")
        #expect(try lua.evaluate("a == sa.tensor{{1, 2}}") == "false")
        #expect(lua.error("return a + sa.tensor{1, 2, 3}") == "test:1: cannot apply '+' to tensors of shapes [2] and [3]")
    }

    @Test func saveAndLoadRoundTrip() throws {
        let lua = try LuaSession()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sa-lua-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try lua.run("""
            local t = sa.tensor{{1.5, -2}, {0.25, 3}}
            t:save('\(directory)/t.safetensors')
            assert(sa.load('\(directory)/t.safetensors') == t)
            """)
        let missing = try #require(lua.error("sa.load('\(directory)/none.safetensors')"))
        #expect(missing.hasPrefix("test:1: cannot load tensors: \(directory)/none.safetensors: cannot read the file"))
        #expect(lua.error("sa.zeros(1):save('\(directory)/no/dir/x')")?.hasPrefix("test:1: cannot save tensor: ") == true)
    }

    @Test func loadGivesATableForSeveralTensors() throws {
        let lua = try LuaSession()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sa-lua-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Autodiff.Safetensors.write(["w": .zeros([2]), "b": .zeros([1])], to: path)
        #expect(try lua.evaluate("sa.load('\(path)').w") == "tensor([2], [0, 0])")
        #expect(try lua.evaluate("sa.load('\(path)').b") == "tensor([1], [0])")
    }

    @Test func helpDocumentsTheClassAndFunctions() throws {
        let lua = try LuaSession()
        let object = try lua.help("sa.tensor{1}")
        #expect(object.hasPrefix("tensor: A tensor of 32-bit floats."))
        for method in ["argmax", "max", "mean", "save", "shape", "sort", "sum", "topk", "totable"] {
            #expect(object.contains("  \(method) "), "\(method)")
        }
        #expect(try lua.help("sa.tensor").hasPrefix("sa.tensor(a) is a tensor"))
    }
}
