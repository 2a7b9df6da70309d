import Autodiff

/// The paper's two encoders, timed as one training forward+backward pass: the input stands for
/// trained embeddings (it requires a gradient, as dL/dx is part of the cost) and every sequence
/// is full length, so the FLOP counts are exact.

/// A batch of `batch` sequences of `length` tokens.
struct Shape {
    let batch: Int, length: Int
    var lengths: [Int] { Array(repeating: length, count: batch) }
}

/// An encoder [batch, length, inputWidth] → [batch, length, ·] with its parameters.
protocol Encoder {
    static var inputWidth: Int { get }
    /// GEMM flops of one forward pass at `shape` (the backward pass costs about twice as much).
    static func forwardFlops(_ shape: Shape) -> Double
    var parameters: [Variable] { get }
    func callAsFunction(_ x: Variable, lengths: [Int]) -> Variable
}

extension Encoder {
    /// One training forward+backward pass at `shape` on a fixed random input, the loss being
    /// the output's mean; parameter gradients are cleared first, as a training step would.
    func trainingPass(_ shape: Shape, generator: inout RandomGenerator) -> () -> Void {
        let x = Variable(.normal([shape.batch, shape.length, Self.inputWidth], std: 0.5, generator: &generator),
                         requiresGrad: true)
        return {
            for p in parameters + [x] { p.zeroGrad() }
            mean(self(x, lengths: shape.lengths)).backward()
        }
    }
}

/// A bidirectional LSTM layer (embedding 300, 128 units per direction), the fused op.
struct BiLSTM: Encoder {
    static let (inputWidth, hidden) = (300, 128)
    let forward: LSTMWeights, reverse: LSTMWeights

    init(generator: inout RandomGenerator) {
        forward = .random(input: Self.inputWidth, hidden: Self.hidden, generator: &generator)
        reverse = .random(input: Self.inputWidth, hidden: Self.hidden, generator: &generator)
    }

    var parameters: [Variable] {
        forward.parameters + reverse.parameters
    }

    func callAsFunction(_ x: Variable, lengths: [Int]) -> Variable {
        lstm(x, lengths: lengths, forward: forward, reverse: reverse)
    }

    /// The input and recurrent products of both directions.
    static func forwardFlops(_ shape: Shape) -> Double {
        let tokens = Double(shape.batch * shape.length), (e, h) = (Double(inputWidth), Double(hidden))
        return 2 * tokens * e * 8 * h + 2 * tokens * h * 8 * h
    }
}

/// A post-LN Transformer encoder layer as PyTorch's `nn.TransformerEncoderLayer` with one head,
/// ReLU and no dropout: h = LN(x + Attention(x)); y = LN(h + W₂ ReLU(W₁ h)).
struct EncoderLayer {
    let query: Linear, key: Linear, value: Linear, output: Linear
    let expand: Linear, contract: Linear
    let norm1: LayerNorm, norm2: LayerNorm

    init(width d: Int, feedForward f: Int, generator: inout RandomGenerator) {
        (query, key, value, output) = (Linear(d, d, &generator), Linear(d, d, &generator),
                                       Linear(d, d, &generator), Linear(d, d, &generator))
        (expand, contract) = (Linear(d, f, &generator), Linear(f, d, &generator))
        (norm1, norm2) = (LayerNorm(d), LayerNorm(d))
    }

    var parameters: [Variable] {
        [query, key, value, output, expand, contract].flatMap { [$0.weight, $0.bias] }
            + [norm1.gain, norm1.bias, norm2.gain, norm2.bias]
    }

    /// `keep` is the attention mask [batch, length, length]: 1 where the key is a real token.
    func callAsFunction(_ x: Variable, keep: Tensor) -> Variable {
        let scale = 1 / Float(x.shape[2]).squareRoot()
        let scores = matmul(query(x), key(x), transposeB: true) * scale
        let attended = output(matmul(softmax(scores, mask: keep), value(x)))
        let h = norm1(x + attended)
        return norm2(h + contract(relu(expand(h))))
    }
}

/// y = x W + b, W of shape [in, out] drawn uniformly from ±1/√in as PyTorch's `nn.Linear`.
struct Linear {
    let weight: Variable, bias: Variable

    init(_ input: Int, _ output: Int, _ generator: inout RandomGenerator) {
        let bound = 1 / Float(input).squareRoot()
        func uniform(_ shape: [Int]) -> Variable {
            Variable(.uniform(shape, low: -bound, high: bound, generator: &generator), requiresGrad: true)
        }
        (weight, bias) = (uniform([input, output]), uniform([output]))
    }

    func callAsFunction(_ x: Variable) -> Variable { matmul(x, weight) + bias }
}

/// Layer normalisation with a learned gain (starting at 1) and bias (at 0).
struct LayerNorm {
    let gain: Variable, bias: Variable

    init(_ width: Int) {
        gain = Variable(Tensor(repeating: 1, shape: [width]), requiresGrad: true)
        bias = Variable(.zeros([width]), requiresGrad: true)
    }

    func callAsFunction(_ x: Variable) -> Variable { layerNorm(x, gain: gain, bias: bias) }
}

/// The paper's Transformer encoder: 2 layers, d = 128, 1 head.
struct Transformer: Encoder {
    static let (inputWidth, feedForward, depth) = (128, 256, 2)
    let layers: [EncoderLayer]

    init(generator: inout RandomGenerator) {
        layers = (0..<Self.depth).map { _ in
            EncoderLayer(width: Self.inputWidth, feedForward: Self.feedForward, generator: &generator)
        }
    }

    var parameters: [Variable] { layers.flatMap(\.parameters) }

    func callAsFunction(_ x: Variable, lengths: [Int]) -> Variable {
        let (batch, length) = (x.shape[0], x.shape[1])
        let keep = Tensor(shape: [batch, length, length]) { mask in
            for b in 0..<batch {
                for i in 0..<length {
                    for j in 0..<length { mask[(b * length + i) * length + j] = j < lengths[b] ? 1 : 0 }
                }
            }
        }
        return layers.reduce(x) { h, layer in layer(h, keep: keep) }
    }

    /// The four projections, the feed-forward pair, QKᵀ and AV.
    static func forwardFlops(_ shape: Shape) -> Double {
        let (d, f, t) = (Double(inputWidth), Double(feedForward), Double(shape.length))
        let perToken = 2 * d * 4 * d + 2 * 2 * d * f + 2 * 2 * t * d
        return Double(depth) * Double(shape.batch) * t * perToken
    }
}

/// The parameters of the paper's SST BiLSTM model (embedding 16000×300, BiLSTM 128 per
/// direction, additive attention, decoder), 5.27M in all, each with a random gradient of
/// scale 1e-3 as torch_reference.py gives them.
func sstBiLSTMParameters(generator: inout RandomGenerator) -> [Variable] {
    let lstm = [[512, 300], [512, 128], [512], [512]]
    let shapes = [[16000, 300]] + lstm + lstm + [[128, 256], [128], [1, 128], [1, 256], [1]]
    return shapes.map { shape in
        let p = Variable(.normal(shape, std: 0.1, generator: &generator), requiresGrad: true)
        let g = Variable(.normal(shape, std: 1e-3, generator: &generator))
        sum(p * g).backward()  // d/dp Σ p ⊙ g = g
        return p
    }
}
