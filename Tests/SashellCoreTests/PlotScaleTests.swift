import Foundation
@testable import SashellCore
import Testing

@Suite struct PlotScaleTests {
    @Test func transforms() {
        #expect(ScaleKind.linear.transform(-3.5) == -3.5)
        #expect(ScaleKind.log.transform(100) == 2)
        #expect(ScaleKind.log.transform(0.001) == -3)
        // Symlog with c = 1: linear on [-1, 1], one unit per decade beyond.
        let symlog = ScaleKind.symlog(threshold: 1)
        #expect(symlog.transform(0) == 0)
        #expect(symlog.transform(0.5) == 0.5)
        #expect(symlog.transform(-1) == -1)
        #expect(symlog.transform(10) == 2)
        #expect(symlog.transform(-100) == -3)
        // c = 0.1: the linear region is [-0.1, 0.1].
        let narrow = ScaleKind.symlog(threshold: 0.1)
        #expect(narrow.transform(0.05) == 0.5)
        #expect(narrow.transform(1) == 2)
        #expect(narrow.transform(-0.1) == -1)
    }

    @Test func inversesRoundTrip() {
        for kind in [ScaleKind.linear, .symlog(threshold: 1), .symlog(threshold: 0.25)] {
            for x in [-1234.5, -8, -1, -0.3, 0, 0.2, 1, 7, 1e5] {
                #expect(abs(kind.inverse(kind.transform(x)) - x) <= 1e-9 * max(1, abs(x)), "\(kind) \(x)")
            }
        }
        for x in [1e-6, 0.5, 1, 42, 1e9] {
            #expect(abs(ScaleKind.log.inverse(ScaleKind.log.transform(x)) - x) <= 1e-9 * x)
        }
    }

    @Test func accepts() {
        #expect(ScaleKind.log.accepts(1e-300))
        #expect(!ScaleKind.log.accepts(0))
        #expect(!ScaleKind.log.accepts(-1))
        #expect(ScaleKind.symlog(threshold: 1).accepts(-1e9))
        #expect(!ScaleKind.linear.accepts(.infinity))
        #expect(!ScaleKind.linear.accepts(.nan))
    }

    @Test func positions() {
        let linear = Scale(kind: .linear, domain: 0...10, start: 100, end: 200)
        #expect(linear.position(2.5) == 125)
        #expect(linear.position(0) == 100)
        // A y axis runs upwards: the domain's lower end at the larger pixel position.
        let y = Scale(kind: .linear, domain: -1...1, start: 300, end: 100)
        #expect(y.position(0) == 200)
        #expect(y.position(1) == 100)
        let log = Scale(kind: .log, domain: 1...100, start: 0, end: 100)
        #expect(log.position(10) == 50)
        let symlog = Scale(kind: .symlog(threshold: 1), domain: -10...10, start: 0, end: 400)
        #expect(symlog.position(-10) == 0)
        #expect(symlog.position(0) == 200)
        #expect(symlog.position(0.5) == 250)
        #expect(symlog.position(1) == 300)
        #expect(symlog.position(10) == 400)
    }

    @Test func paddedDomains() {
        #expect(Scale.domain(covering: [0, 10], kind: .linear) == -0.5...10.5)
        #expect(Scale.domain(covering: [3, -2, 8], kind: .linear) == -2.5...8.5)
        // A histogram's counts start at the anchor 0, without padding below.
        #expect(Scale.domain(covering: [2, 10], kind: .linear, anchor: 0) == 0...10.5)
        // Single values.
        #expect(Scale.domain(covering: [5], kind: .linear) == 4.5...5.5)
        #expect(Scale.domain(covering: [0], kind: .linear) == -1...1)
        // Log: 5% of the decades spanned at each end.
        let log = Scale.domain(covering: [1, 100], kind: .log)
        #expect(abs(log.lowerBound - pow(10, -0.1)) < 1e-12 && abs(log.upperBound - pow(10, 2.1)) < 1e-9)
        let single = Scale.domain(covering: [10], kind: .log)
        #expect(abs(single.lowerBound - pow(10, 0.5)) < 1e-12 && abs(single.upperBound - pow(10, 1.5)) < 1e-9)
        // Symlog pads in its own coordinate: [-8, 0.75] is [-1.903, 0.75] there.
        let symlog = Scale.domain(covering: [-8, 0.75], kind: .symlog(threshold: 1))
        let span = 0.75 + (1 + log10(8.0))
        #expect(abs(symlog.upperBound - (0.75 + 0.05 * span)) < 1e-12)
        #expect(abs(symlog.lowerBound + pow(10, log10(8.0) + 0.05 * span)) < 1e-9)
    }
}
