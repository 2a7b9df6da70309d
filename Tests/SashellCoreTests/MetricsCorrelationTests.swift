@testable import SashellCore
import Testing

@Suite struct MetricsCorrelationTests {
    static let sparseA: [Double] = [0, 0, 0, 0.2, 0.5, 0, 0.3, 0, 0, 0.5, 0.1, 0]
    static let sparseB: [Double] = [0.1, 0, 0.05, 0.3, 0.3, 0, 0.2, 0, 0.05, 0.4, 0, 0]
    static let x50 = (0..<50).map(Double.init)
    static let y50 = (0..<50).map { Double($0 * 17 % 50) }

    func expectClose(_ r: Correlation, _ statistic: Double, _ p: Double) {
        #expect(abs(r.statistic - statistic) <= 1e-14, "statistic \(r.statistic) vs \(statistic)")
        #expect(abs(r.pValue - p) <= 1e-12 * p, "p \(r.pValue) vs \(p)")
    }

    /// References: SciPy 1.17, `scipy.stats.spearmanr(x, y)`.
    @Test func spearmanMatchesSciPy() throws {
        expectClose(try spearman(Self.sparseA, Self.sparseB), 0.7503720792013376, 0.004931099189409806)
        expectClose(try spearman(Self.x50, Self.y50), 0.3469387755102041, 0.013572651321718514)
        // Mostly ties: spearmanr([(i*7)%11 if i%3 else 0 for i in range(300)], [(i*i)%13 if i%4 else 0 for i in range(300)])
        let a = (0..<300).map { (i: Int) -> Double in i % 3 == 0 ? 0 : Double(i * 7 % 11) }
        let b = (0..<300).map { (i: Int) -> Double in i % 4 == 0 ? 0 : Double(i * i % 13) }
        expectClose(try spearman(a, b), 0.020886372322368233, 0.7186290453506173)
    }

    /// References: SciPy 1.17, `scipy.stats.pearsonr(x, y)`.
    @Test func pearsonMatchesSciPy() throws {
        expectClose(try pearson(Self.sparseA, Self.sparseB), 0.9012007377849692, 6.268016420592673e-05)
        expectClose(try pearson([1.5, 2.0, -0.3, 4.1, 2.2, 0.9, 3.3], [0.7, 1.1, 0.2, 2.5, 1.0, 0.4, 2.9]),
                    0.9125714579530114, 0.004139393239642814)
        expectClose(try pearson([1, 2, 3], [1, 3, 2]), 0.5, 0.6666666666666666)
        expectClose(try pearson(Self.x50, Self.y50), 0.3469387755102041, 0.013572651321718534)
    }

    @Test func extremes() throws {
        #expect(try pearson([1, 2, 3, 4], [2, 4, 6, 8]) == Correlation(statistic: 1, pValue: 0))
        #expect(try spearman([1, 2, 3, 4], [1, 8, 27, 64]) == Correlation(statistic: 1, pValue: 0))
        #expect(try spearman([1, 2, 3, 4], [4, 3, 2, 1]) == Correlation(statistic: -1, pValue: 0))
        // Two points always lie on a line: SciPy's pearsonr gives p = 1.
        #expect(try pearson([1, 2], [5, 3]) == Correlation(statistic: -1, pValue: 1))
        // Uncorrelated: r = 0 exactly, p = 1.
        #expect(try pearson([-1, 0, 1, 0], [0, 1, 0, -1]) == Correlation(statistic: 0, pValue: 1))
    }

    /// Ties share the mean of the ranks they span.
    @Test func averageRanksOfTies() {
        #expect(averageRanks([0.3, 0, 0, 0.5, 0]) == [4, 2, 2, 5, 2])
        #expect(averageRanks([2, 1, 2, 1]) == [3.5, 1.5, 3.5, 1.5])
    }

    /// References: SciPy 1.17, `scipy.special.betainc(a, b, x)`.
    @Test func incompleteBeta() {
        #expect(abs(Distributions.regularizedIncompleteBeta(a: 2.5, b: 0.5, x: 0.3) - 0.018927124071945658) <= 1e-15)
        #expect(abs(Distributions.regularizedIncompleteBeta(a: 24, b: 0.5, x: 0.97) - 0.22902101624676827) <= 1e-14)
        // I_x(1, 1) = x; I_x(a, b) = 1 − I_{1−x}(b, a).
        #expect(abs(Distributions.regularizedIncompleteBeta(a: 1, b: 1, x: 0.37) - 0.37) <= 1e-15)
        let left = Distributions.regularizedIncompleteBeta(a: 3, b: 7, x: 0.2)
        let right = Distributions.regularizedIncompleteBeta(a: 7, b: 3, x: 0.8)
        #expect(abs(left + right - 1) <= 1e-14)
    }

    @Test func errors() {
        #expect(throws: MetricsError.lengthMismatch(3, 2)) { try pearson([1, 2, 3], [1, 2]) }
        #expect(throws: MetricsError.tooShort(count: 1, needed: 2)) { try pearson([1], [1]) }
        #expect(throws: MetricsError.tooShort(count: 2, needed: 3)) { try spearman([1, 2], [1, 2]) }
        #expect(throws: MetricsError.nonFinite(position: 0)) { try spearman([.nan, 1, 2], [1, 2, 3]) }
        #expect(throws: MetricsError.nonFinite(position: 1)) { try pearson([0, 1, 2], [1, -.infinity, 3]) }
        #expect(throws: MetricsError.undefined("a is constant: the correlation is undefined")) {
            try pearson([2, 2, 2], [1, 2, 3])
        }
        #expect(throws: MetricsError.undefined("b is constant: the correlation is undefined")) {
            try spearman([1, 2, 3], [0, 0, 0])
        }
    }

    /// Identical and reversed inputs give exactly ±1 and p = 0 for every small n (separately
    /// normalised sides missed by an ulp at n = 3, 6, 10 …, which the p-value magnified).
    @Test func perfectCorrelationIsExact() throws {
        for n in 3...60 {
            let x = (1...n).map(Double.init)
            #expect(try spearman(x, x) == Correlation(statistic: 1, pValue: 0), "n = \(n)")
            #expect(try pearson(x, x.reversed()).statistic == -1, "n = \(n)")
        }
    }

    /// Values near the top of the double range: scipy.stats.pearsonr([1, 1.5, 1.7], [1, 2, 3])
    /// (the same data divided by 1e308) = (0.970725343394151, 0.15442095831126654).
    @Test func hugeValuesDoNotOverflow() throws {
        let r = try pearson([1e308, 1.5e308, 1.7e308], [1, 2, 3])
        #expect(abs(r.statistic - 0.970725343394151) <= 1e-14)
        #expect(abs(r.pValue - 0.15442095831126654) <= 1e-12)
    }
}
