import Autodiff
import Foundation
import TestSupport
import Testing

@Suite struct LSTMTests {
    /// x [B, T, E] and the four weight tensors of each direction, in PyTorch's order.
    func inputs(batch: Int, time: Int, features: Int, hidden: Int, directions: Int, seed: UInt64) -> [Tensor] {
        var generator = RandomGenerator(seed: seed)
        let x = Tensor.uniform([batch, time, features], low: -1, high: 1, generator: &generator)
        return [x] + (0..<directions).flatMap { _ in
            LSTMWeights.random(input: features, hidden: hidden, generator: &generator).parameters.map(\.value)
        }
    }

    /// Splits the variables made from `inputs` back into x and the weights of each direction.
    func unpack(_ v: [Variable]) -> (x: Variable, directions: [LSTMWeights]) {
        let directions = stride(from: 1, to: v.count, by: 4).map {
            LSTMWeights(inputWeight: v[$0], hiddenWeight: v[$0 + 1], inputBias: v[$0 + 2], hiddenBias: v[$0 + 3])
        }
        return (v[0], directions)
    }

    func fused(lengths: [Int]) -> ([Variable]) -> Variable {
        { v in
            let (x, w) = unpack(v)
            return lstm(x, lengths: lengths, forward: w[0], reverse: w.count > 1 ? w[1] : nil)
        }
    }

    /// The same layer composed of the engine's elementary ops, one example and one step at a time,
    /// each example run over its own length and padded with zeros.
    func unfused(lengths: [Int]) -> ([Variable]) -> Variable {
        { v in
            let (x, directions) = unpack(v)
            let (batch, time, features) = (x.shape[0], x.shape[1], x.shape[2])
            let examples = (0..<batch).map { b in
                let xb = slice(x, axis: 0, b..<b + 1).reshaped([time, features])
                let states = directions.enumerated().map { d, w in
                    let hidden = w.hiddenWeight.shape[1]
                    var (h, c) = (Variable(.zeros([1, hidden])), Variable(.zeros([1, hidden])))
                    var outputs = [Variable](repeating: Variable(.zeros([1, hidden])), count: time)
                    let steps = d == 0 ? Array(0..<lengths[b]) : (0..<lengths[b]).reversed()
                    for t in steps {
                        let z = matmul(slice(xb, axis: 0, t..<t + 1), w.inputWeight, transposeB: true) + w.inputBias
                            + matmul(h, w.hiddenWeight, transposeB: true) + w.hiddenBias
                        func gate(_ n: Int) -> Variable { slice(z, axis: 1, n * hidden..<(n + 1) * hidden) }
                        c = sigmoid(gate(1)) * c + sigmoid(gate(0)) * tanh(gate(2))
                        h = sigmoid(gate(3)) * tanh(c)
                        outputs[t] = h
                    }
                    return concat(outputs, axis: 0)
                }
                return concat(states, axis: 1).reshaped([1, time, states.count * states[0].shape[1]])
            }
            return concat(examples, axis: 0)
        }
    }

    /// f's value at `inputs` and the gradient of every input for the output gradient `seed`.
    func evaluate(_ inputs: [Tensor], seed: Tensor, _ f: ([Variable]) -> Variable) -> (value: Tensor, grads: [Tensor?]) {
        let leaves = inputs.map { Variable($0, requiresGrad: true) }
        let y = f(leaves)
        y.backward(seed: seed)
        return (y.value, leaves.map(\.grad))
    }

    func matchesUnfusedOps(directions: Int, hidden: Int) {
        let lengths = [5, 2, 4]
        let x = inputs(batch: 3, time: 5, features: 3, hidden: hidden, directions: directions, seed: 20)
        let seed = random([3, 5, directions * hidden], seed: 21)
        let (fusedValue, fusedGrads) = evaluate(x, seed: seed, fused(lengths: lengths))
        let (referenceValue, referenceGrads) = evaluate(x, seed: seed, unfused(lengths: lengths))
        #expect(fusedValue.shape == [3, 5, directions * hidden])
        expectClose(fusedValue.scalars, referenceValue.scalars, tolerance: 1e-4)
        for (a, b) in zip(fusedGrads, referenceGrads) { expectClose(a?.scalars ?? [], b?.scalars ?? [], tolerance: 1e-4) }
    }

    @Test func bidirectionalMatchesUnfusedOps() { matchesUnfusedOps(directions: 2, hidden: 2) }
    @Test func forwardOnlyMatchesUnfusedOps() { matchesUnfusedOps(directions: 1, hidden: 2) }
    /// The cell works on 8 units at a time: 9 is one full group and a tail.
    @Test func wideHiddenMatchesUnfusedOps() { matchesUnfusedOps(directions: 2, hidden: 9) }

    @Test func gradients() {
        // Lengths differ and are out of order, one sequence is a single token.
        let x = inputs(batch: 3, time: 4, features: 3, hidden: 2, directions: 2, seed: 22)
        expectCorrectGradients(x, fused(lengths: [3, 1, 4]))
    }

    @Test func gradientsWhenNoSequenceFillsThePadding() {
        // Every length below T, and 9 units: a full SIMD group and a tail.
        let x = inputs(batch: 2, time: 5, features: 2, hidden: 9, directions: 2, seed: 28)
        expectCorrectGradients(x, fused(lengths: [3, 2]))
    }

    @Test func forwardOnlyGradients() {
        let x = inputs(batch: 2, time: 3, features: 2, hidden: 3, directions: 1, seed: 23)
        expectCorrectGradients(x, fused(lengths: [2, 3]))
    }

