import Autodiff
import Foundation
import Synchronization

/// Reads embedded tokens [B, T, E] of sequences of the given real lengths and gives a state per
/// position [B, T, width]: the intermediate representations h_i that attention weighs.
protocol SequenceEncoder {
    var width: Int { get }
    var parameters: [NamedParameter] { get }
    func callAsFunction(_ x: Variable, lengths: [Int]) -> Variable
    /// The states [V, T − 1, width] of the sequence x [T, E] with each of the positions `deleted`
    /// removed, one variant each (leave-one-out), sharing what the variants have in common.
    /// Inference only.
    func deletingEach(_ x: Tensor, deleting deleted: [Int]) -> Variable
}

/// The paper's BiLSTM: one layer, `hidden` units per direction, the two directions' states
/// concatenated (width 2·hidden), with packed-sequence semantics (padding never reaches a state).
struct LSTMEncoder: SequenceEncoder {
    let forward: LSTMWeights
    let reverse: LSTMWeights

    init(input: Int, hidden: Int, generator: inout RandomGenerator) {
        forward = .random(input: input, hidden: hidden, generator: &generator)
        reverse = .random(input: input, hidden: hidden, generator: &generator)
    }

    var width: Int { 2 * forward.hiddenWeight.shape[1] }

    /// `nn.LSTM`'s names: weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0 and the `_reverse` four.
    var parameters: [NamedParameter] {
        let names = ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]
        return zip(names, forward.parameters).map { ("encoder.rnn." + $0, $1) }
            + zip(names, reverse.parameters).map { ("encoder.rnn." + $0 + "_reverse", $1) }
    }

    func callAsFunction(_ x: Variable, lengths: [Int]) -> Variable {
        lstm(x, lengths: lengths, forward: forward, reverse: reverse)
    }

    func deletingEach(_ x: Tensor, deleting deleted: [Int]) -> Variable {
        Variable(lstmDeletingEach(x, deleting: deleted, forward: forward, reverse: reverse))
    }
}

/// The paper's Transformer encoder: `nn.TransformerEncoder` of `layers` one-head layers of width
/// d, ReLU feed-forward, no dropout, after sinusoidal positions. Post-norm (PyTorch's default,
/// h = LN(x + f(x))) or pre-norm (h = x + f(LN(x))). Embeddings of another width than d go
/// through a linear map to d first. The layers run on the real tokens alone; padding rows of the
/// output are zero. The mapped embeddings may be scaled (`ModelConfig.embeddingScale`).
struct TransformerEncoder: SequenceEncoder {
    struct Layer {
        let inputProjection: Linear, outputProjection: Linear
        let expand: Linear, contract: Linear
        let norm1: LayerNormalization, norm2: LayerNormalization
    }

    let input: Linear?
    let layers: [Layer]
    let preNorm: Bool
    let width: Int
    let tokenScale: Float

    init(input embedding: Int, width d: Int, layers depth: Int, feedForward: Int, preNorm: Bool, tokenScale: Float = 1,
         generator: inout RandomGenerator) {
        input = embedding == d ? nil : Linear(embedding, d, generator: &generator)
        layers = (0..<depth).map { _ in
            Layer(inputProjection: Linear(d, 3 * d, generator: &generator), outputProjection: Linear(d, d, generator: &generator),
                  expand: Linear(d, feedForward, generator: &generator), contract: Linear(feedForward, d, generator: &generator),
                  norm1: LayerNormalization(d), norm2: LayerNormalization(d))
        }
        self.preNorm = preNorm
        self.width = d
        self.tokenScale = tokenScale
    }

    /// `nn.TransformerEncoder`'s names: layers.i.self_attn.in_proj_weight (q, k and v stacked),
    /// self_attn.out_proj, linear1, linear2, norm1, norm2; "encoder.input" maps the embeddings.
    var parameters: [NamedParameter] {
        var named = input?.parameters("encoder.input") ?? []
        for (i, layer) in layers.enumerated() {
            let prefix = "encoder.layers.\(i)."
            named.append((prefix + "self_attn.in_proj_weight", layer.inputProjection.weight))
            named.append((prefix + "self_attn.in_proj_bias", layer.inputProjection.bias!))
            named += layer.outputProjection.parameters(prefix + "self_attn.out_proj")
            named += layer.expand.parameters(prefix + "linear1")
            named += layer.contract.parameters(prefix + "linear2")
            named += layer.norm1.parameters(prefix + "norm1")
            named += layer.norm2.parameters(prefix + "norm2")
        }
        return named
    }

    /// The layers run on the real tokens alone, packed one sequence after another: padding
    /// (about a tenth of a length-bucketed batch) costs no products, and attention needs no mask.
    /// The output has zero rows at padding.
    func callAsFunction(_ x: Variable, lengths: [Int]) -> Variable {
        let (batch, length) = (x.shape[0], x.shape[1])
        let tokens = packed(x, lengths: lengths)
        let h = layers.reduce(layerInput(tokens, lengths: lengths)) { h, layer in
            layer(h, lengths: lengths, preNorm: preNorm).output
        }
        return padded(h, lengths: lengths, length: length).reshaped([batch, length, width])
    }

