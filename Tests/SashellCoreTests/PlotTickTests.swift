@testable import SashellCore
import Testing

@Suite struct PlotTickTests {
    /// The labelled ticks' values and labels.
    private func majors(_ kind: ScaleKind, _ domain: ClosedRange<Double>, count: Int = 5) -> [Double] {
        ticks(kind, domain: domain, count: count).filter(\.isMajor).map(\.value)
    }

    private func labels(_ kind: ScaleKind, _ domain: ClosedRange<Double>, count: Int = 5) -> [String] {
        ticks(kind, domain: domain, count: count).compactMap(\.label).map(\.description)
    }

    /// A nice step's multiple and exponent.
    private func step(_ span: Double, _ count: Int) -> (Double, Int) {
        let step = NiceStep(span: span, count: count)
        return (step.multiple, step.exponent)
    }

    @Test func niceSteps() {
        // span/count's leading digit rounded to 1, 2, 5 or 10: 0.2 → 2, 2.58 → 2, 3.5 → 5, 7.5 → 10.
        #expect(step(1, 5) == (2, -1))
        #expect(step(1.29, 5) == (2, -1))
        #expect(step(17.5, 5) == (5, 0))
        #expect(step(37.5, 5) == (1, 1))
        #expect(step(1000, 4) == (2, 2))
        #expect(step(0.0007, 5) == (1, -4))
    }

    @Test func linear() {
        // Values are the exact decimals: 3 × 0.2 is 0.6, not 0.6000000000000001.
        #expect(majors(.linear, 0...1) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(labels(.linear, 0...1) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        #expect(majors(.linear, -0.37...0.92) == [-0.2, 0, 0.2, 0.4, 0.6, 0.8])
        #expect(labels(.linear, -0.37...0.92) == ["−0.2", "0.0", "0.2", "0.4", "0.6", "0.8"])
        #expect(labels(.linear, 0...1000, count: 4) == ["0", "200", "400", "600", "800", "1000"])
        #expect(majors(.linear, 3...97) == [20, 40, 60, 80])
        #expect(majors(.linear, 0...37.5) == [0, 10, 20, 30])
        #expect(majors(.linear, 0.1...0.7, count: 6) == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
        // Large numbers are a mantissa times a power of ten.
        let large = ticks(.linear, domain: 0...5e6, count: 5).compactMap(\.label)
        #expect(large == [.text("0"), .power(mantissa: nil, exponent: 6), .power(mantissa: "2", exponent: 6),
                          .power(mantissa: "3", exponent: 6), .power(mantissa: "4", exponent: 6), .power(mantissa: "5", exponent: 6)])
        #expect(large[2].description == "2×10^6")
        let small = ticks(.linear, domain: 0...0.00005, count: 5).compactMap(\.label).map(\.description)
        #expect(small == ["0", "10^−5", "2×10^−5", "3×10^−5", "4×10^−5", "5×10^−5"])
    }

    @Test func log() {
        // Five decades: 1 × 10^k labelled, the 2…9 multiples as minor ticks.
        let wide = ticks(.log, domain: 0.005...200, count: 5)
        #expect(wide.filter(\.isMajor).map(\.value) == [0.01, 0.1, 1, 10, 100])
        #expect(wide.compactMap(\.label).map(\.description) == ["0.01", "0.1", "1", "10", "100"])
        // 5…9 × 0.001, 8 in each of the four whole decades, and 200.
        #expect(wide.filter { !$0.isMajor }.count == 5 + 4 * 8 + 1)
        // Fewer than three decades: 2 and 5 are labelled too.
        #expect(labels(.log, 2...30) == ["2", "5", "10", "20"])
        #expect(ticks(.log, domain: 2...30, count: 5).filter { !$0.isMajor }.map(\.value) == [3, 4, 6, 7, 8, 9, 30])
        // Within a decade, ticked as a linear axis.
        #expect(majors(.log, 3...4) == [3, 3.2, 3.4, 3.6, 3.8, 4])
        // Fifteen decades on an axis of about five labels: every third, no minor ticks.
        let long = ticks(.log, domain: 1e-7...1e7, count: 5)
        #expect(long.allSatisfy { $0.isMajor })
        #expect(long.compactMap(\.label).map(\.description) == ["10^−6", "0.001", "1", "1000", "10^6"])
    }

    @Test func symlog() {
        // Figure 3's λ ∈ [-8, 0.75], padded: 0, ±c/2 and ±c in the linear region, the decades
        // beyond, with 2 and 5 as less than three decades show.
        let lambda = ticks(.symlog(threshold: 1), domain: -10.9...0.8, count: 5)
        #expect(lambda.filter(\.isMajor).map(\.value) == [-10, -5, -2, -1, -0.5, 0, 0.5])
        #expect(lambda.compactMap(\.label).map(\.description) == ["−10", "−5", "−2", "−1", "−0.5", "0", "0.5"])
        #expect(lambda.filter { !$0.isMajor }.map(\.value) == [-9, -8, -7, -6, -4, -3])
        let wide = ticks(.symlog(threshold: 1), domain: -1000...1000, count: 5)
        #expect(wide.filter(\.isMajor).map(\.value) == [-1000, -100, -10, -1, -0.5, 0, 0.5, 1, 10, 100, 1000])
        #expect(wide.filter { !$0.isMajor }.count == 2 * 3 * 8)
        // Another threshold: c = 0.1 puts ±0.05 and ±0.1 in the linear region.
        #expect(majors(.symlog(threshold: 0.1), -0.12...10) == [-0.1, -0.05, 0, 0.05, 0.1, 1, 10])
    }

    @Test func labelsOfShortestForm() {
        #expect(TickLabel.shortest(0.5).description == "0.5")
        #expect(TickLabel.shortest(-20).description == "−20")
        #expect(TickLabel.shortest(0.05).description == "0.05")
        #expect(TickLabel.shortest(1e-5) == .power(mantissa: nil, exponent: -5))
        #expect(TickLabel.shortest(2.5e7) == .power(mantissa: "2.5", exponent: 7))
        // Never "−0.0".
        #expect(TickLabel.fixed(-0.0000001, decimals: 1).description == "0.0")
    }
}
