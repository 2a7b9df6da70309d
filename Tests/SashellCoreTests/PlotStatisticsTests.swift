import Foundation
@testable import SashellCore
import Testing

@Suite struct PlotStatisticsTests {
    @Test func quantiles() {
        // Position (n - 1)p between order statistics: for 1…4, 0.75 → 1.75, 1.5 → 2.5, 2.25 → 3.25.
        let sorted = [1.0, 2, 3, 4]
        #expect(quantile(sorted: sorted, 0.25) == 1.75)
        #expect(quantile(sorted: sorted, 0.5) == 2.5)
        #expect(quantile(sorted: sorted, 0.75) == 3.25)
        #expect(quantile(sorted: sorted, 0) == 1)
        #expect(quantile(sorted: sorted, 1) == 4)
        #expect(quantile(sorted: [7], 0.3) == 7)
        #expect(interquartileRange(sorted: sorted) == 1.5)
    }

    @Test func boxStatistics() {
        // Quartiles 2, 3, 4; fences 2 - 3 = -1 and 4 + 3 = 7; 100 is beyond.
        let box = BoxStatistics([100, 3, 1, 4, 2])
        #expect(box.lowerQuartile == 2 && box.median == 3 && box.upperQuartile == 4)
        #expect(box.lowerWhisker == 1 && box.upperWhisker == 4)
        #expect(box.outliers == [100])
        #expect(box.count == 5)
        // Whiskers reach the furthest values inside the fences, not the fences.
        let spread = BoxStatistics([-20, 0, 1, 2, 3, 4, 5, 6, 7, 8, 30])
        // Quartiles 1.5 and 6.5, IQR 5: fences -6 and 14.
        #expect(spread.lowerQuartile == 1.5 && spread.upperQuartile == 6.5)
        #expect(spread.lowerWhisker == 0 && spread.upperWhisker == 8)
        #expect(spread.outliers == [-20, 30])
        let one = BoxStatistics([2])
        #expect(one.lowerWhisker == 2 && one.median == 2 && one.upperWhisker == 2 && one.outliers.isEmpty)
    }

    @Test func silvermanBandwidth() throws {
        // 1…5: sd = √2.5 = 1.581, IQR/1.34 = 2/1.34 = 1.4925 is smaller; h = 0.9 · 1.4925 · 5^-0.2.
        let h = try #require(KernelDensity.silvermanBandwidth([1, 2, 3, 4, 5]))
        #expect(abs(h - 0.9735846228506357) < 1e-12)
        // IQR 0 (most values tied): the standard deviation alone.
        let tied = [0.0, 0, 0, 0, 0, 0, 0, 4]
        let sd = (tied.map { ($0 - 0.5) * ($0 - 0.5) }.reduce(0, +) / 7).squareRoot()
        #expect(KernelDensity.silvermanBandwidth(tied) == 0.9 * sd * pow(8, -0.2))
        // No spread, or one value: no bandwidth, and no estimate.
        #expect(KernelDensity.silvermanBandwidth([3, 3, 3]) == nil)
        #expect(KernelDensity.silvermanBandwidth([3]) == nil)
        #expect(KernelDensity([3, 3]) == nil)
    }

    @Test func density() throws {
        // {0, 1} with h = 1 at 0: (φ(0) + φ(1)) / 2 = (1 + e^-½) / (2√(2π)).
        let estimate = try #require(KernelDensity([0, 1], bandwidth: 1))
        #expect(abs(estimate.density(at: 0) - 0.32045650246028806) < 1e-15)
        #expect(estimate.density(at: 0) == estimate.density(at: 1))
        // It integrates to 1 (midpoint rule over ±10 bandwidths).
        let sample = try #require(KernelDensity([0.2, 0.5, 0.55, 0.9, 1.4]))
        let step = 0.001
        let total = stride(from: -10.0, to: 12, by: step).reduce(0) { $0 + sample.density(at: $1 + step / 2) * step }
        #expect(abs(total - 1) < 1e-9)
    }

    @Test func histogramCounts() {
        let values = (0...10).map(Double.init)
        let edges = Histogram.edges(for: values, binning: .count(5))
        #expect(edges == [0, 2, 4, 6, 8, 10])
        // Bins are half-open but the last, which takes the maximum.
        #expect(Histogram(values, edges: edges).counts == [2, 2, 2, 2, 3])
        // Values outside the edges are not counted.
        #expect(Histogram([-1, 0.5, 1.5, 3], edges: [0, 1, 2]).counts == [1, 1])
        #expect(Histogram.edges(for: values, binning: .edges([0, 5, 10])) == [0, 5, 10])
        // One value: one bin of width 1 around it.
        #expect(Histogram.edges(for: [4, 4], binning: .automatic) == [3.5, 4.5])
    }

    @Test func automaticBins() {
        // 0…99: IQR 49.5, Freedman–Diaconis width 2·49.5·100^(-1/3) = 21.33; 99/21.33 = 4.64 → 5 bins.
        let hundred = (0..<100).map(Double.init)
        #expect(Histogram.automaticBinCount(hundred) == 5)
        let edges = Histogram.edges(for: hundred, binning: .automatic)
        #expect(zip(edges, [0, 19.8, 39.6, 59.4, 79.2, 99]).allSatisfy { abs($0 - $1) < 1e-12 } && edges.count == 6)
        #expect(edges.last == 99)
        // IQR 0: Sturges, ⌈log₂ 8⌉ + 1 = 4 bins.
        #expect(Histogram.automaticBinCount([0, 0, 0, 0, 0, 0, 0, 5]) == 4)
        #expect(Histogram.edges(for: [0, 0, 0, 0, 0, 0, 0, 5], binning: .automatic) == [0, 1.25, 2.5, 3.75, 5])
        // A far outlier would ask for thousands of bins: at most 100.
        let clustered = (0..<1000).map { Double($0) / 1000 } + [1000]
        #expect(Histogram.automaticBinCount(clustered) == Histogram.maximumAutomaticBins)
    }
}
