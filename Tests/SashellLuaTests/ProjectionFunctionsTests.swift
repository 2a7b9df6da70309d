import Testing

@Suite struct ProjectionFunctionsTests {
    /// Asserts in Lua that `expression` is a tensor within 1e-6 of `expected`, a Lua array.
    private func expectClose(_ lua: LuaSession, _ expression: String, _ expected: String) throws {
        try lua.run("""
            local got, want = (\(expression)):totable(), \(expected)
            assert(#got == #want, 'length ' .. #got)
            for i = 1, #want do assert(math.abs(got[i] - want[i]) < 1e-6, i .. ': ' .. got[i]) end
            """)
    }

    @Test func handCases() throws {
        let lua = try LuaSession()
        try expectClose(lua, "sa.sparsemax{1, 0.5, -1}", "{0.75, 0.25, 0}")
        try expectClose(lua, "sa.sparsemax(sa.tensor{1, 0.5, -1})", "{0.75, 0.25, 0}")
        try expectClose(lua, "sa.softmax{0, math.log(3)}", "{0.25, 0.75}")
        try expectClose(lua, "sa.softmax({0, 5, math.log(3)}, {mask={1, 0, 1}})", "{0.25, 0, 0.75}")
        // sparsegen-lin(0.5) is sparsemax(2z): {2, 1, -2} gives {1, 0, 0}.
        try expectClose(lua, "sa.sparsegen({1, 0.5, -1}, 0.5)", "{1, 0, 0}")
        try expectClose(lua, "sa.entmax({1, 0.5, -1}, 2)", "{0.75, 0.25, 0}")
        try expectClose(lua, "sa.uniform({5, 1, 2, 0}, {mask={1, 1, 0, 1}})", "{1/3, 1/3, 0, 1/3}")
        try expectClose(lua, "sa.sparsemax{{1, 0.5, -1}, {0, 0, 0}}[2]", "{1/3, 1/3, 1/3}")
        try lua.run("""
            local a, b = sa.gumbel_softmax({1, 2, 3}, 0.5, {seed=7}), sa.gumbel_softmax({1, 2, 3}, 0.5, {seed=7})
            assert(a == b and math.abs(a:sum() - 1) < 1e-6)
            assert(sa.gumbel_softmax({1, 2, 3}, 1):shape()[1] == 3)
            """)
    }

    @Test(arguments: [
        ("sa.sparsegen({1, 2}, 1)", "test:1: bad argument #2 to 'sparsegen' (sparsegen: lambda must be < 1, got 1.0)"),
        ("sa.entmax({1, 2}, 0.5)", "test:1: bad argument #2 to 'entmax' (entmax: alpha must be >= 1, got 0.5)"),
        ("sa.gumbel_softmax({1, 2}, 0)", "test:1: bad argument #2 to 'gumbel_softmax' (gumbel: tau must be > 0, got 0.0)"),
        ("sa.gumbel_softmax({1, 2}, 1, {sed=1})", "test:1: bad argument #3 to 'gumbel_softmax' (unknown option 'sed' (did you mean 'seed'?))"),
        ("sa.gumbel_softmax({1, 2}, 1, {seed=-1})", "test:1: bad argument #3 to 'gumbel_softmax' (option 'seed' must be non-negative, got -1)"),
        ("sa.sparsemax{1, 0/0}", "test:1: bad argument #1 to 'sparsemax' (value 2 is not finite)"),
        ("sa.softmax{math.huge, 1}", "test:1: bad argument #1 to 'softmax' (value 1 is not finite)"),
        ("sa.sparsemax({{1, 2}, {3, 4}}, {mask={{1, 0}, {0, 0}}})", "test:1: bad argument #2 to 'sparsemax' (mask leaves a row with no position to attend to)"),
        ("sa.sparsemax({1, 2}, {mask={1, 0, 1}})", "test:1: bad argument #2 to 'sparsemax' (mask must hold 0s and 1s in the shape of the input, [2])"),
        ("sa.sparsemax({1, 2}, {mask={1, 0.5}})", "test:1: bad argument #2 to 'sparsemax' (mask must hold 0s and 1s in the shape of the input, [2])"),
        ("sa.sparsemax({1, 2}, {mask={}})", "test:1: bad argument #2 to 'sparsemax' (mask: array is empty)"),
        ("sa.sparsemax('x')", "test:1: bad argument #1 to 'sparsemax' (table or tensor expected, got string)"),
        ("sa.sparsemax{{{1}}}", "test:1: bad argument #1 to 'sparsemax' (expected a 1-D to 2-D array or tensor, got shape [1, 1, 1])"),
        ("sa.sparsegen({1, 2}, 'x')", "test:1: bad argument #2 to 'sparsegen' (number expected, got string)"),
    ])
    func errors(code: String, message: String) throws {
        #expect(try LuaSession().error(code) == message)
    }

    @Test func documented() throws {
        let lua = try LuaSession()
        for name in ["softmax", "sparsemax", "sparsegen", "entmax", "gumbel_softmax", "uniform"] {
            #expect(try lua.help("sa.\(name)").hasPrefix("sa.\(name)("), "\(name)")
        }
    }
}
