import Testing

@Suite struct StatisticsFunctionsTests {
    @Test func handCases() throws {
        let lua = try LuaSession()
        try lua.run("""
            local function close(a, b) return math.abs(a - b) < 1e-9 end
            local tau, p = sa.kendall({1, 2, 3}, {1, 2, 3}); assert(tau == 1 and p <= 1, tau)
            assert(sa.kendall({1, 2, 3}, {3, 2, 1}) == -1)
            assert(sa.kendall(sa.tensor{1, 2, 3, 4}, {1, 2, 4, 3}, {variant='a'}) == 4 / 6)
            local r = sa.pearson({1, 2, 3}, {2, 4, 6}); assert(close(r, 1), r)
            local rho, prho = sa.spearman({1, 2, 3, 4}, {1, 4, 9, 16}); assert(close(rho, 1) and prho < 0.05, rho)
            assert(close(sa.entropy{0.5, 0.5}, 1))
            assert(close(sa.entropy({0.5, 0.5}, {normalized=false, base=2}), 1))
            assert(close(sa.entropy({2, 2}, {normalize_input=true}), 1))
            assert(close(sa.entropy{1, 0, 0}, 0))
            assert(close(sa.jsd({1, 0}, {0, 1}), math.log(2)))
            assert(close(sa.tvd({1, 0}, {0, 1}), 1))
            assert(sa.kl({0.5, 0.5}, {1, 0}) == math.huge)
            assert(close(sa.kl({0.5, 0.5}, {0.5, 0.5}), 0))
            """)
    }

    @Test(arguments: [
        ("sa.kendall({1, 2, 3}, {1, 2, 3, 4})", "test:1: kendall: inputs differ in length (3 and 4)"),
        ("sa.kendall({1, 2}, {1, 2}, {variant='c'})", "test:1: bad argument #3 to 'kendall' (option 'variant' must be 'a' or 'b', got 'c')"),
        ("sa.kendall({1, 2}, {1, 2}, {varient='a'})", "test:1: bad argument #3 to 'kendall' (unknown option 'varient' (did you mean 'variant'?))"),
        ("sa.entropy({0.5, 0.6})", "test:1: entropy: not a probability distribution: values sum to 1.1"),
        ("sa.entropy({0.5, 0.5}, {normalized=false, base=1})", "test:1: entropy: base must be positive, finite and not 1, got 1.0"),
        ("sa.pearson({1, 0/0}, {1, 2})", "test:1: pearson: value 2 is not finite"),
        ("sa.jsd('p', {1})", "test:1: bad argument #1 to 'jsd' (table or tensor expected, got string)"),
        ("sa.tvd({{1}}, {1})", "test:1: bad argument #1 to 'tvd' (expected a 1-D array or tensor, got shape [1, 1])"),
    ])
    func errors(code: String, message: String) throws {
        let error = try #require(try LuaSession().error(code))
        #expect(error.hasPrefix(message), "\(error)")
    }

    @Test func documented() throws {
        let lua = try LuaSession()
        for name in ["entropy", "kendall", "spearman", "pearson", "jsd", "kl", "tvd"] {
            #expect(try lua.help("sa.\(name)").hasPrefix("sa.\(name)("), "\(name)")
        }
    }
}

@Suite struct SummaryFunctionsTests {
    @Test func handCases() throws {
        let lua = try LuaSession()
        try lua.run("""
            local m, sd = sa.stats.mean_sd{1, 2, 3, 4}
            assert(m == 2.5 and math.abs(sd - math.sqrt(5 / 3)) < 1e-12, sd)
            local ci = sa.stats.bootstrap({1, 2, 3, 4, 5}, {n=200, level=0.9, seed=3})
            assert(ci.estimate == 3 and ci.low <= 3 and ci.high >= 3 and ci.level == 0.9)
            local again = sa.stats.bootstrap({1, 2, 3, 4, 5}, {n=200, level=0.9, seed=3})
            assert(again.low == ci.low and again.high == ci.high)
            -- Exact: 4 differences of 1, only the 2 all-same-sign patterns of 16 are as extreme.
            assert(sa.stats.permutation_test({1, 1, 1, 1}, {0, 0, 0, 0}) == 2 / 16)
            assert(sa.stats.permutation_test(sa.tensor{1, 2}, {1, 2}, {n=100, seed=1}) == 1)
            """)
    }

    @Test(arguments: [
        ("sa.stats.bootstrap({1, 2}, {sed=1})", "test:1: bad argument #2 to 'bootstrap' (unknown option 'sed' (did you mean 'seed'?))"),
        ("sa.stats.bootstrap({1, 2}, {level=2})", "test:1: bootstrap: level must lie in (0, 1), got 2.0"),
        ("sa.stats.bootstrap({1, 2}, {seed=-2})", "test:1: bad argument #2 to 'bootstrap' (option 'seed' must be non-negative, got -2)"),
        ("sa.stats.permutation_test({1, 2}, {1})", "test:1: permutation_test: inputs differ in length (2 and 1)"),
        ("sa.stats.mean_sd{}", "test:1: bad argument #1 to 'mean_sd' (array is empty)"),
    ])
    func errors(code: String, message: String) throws {
        #expect(try LuaSession().error(code) == message)
    }

    @Test func documented() throws {
        let lua = try LuaSession()
        let stats = try lua.help("sa.stats")
        #expect(stats.hasPrefix("sa.stats: summaries of repeated measurements."))
        for name in ["bootstrap", "mean_sd", "permutation_test"] {
            #expect(stats.contains("  \(name) "), "\(name)")
        }
        #expect(try lua.help("sa").contains("  stats "))
    }
}