    /// The first layer's input: the token terms of the tokens [..., E] of sequences of
    /// `lengths` plus each token's position.
    func layerInput(_ tokens: Variable, lengths: [Int]) -> Variable {
        let mapped = tokenTerms(tokens)
        return mapped + Variable(Self.positions(lengths: lengths, width: width).reshaped(mapped.shape))
    }

    /// The tokens' part of the first layer's input: their embeddings [..., E], mapped to width
    /// d if E ≠ d, times the token scale.
    func tokenTerms(_ tokens: Variable) -> Variable {
        let mapped = input.map { $0(tokens) } ?? tokens
        return tokenScale == 1 ? mapped : mapped * tokenScale
    }

    /// The sinusoidal positions of "Attention is all you need" of packed sequences of `lengths`,
    /// [Σ lengths, width]: PE[t, 2i] = sin(t / 10000^(2i/d)), PE[t, 2i+1] = cos(t / 10000^(2i/d)).
    static func positions(lengths: [Int], width: Int) -> Tensor {
        let table = positionTable(length: lengths.max() ?? 0, width: width)
        return Tensor(shape: [lengths.reduce(0, +), width]) { out in
            table.withUnsafeBufferPointer { rows in
                var next = out.baseAddress!
                for n in lengths {
                    next.update(from: rows.baseAddress!, count: n * width)
                    next += n * width
                }
            }
        }
    }

    /// PE for one sequence, [length, width], computed once per shape: a batch of long sequences
    /// needs length · width sines and cosines, which cost more than adding them.
    private static func positionTable(length: Int, width: Int) -> [Float] {
        let key = [length, width]
        if let table = positionTables.withLock({ $0[key] }) { return table }
        var table = [Float](repeating: 0, count: length * width)
        for t in 0..<length {
            for i in stride(from: 0, to: width, by: 2) {
                let angle = Double(t) * Foundation.exp(-Double(i) * Foundation.log(10000) / Double(width))
                table[t * width + i] = Float(Foundation.sin(angle))
                if i + 1 < width { table[t * width + i + 1] = Float(Foundation.cos(angle)) }
            }
        }
        positionTables.withLock { $0[key] = table }
        return table
    }
}

/// The rows of x [B, T, D] at each sequence's first lengths[b] positions, one sequence after
/// another: [Σ lengths, D]. Without padding, x itself.
private func packed(_ x: Variable, lengths: [Int]) -> Variable {
    let (batch, length, d) = (x.shape[0], x.shape[1], x.shape[2])
    let rows = x.reshaped([batch * length, d])
    guard lengths.contains(where: { $0 != length }) else { return rows }
    let ids = lengths.enumerated().flatMap { b, n in (0..<n).map { b * length + $0 } }
    return embedding(rows, ids: ids, shape: [ids.count])
}

/// The inverse of `packed`: rows h [Σ lengths, D] back in sequences of `length`, [B · T, D], with
/// zero rows at padding.
private func padded(_ h: Variable, lengths: [Int], length: Int) -> Variable {
    let (count, d) = (h.shape[0], h.shape[1])
    guard lengths.contains(where: { $0 != length }) else { return h }
    let table = concat([h, Variable(.zeros([1, d]))], axis: 0)  // row `count`: zeros, for padding
    var next = 0
    let ids = lengths.flatMap { n in
        defer { next += n }
        return (0..<length).map { t in t < n ? next + t : count }
    }
    return embedding(table, ids: ids, shape: [ids.count], paddingIndex: count)
}

extension TransformerEncoder.Layer {
    /// The layer on states h [..., d], the rows of sequences of `lengths` one after another
    /// (`packed`): its output and its self-attention [B, T, T], T the longest length. Q, K and V
    /// come from one product with the stacked in_proj weight, which `selfAttention` reads in place.
    func callAsFunction(_ h: Variable, lengths: [Int], preNorm: Bool) -> (output: Variable, attention: Tensor) {
        let (context, attention) = selfAttention(inputProjection(preNorm ? norm1(h) : h), lengths: lengths)
        return (output(context: context, residual: h, preNorm: preNorm), attention)
    }

    /// The rest of the layer after the attention's context: the output projection onto the
    /// residual (the layer's input), then the feed-forward block.
    /// Post-norm: a = LN₁(x + attention), LN₂(a + FFN(a)); pre-norm: r = x + attention, r + FFN(LN₂(r)).
    func output(context: Variable, residual: Variable, preNorm: Bool) -> Variable {
        let attended = residual + outputProjection(context)
        func feedForward(_ x: Variable) -> Variable { contract(relu(expand(x))) }
        if preNorm { return attended + feedForward(norm2(attended)) }
        let a = norm1(attended)
        return norm2(a + feedForward(a))
    }
}

/// `TransformerEncoder.positionTable`'s tables, by [length, width].
private let positionTables = Mutex<[[Int]: [Float]]>([:])
