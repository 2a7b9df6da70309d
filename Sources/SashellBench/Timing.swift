import Foundation

/// Timing on a noisy machine: every benchmark runs several repetitions, prints each, and is
/// judged by its best (the repetition least disturbed by other load).

/// One benchmark's timings and what one call of it does, for the summary table.
struct Measurement {
    let name: String
    /// Mean seconds per call in each repetition.
    let seconds: [Double]
    /// Floating-point operations per call (GEMM flops for the models), if counted.
    let flops: Double?
    /// Training examples per call, for the models.
    let examples: Int?

    var best: Double { seconds.min()! }
}

/// Calls `body` once to warm up, then `repetitions` times for at least `minimumSeconds` each,
/// and prints the milliseconds per call of every repetition and of the best.
func measure(_ name: String, repetitions: Int, minimumSeconds: Double,
             flops: Double? = nil, examples: Int? = nil, _ body: () -> Void) -> Measurement {
    body()
    let clock = ContinuousClock()
    var seconds: [Double] = []
    for _ in 0..<repetitions {
        var calls = 0
        let start = clock.now
        var elapsed = 0.0
        repeat {
            body()
            calls += 1
            elapsed = (clock.now - start).seconds
        } while elapsed < minimumSeconds
        seconds.append(elapsed / Double(calls))
    }
    let result = Measurement(name: name, seconds: seconds, flops: flops, examples: examples)
    let reps = seconds.map { String(format: "%.2f", $0 * 1e3) }.joined(separator: " ")
    print("\(pad(name, 34)) ms: \(reps)   best \(String(format: "%.2f", result.best * 1e3))")
    return result
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}

/// Left-aligns `text` in a column of `width` characters.
func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
}

/// Right-aligns `text` in a column of `width` characters.
func padLeft(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

/// The summary: each benchmark's best time, and the rates it implies.
func printTable(_ results: [Measurement], title: String) {
    let rule = String(repeating: "-", count: 78)
    print("\n" + title + "\n" + rule)
    print(pad("benchmark", 42) + ["ms", "GFLOP/s", "examples/s"].map { padLeft($0, 12) }.joined())
    for r in results {
        let rates = [r.flops.map { $0 / r.best / 1e9 }, r.examples.map { Double($0) / r.best }]
        var line = pad(r.name, 42) + String(format: "%12.2f", r.best * 1e3)
            + rates.map { padLeft($0.map { String(format: "%.1f", $0) } ?? "", 12) }.joined()
        while line.last == " " { line.removeLast() }
        print(line)
    }
    print(rule)
}