    @Test func paddingNeverLeaks() {
        let (lengths, time, features, hidden) = ([2, 4, 1], 4, 3, 2)
        /// Whether scalar i of a [B, T, width] tensor is at a padded position.
        func isPadding(_ i: Int, width: Int) -> Bool { i / width % time >= lengths[i / (width * time)] }
        let x = inputs(batch: 3, time: time, features: features, hidden: hidden, directions: 2, seed: 24)
        var changed = x
        changed[0] = Tensor(shape: x[0].shape, initializingWith: { out in
            for i in out.indices { out[i] = isPadding(i, width: features) ? 100 + Float(i) : x[0].scalars[i] }
        })
        let seed = random([3, time, 2 * hidden], seed: 25)
        let (value, grads) = evaluate(x, seed: seed, fused(lengths: lengths))
        let (changedValue, changedGrads) = evaluate(changed, seed: seed, fused(lengths: lengths))
        #expect(value == changedValue)
        #expect(grads == changedGrads)
        for i in 0..<value.count where isPadding(i, width: 2 * hidden) { #expect(value.scalars[i] == 0) }
        for i in 0..<x[0].count where isPadding(i, width: features) { #expect(grads[0]?.scalars[i] == 0) }
    }

    /// Without gradients the layer keeps two steps instead of its whole tape; the states are the
    /// same bit for bit (ragged lengths, so that rows drop out between the two blocks), and the
    /// result records nothing to differentiate.
    @Test func withoutGradientsGivesTheSameStates() {
        let lengths = [7, 2, 5, 7, 1]
        let leaves = inputs(batch: 5, time: 7, features: 3, hidden: 9, directions: 2, seed: 28)
            .map { Variable($0, requiresGrad: true) }
        let recorded = fused(lengths: lengths)(leaves)
        let unrecorded = Variable.withoutGradients { fused(lengths: lengths)(leaves) }
        #expect(recorded.requiresGrad && !unrecorded.requiresGrad && unrecorded.isLeaf)
        #expect(unrecorded.value == recorded.value)
    }

    /// With k = 3 cotangents: frozen weights get no gradient, and the other inputs the same as when
    /// nothing is frozen (the backward pass skips dW_hh and keeps one step of dz when W_hh is frozen).
    @Test func frozenWeightsGetNoGradient() {
        let lengths = [3, 2]
        let x = inputs(batch: 2, time: 3, features: 2, hidden: 2, directions: 2, seed: 26)
        let cotangents = random([3, 2, 3, 4], seed: 27)
        func gradients(frozen: Set<Int>) -> [Tensor?] {
            let leaves = x.enumerated().map { Variable($1, requiresGrad: !frozen.contains($0)) }
            fused(lengths: lengths)(leaves).backward(cotangents: cotangents)
            return leaves.map(\.grad)
        }
        let trained = gradients(frozen: [])
        // All weights; both W_hh; forward W_ih and biases; x alone (weights trained, as in training
        // on frozen embeddings).
        for frozen: Set<Int> in [Set(1...8), [2, 6], [1, 3, 4], [0]] {
            let grads = gradients(frozen: frozen)
            for i in x.indices {
                if frozen.contains(i) {
                    #expect(grads[i] == nil)
                } else {
                    expectClose(grads[i]?.scalars ?? [], trained[i]!.scalars, tolerance: 1e-6)
                }
            }
        }
    }

    @Test func oneStepByHand() {
        // H = E = 1, one token: c = i·g (c₀ = 0) and h = o·tanh(c); the forget gate does not matter.
        // The inputs drive the gates far into saturation and close to 0, where σ and tanh are
        // computed differently.
        let xs: [Float] = [-30, -4, -0.3, -0.02, 0, 0.01, 0.2, 1, 5, 40]
        func weights(_ wi: [Float], _ bi: [Float], _ bh: [Float]) -> LSTMWeights {
            LSTMWeights(inputWeight: Variable(Tensor(shape: [4, 1], scalars: wi)),
                        hiddenWeight: Variable(Tensor(shape: [4, 1], scalars: [0.7, -0.7, 0.9, -0.9])),
                        inputBias: Variable(Tensor(shape: [4], scalars: bi)),
                        hiddenBias: Variable(Tensor(shape: [4], scalars: bh)))
        }
        func expected(_ x: Float, _ wi: [Float], _ bi: [Float], _ bh: [Float]) -> Float {
            let z = (0..<4).map { Double(x) * Double(wi[$0]) + Double(bi[$0]) + Double(bh[$0]) }
            let sigma = { (z: Double) in 1 / (1 + Foundation.exp(-z)) }
            return Float(sigma(z[3]) * Foundation.tanh(sigma(z[0]) * Foundation.tanh(z[2])))
        }
        let (wf, bif, bhf): ([Float], [Float], [Float]) = ([0.5, -1, 2, 1.5], [0.1, 0.2, -0.3, 0.4], [0, 0.5, 0.25, -0.5])
        let (wb, bib, bhb): ([Float], [Float], [Float]) = ([-0.4, 1, 0.8, -1.2], [0.3, -0.1, 0.2, 0], [0.1, 0, -0.2, 0.6])
        let x = Variable(Tensor(shape: [xs.count, 1, 1], scalars: xs))
        let y = lstm(x, lengths: Array(repeating: 1, count: xs.count),
                     forward: weights(wf, bif, bhf), reverse: weights(wb, bib, bhb))
        let byHand = xs.flatMap { [expected($0, wf, bif, bhf), expected($0, wb, bib, bhb)] }
        for (h, reference) in zip(y.value.scalars, byHand) {
            #expect(abs(h - reference) <= 1e-6 * max(abs(reference), 1e-3), "h \(h), by hand \(reference)")
        }
    }
}
