import Autodiff
import Foundation
import SashellCore

/// Feature importance, as torch_reference.py's bench_fi times it: per example of n random tokens
/// (here with `<SOS>` and `<EOS>` around them, n + 2 ids, as sashell's models read them), the
/// gradient g_ŷ(x) one example at a time and 32 in a batch, the eq. 5 matrix and leave-one-out,
/// on its BiLSTM and Transformer at n = 20 (SST) and n = 180 (IMDb). Returns each benchmark's
/// best milliseconds per example, by name. `words`, if any, pick the benchmarks whose names hold one.
func importanceBenchmarks(repetitions: Int, words: [String]) -> [(name: String, msPerExample: Double)] {
    func selected(_ name: String) -> Bool { words.isEmpty || words.contains { name.contains($0) } }
    var table: [(String, Double)] = []
    for (dataset, n, vocabulary) in [("SST", 20, 16000), ("IMDb", 180, 20000)] {
        var generator = RandomGenerator(seed: 7)
        func example() -> Example {
            let tokens = (0..<n).map { _ in Int32(4 + generator.int(below: vocabulary - 4)) }
            return Example(id: "", text: "", label: 0, ids: [Vocabulary.start] + tokens + [Vocabulary.end], tokenizer: .space)
        }
        let examples = (0..<16).map { _ in example() }, batch = (0..<32).map { _ in example() }
        for (modelName, encoder) in [("BiLSTM", ModelConfig.EncoderKind.lstm), ("Transformer", .transformer)] {
            let model = benchmarkModel(encoder, .softmax, vocabulary: vocabulary)
            var next = 0
            func cycle() -> Example {
                next = (next + 1) % examples.count
                return examples[next]
            }
            let methods: [(String, Int, () -> Void)] = [
                ("gradient", 1, { _ = model.gradientImportance([cycle()]) }),
                ("gradient x32", 32, { _ = model.gradientImportance(batch) }),
                ("eq5 matrix", 1, { _ = model.hiddenGradientImportance(cycle()) }),
                ("loo", 1, { _ = model.leaveOneOut(cycle()) }),
            ]
            for (method, perCall, body) in methods {
                let name = "fi \(dataset) n=\(n) \(modelName) \(method)"
                guard selected(name) else { continue }
                let result = measure(name, repetitions: repetitions, minimumSeconds: 0.5, body)
                table.append((name, result.best * 1e3 / Double(perCall)))
            }
        }
    }
    return table
}

/// The feature-importance summary: best milliseconds per example.
func printImportanceTable(_ table: [(name: String, msPerExample: Double)], setting: String) {
    guard !table.isEmpty else { return }
    let rule = String(repeating: "-", count: 60)
    print("\nfeature importance, \(setting)\n" + rule)
    print(pad("benchmark", 44) + padLeft("ms/example", 16))
    for (name, ms) in table { print(pad(name, 44) + String(format: "%16.3f", ms)) }
    print(rule)
}
