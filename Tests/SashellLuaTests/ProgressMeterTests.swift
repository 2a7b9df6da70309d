import Foundation
@testable import SashellLua
import Testing

/// ProgressMeter output, as written where standard error is not a terminal, and its formatting.
@Suite struct ProgressMeterTests {
    /// The output of `total` steps, one every `interval` seconds, in `mode`.
    func output(total: Int, interval: TimeInterval, mode: ProgressMeter.Mode) -> [String] {
        var written: [String] = []
        let start = Date(timeIntervalSince1970: 0)
        let progress = ProgressMeter(total: total, label: "train", mode: mode, now: start) { written.append($0) }
        for step in 1...total {
            progress.advance(by: 1, now: start.addingTimeInterval(Double(step) * interval))
        }
        progress.finish(now: start.addingTimeInterval(Double(total) * interval))
        return written
    }

    @Test func plainLinesEveryTenPercent() {
        let lines = output(total: 100, interval: 0.02, mode: .lines)
        #expect(lines.count == 10)
        #expect(lines.first == "train: 10/100 (10%), 50.0/s, 1.8s left\n")
        #expect(lines.last == "train: 100/100 (100%), 50.0/s, 0.0s left\n")
    }

    @Test func plainLinesEveryFiveSecondsWhenSlow() {
        let lines = output(total: 1000, interval: 3, mode: .lines)
        #expect(lines.count > 100)  // every 100 steps would be 10 lines; every 5 s is many more
        #expect(lines[0] == "train: 2/1000 (0%), 0.3/s, 49m54s left\n")
    }

    @Test func silentWritesNothing() {
        #expect(output(total: 10, interval: 1, mode: .silent).isEmpty)
    }

    @Test func barIsRedrawnAtMostTenTimesASecond() {
        let writes = output(total: 1000, interval: 0.001, mode: .bar)
        #expect((10...11).contains(writes.count))  // ten redraws in one second, and the final one
        #expect(writes.allSatisfy { $0.hasPrefix("\r") })
        #expect(writes.last?.hasSuffix("\n") == true)
    }

    @Test func barFormat() {
        #expect(ProgressMeter.bar(label: "fi", completed: 45, total: 100, elapsed: 3.75, width: 20)
                == "fi [#########-----------]  45% 45/100 12.0/s ETA 4.6s")
        #expect(ProgressMeter.bar(label: "fi", completed: 100, total: 100, elapsed: 8, width: 4)
                == "fi [####] 100% 100/100 12.5/s in 8.0s")
    }

    @Test func rateAndDurations() {
        #expect(ProgressMeter.rate(completed: 5, elapsed: 0) == "-/s")
        #expect(ProgressMeter.rate(completed: 3, elapsed: 2) == "1.5/s")
        #expect(ProgressMeter.rate(completed: 12345, elapsed: 10) == "1235/s")
        #expect(ProgressMeter.duration(4.56) == "4.6s")
        #expect(ProgressMeter.duration(187) == "3m07s")
        #expect(ProgressMeter.duration(7500) == "2h05m")
        #expect(ProgressMeter.remaining(completed: 0, total: 10, elapsed: 5) == "? left")
        #expect(ProgressMeter.remaining(completed: 5, total: 10, elapsed: 5) == "5.0s left")
    }
}
