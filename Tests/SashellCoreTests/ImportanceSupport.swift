import Autodiff
import Foundation
@testable import SashellCore

/// Small models and examples for the feature-importance tests, and the independent computations
/// the methods are checked against.
enum ImportanceSupport {
    /// The encoders and projections every method is checked on.
    static let cases: [(ModelConfig.EncoderKind, Projection)] = [
        (.lstm, .softmax), (.lstm, .sparsemax), (.lstm, .sparsegen(lambda: 0.4)),
        (.transformer, .softmax), (.transformer, .sparsemax), (.transformer, .sparsegen(lambda: 0.4)),
    ]

    /// A model over a vocabulary of 12 ids: embeddings 5 wide, states 6 wide, additive
    /// attention for the BiLSTM and dot attention for the Transformer (as the paper pairs them).
    static func model(_ encoder: ModelConfig.EncoderKind, _ projection: Projection = .softmax, layers: Int = 2,
                      preNorm: Bool = false, embedding: Int = 5, scale: Float = 1, seed: UInt64 = 5) -> Classifier {
        var config = ModelConfig(vocabularySize: 12)
        config.embeddingDimension = embedding
        config.embeddingScale = scale
        config.hidden = encoder == .lstm ? 3 : 6
        config.layers = layers
        config.feedForward = 8
        config.encoder = encoder
        config.attention = encoder == .lstm ? .additive : .dot
        config.projection = projection
        config.preNorm = preNorm
        config.seed = seed
        let model = Classifier(config: config)
        // Layer norms as training leaves them, not at gain 1 and bias 0: there the last one
        // makes every ‖h_p‖ exactly √d, and eq. 5 all rounding.
        var generator = RandomGenerator(seed: seed + 100)
        for (name, parameter) in model.parameters where name.contains("norm") {
            let center: Float = name.hasSuffix("weight") ? 1 : 0
            parameter.assign(.uniform(parameter.shape, low: center - 0.5, high: center + 0.5, generator: &generator))
        }
        return model
    }

    /// An example of the given token ids (4…11), with `<SOS>` and `<EOS>` around them.
    static func example(_ tokens: [Int32], label: Int = 1) -> Example {
        Example(id: "t", text: "", label: label, ids: [2] + tokens + [3], tokenizer: .space)
    }

    static let examples = [example([5, 9, 6, 11, 4, 7]), example([8, 10, 5]), example([11, 4, 6, 6, 9, 10, 7, 5], label: 0)]

    /// f(x) with the embeddings of `example` replaced by `embedded` [1, T, E].
    static func output(_ model: Classifier, _ example: Example, embedded: Tensor, _ output: ExplainedOutput) -> Double {
        output.value(model.forward(Batch([example]), embedded: Variable(embedded)).logits.value.scalars[0])
    }

    /// Central differences of `f` with respect to each scalar of the real tokens' embeddings:
    /// for each output of f, n rows of E, in double precision.
    static func finiteDifferences(_ model: Classifier, _ example: Example, step: Float = 1e-3,
                                  _ f: (Tensor) -> [Double]) -> [[[Double]]] {
        finiteDifferences(at: model.embed(Batch([example])).value, positions: 1...example.length, step: step, f)
    }

    /// Central differences of `f` with respect to each scalar of rows `positions` of `x` [1, T, W]:
    /// for each output of f, a row of W per position.
    static func finiteDifferences(at x: Tensor, positions: ClosedRange<Int>, step: Float = 1e-3,
                                  _ f: (Tensor) -> [Double]) -> [[[Double]]] {
        let width = x.lastDimension
        let rows = positions.map { t in  // [position][feature][output]
            (0..<width).map { e -> [Double] in
                var plus = x, minus = x
                plus.scalars[t * width + e] += step
                minus.scalars[t * width + e] -= step
                let h = Double(plus.scalars[t * width + e]) - Double(minus.scalars[t * width + e])
                return zip(f(plus), f(minus)).map { ($0 - $1) / h }
            }
        }
        let outputs = rows.first?.first?.count ?? 0
        return (0..<outputs).map { o in rows.map { position in position.map { $0[o] } } }
    }

    /// ‖·‖₂ of each row.
    static func norms(_ rows: [[Double]]) -> [Double] {
        rows.map { $0.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    }

    /// Whether a and b agree within `absolute` + `relative` · max(|a|, |b|), elementwise.
    static func close(_ a: [Double], _ b: [Double], absolute: Double = 1e-4, relative: Double = 2e-3) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= absolute + relative * max(abs($0), abs($1)) }
    }
}

extension Array where Element == Float {
    var doubles: [Double] { map(Double.init) }
}
