import LuaBridge
import SashellCore

/// `sa.stats`: summaries of repeated measurements (over seeds, examples or models) and tests of
/// whether two paired sets of measurements differ.
enum SummaryFunctions {
    static var module: LuaModule {
        LuaModule("sa", doc: SashellLibrary.doc, submodules: [
            LuaModule("stats", doc: """
                sa.stats: summaries of repeated measurements. mean_sd for a mean and its spread, \
                bootstrap for a confidence interval, permutation_test for whether two paired \
                samples differ.
                """, functions: [
                .init("mean_sd", doc: """
                    sa.stats.mean_sd(values) is the mean of values and their sample standard \
                    deviation (divided by n - 1; 0 for a single value), as two results.
                    """) { stack in
                    let values = try stack.vectorArgument(1)
                    let summary = try StatisticsFunctions.measure("mean_sd") { try meanAndStandardDeviation(values) }
                    stack.push(summary.mean)
                    stack.push(summary.sd)
                    return 2
                },
                .init("bootstrap", doc: """
                    sa.stats.bootstrap(values [, {n=1000, level=0.95, seed=0}]) is a percentile \
                    bootstrap confidence interval for the mean of values from n resamples: a table \
                    {estimate=, low=, high=, level=}. The same seed gives the same interval.
                    """) { stack in
                    let values = try stack.vectorArgument(1)
                    let options = try stack.options(2, [.integer("n", default: 1000), .number("level", default: 0.95),
                                                        .integer("seed", default: 0)])
                    let seed = try options.seed(optionsAt: 2)
                    let interval = try StatisticsFunctions.measure("bootstrap") {
                        try bootstrapMean(values, resamples: options.value("n")!, level: options.value("level")!, seed: seed)
                    }
                    stack.newTable(recordCount: 4)
                    for (key, value) in [("estimate", interval.estimate), ("low", interval.low),
                                         ("high", interval.high), ("level", interval.level)] {
                        stack.push(value)
                        stack.rawSet(tableAt: -2, field: key)
                    }
                    return 1
                },
                .init("permutation_test", doc: """
                    sa.stats.permutation_test(a, b [, {n=10000, seed=0}]) is the two-sided p-value of \
                    a paired sign-flip permutation test of whether a and b differ in mean: exact when \
                    all 2^#a sign patterns fit in n, else estimated from n random ones.
                    """) { stack in
                    let (a, b) = (try stack.vectorArgument(1), try stack.vectorArgument(2))
                    let options = try stack.options(3, [.integer("n", default: 10000), .integer("seed", default: 0)])
                    let seed = try options.seed(optionsAt: 3)
                    stack.push(try StatisticsFunctions.measure("permutation_test") {
                        try pairedPermutationTest(a, b, permutations: options.value("n")!, seed: seed)
                    })
                    return 1
                },
            ]),
        ])
    }
}
