import Testing

/// Inputs found by fuzzing the shell that crashed, hung or returned NaN: each is now a Lua error
/// with a clear message, or the right number.
@Suite struct HostileInputTests {
    @Test func selfNestedAndDeeplyNestedTablesAreErrors() throws {
        let lua = try LuaSession()
        #expect(lua.error("local a = {} a[1] = a sa.tensor(a)")?.contains("nested deeper than 3 levels") == true)
        #expect(lua.error("local a = {} for i = 1, 1e5 do a = {a} end sa.entropy(a)")?.contains("nested deeper") == true)
    }

    @Test func absurdSizesAreErrorsNotTraps() throws {
        let lua = try LuaSession()
        #expect(lua.error("sa.zeros(2^40, 2^40, 2^40)")?.contains("too large") == true)
        #expect(lua.error("sa.zeros(1e18)")?.contains("too large") == true)
        #expect(lua.error("sa.zeros(0, 2^40, 2^40)")?.contains("too large") == true)  // empty, yet unprintable
        #expect(lua.error("sa.stats.bootstrap({1, 2, 3}, {n = math.maxinteger})")?.contains("at most") == true)
        #expect(lua.error("local a = {} for i = 1, 40 do a[i] = i end sa.stats.permutation_test(a, a, {n = 2^40})")?
            .contains("at most") == true)
    }

    @Test func missingArgumentsSayNoValue() throws {
        let lua = try LuaSession()
        #expect(lua.error("sa.tensor()")?.contains("(table or tensor expected, got no value)") == true)
        #expect(lua.error("sa.entmax({1})")?.contains("(number expected, got no value)") == true)
    }

    @Test func extremeScalesStayFiniteAndExact() throws {
        let lua = try LuaSession()
        // Sparsegen is shift-invariant to the last bit now that it scales after the row shift.
        try lua.run("assert(sa.sparsegen(sa.tensor{1000, 1000.0625}, 0.3) == sa.sparsegen(sa.tensor{0, 0.0625}, 0.3))")
        try lua.run("local p = sa.sparsegen({3e38, 0}, 0.5) assert(p[1] == 1 and p[2] == 0)")
        try lua.run("local p = sa.gumbel_softmax({1, 2, 3}, 1e-45, {seed = 1}) assert(p:sum() == 1 and p:max() == 1)")
        try lua.run("local m, sd = sa.stats.mean_sd({1e308, 1e308}) assert(m == 1e308 and sd == 0)")
        try lua.run("assert(sa.stats.permutation_test({1e308, 1.5e308}, {-1e308, -1e308}) == 0.5)")
    }

    @Test func nanHasNoOrder() throws {
        let lua = try LuaSession()
        for method in ["sort", "max", "argmax"] {
            #expect(lua.error("local x = sa.tensor{3, 1, 2} * sa.tensor{1, 0/0, 1} x:\(method)()")?
                .contains("\(method): the tensor holds NaN, which has no order") == true)
        }
        #expect(lua.error("local x = sa.tensor{0/0, 1} x:topk(1)")?.contains("holds NaN") == true)
    }

    @Test func divergencesOfTinyProbabilities() throws {
        let lua = try LuaSession()
        try lua.run("assert(sa.jsd({1, 5e-324}, {1, 0}) < 1e-300)")                 // (p + q) / 2 underflowed: ln 2
        try lua.run("assert(math.abs(sa.kl({0, 1}, {1, 1e-320}) - 736.8272408909739) < 1e-9)")  // p / q overflowed: inf
    }

    /// A long Float32 softmax row sums to 1 only within a few ulps per position.
    @Test func longProjectedRowsAreDistributions() throws {
        let lua = try LuaSession()
        try lua.run("local v = {} for i = 1, 20000 do v[i] = math.sin(i) end assert(sa.entropy(sa.softmax(v)) > 0.9)")
        #expect(lua.error("sa.entropy({0.5, 0.6})")?.contains("sum to 1.1") == true)
    }
}
