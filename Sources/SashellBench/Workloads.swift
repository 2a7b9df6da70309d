import Autodiff
import Foundation
import SashellCore

/// The synthetic datasets of torch_reference.py, so that both benchmarks time the same shapes:
/// gamma-distributed lengths truncated to [min, max] with the truncated mean tuned to `mean`,
/// random word ids, J&W's bucketed batches of 32, and k representative batches.
struct Workload {
    let name: String
    let count: Int, mean: Double, maxLength: Int, minLength: Int, shape: Double, vocabulary: Int
    /// How many batches are timed, at evenly spaced quantiles of batch length.
    let timedBatches: Int

    static let sst = Workload(name: "SST", count: 6355, mean: 20, maxLength: 50, minLength: 2, shape: 4,
                              vocabulary: 16000, timedBatches: 16)
    static let imdb = Workload(name: "IMDb", count: 25000, mean: 180, maxLength: 400, minLength: 10, shape: 2.5,
                               vocabulary: 20000, timedBatches: 4)

    /// The timed batches, in a fixed shuffled order.
    func batches(seed: UInt64) -> [Batch] {
        var generator = RandomGenerator(seed: seed)
        let examples = lengths(&generator).enumerated().map { i, length in
            Example(id: "\(i)", text: "", label: generator.int(below: 2),
                    ids: (0..<length).map { _ in Int32(2 + generator.int(below: vocabulary - 2)) }, tokenizer: .space)
        }
        let all = Split(name: name, examples: examples).trainingBatches(size: 32, seed: seed, epoch: 1)
        let byLength = all.indices.sorted {
            (all[$0].lengths.reduce(0, +) * all[$1].count, $0) < (all[$1].lengths.reduce(0, +) * all[$0].count, $1)
        }
        var picked = (0..<timedBatches).map { all[byLength[Int((Double($0) + 0.5) * Double(all.count) / Double(timedBatches))]] }
        generator.shuffle(&picked)
        return picked
    }

    /// `count` lengths from the truncated gamma distribution whose mean is `mean`.
    private func lengths(_ generator: inout RandomGenerator) -> [Int] {
        var scale = mean / shape
        for _ in 0..<30 {
            var probe = RandomGenerator(seed: 12345)
            let sample = (0..<4 * count).map { _ in Int(gamma(&probe, scale: scale).rounded()) }
                .filter { (minLength...maxLength).contains($0) }
            let sampleMean = Double(sample.reduce(0, +)) / Double(sample.count)
            if abs(sampleMean - mean) < 0.05 { break }
            scale *= mean / sampleMean
        }
        var lengths: [Int] = []
        while lengths.count < count {
            let length = Int(gamma(&generator, scale: scale).rounded())
            if (minLength...maxLength).contains(length) { lengths.append(length) }
        }
        return lengths
    }

    /// A Gamma(shape, scale) draw (shape ≥ 1), by Marsaglia and Tsang's method.
    private func gamma(_ generator: inout RandomGenerator, scale: Double) -> Double {
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            let x = Double(generator.normal())
            let v = (1 + c * x) * (1 + c * x) * (1 + c * x)
            guard v > 0 else { continue }
            let u = max(generator.uniformDouble(), .leastNonzeroMagnitude)
            if Foundation.log(u) < 0.5 * x * x + d - d * v + d * Foundation.log(v) { return d * v * scale }
        }
    }
}

/// A model of the benchmark, as torch_reference.py's build_model: BiLSTM (embedding 300, 128 per
/// direction) with additive attention, or Transformer (embedding = d = 128, 2 layers, ffn 512)
/// with dot attention.
func benchmarkModel(_ encoder: ModelConfig.EncoderKind, _ projection: Projection, vocabulary: Int) -> Classifier {
    var config = ModelConfig(vocabularySize: vocabulary)
    config.encoder = encoder
    config.projection = projection
    config.attention = encoder == .lstm ? .additive : .dot
    config.embeddingDimension = encoder == .lstm ? 300 : 128
    return Classifier(config: config)
}
