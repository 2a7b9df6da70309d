import Autodiff
import Foundation
import TestSupport
import Testing

/// `backward(cotangents:wrt:)`: gradients of chosen inputs only, as the unrestricted pass gives
/// them, with no other variable's gradient written.
@Suite struct RestrictedBackwardTests {
    /// A small network: x through a linear map with parameters, tanh, layer norm, a masked softmax.
    struct Network {
        let x = Variable(random([3, 4], seed: 70), requiresGrad: true)
        let w = Variable(random([5, 4], seed: 71), requiresGrad: true)
        let b = Variable(random([5], seed: 72), requiresGrad: true)
        let gain = Variable(random([5], seed: 73, 0.5, 1.5), requiresGrad: true)
        let shift = Variable(random([5], seed: 74), requiresGrad: true)
        let hidden: Variable
        let output: Variable

        init() {
            hidden = tanh(linear(x, weight: w, bias: b))
            let mask = Tensor(shape: [3, 5], scalars: (0..<15).map { $0 % 4 == 1 ? 0 : 1 })
            output = sum(softmax(layerNorm(hidden, gain: gain, bias: shift), mask: mask) * hidden, axis: 1)
        }

        var parameters: [Variable] { [w, b, gain, shift] }
    }

    @Test func equalsTheUnrestrictedPassForTheChosenInputs() {
        let cotangents = random([4, 3], seed: 75)
        let full = Network()
        full.hidden.retainsGrad = true
        full.output.backward(cotangents: cotangents)

        let net = Network()
        let grads = net.output.backward(cotangents: cotangents, wrt: [net.x, net.hidden])
        #expect(grads[0].shape == [4, 3, 4] && grads[1].shape == [4, 3, 5])
        expectClose(grads[0].scalars, full.x.grad!.scalars, tolerance: 1e-6)
        expectClose(grads[1].scalars, full.hidden.grad!.scalars, tolerance: 1e-6)
        // Nothing was stored: not on the inputs, not on the parameters.
        #expect(net.x.grad == nil && net.hidden.grad == nil)
        #expect(net.parameters.allSatisfy { $0.grad == nil && $0.needsGradient })
    }

    @Test func leavesStoredGradientsAsTheyWere() {
        let net = Network()
        net.output.backward(seed: random([3], seed: 76))
        let before = net.parameters.map { $0.grad! } + [net.x.grad!]
        let single = net.output.backward(seed: random([3], seed: 77), wrt: [net.x])[0]
        #expect(single.shape == [3, 4])
        #expect(net.parameters.map { $0.grad! } + [net.x.grad!] == before)
        // The next full pass accumulates onto the untouched gradients as usual.
        net.output.backward(seed: random([3], seed: 76))
        expectClose(net.w.grad!.scalars, before[0].scalars.map { 2 * $0 }, tolerance: 1e-5)
    }

    /// The closures of ops off the path to the inputs do not run.
    @Test func runsOnlyTheOpsOnThePath() {
        final class Counter: @unchecked Sendable { var calls = 0 }
        let counter = Counter()
        func counted(_ v: Variable) -> Variable {
            Variable(v.value, inputs: [v]) { dy, k in
                counter.calls += 1
                v.accumulateGrad(k) { g in for i in 0..<k * v.value.count { g[i] += dy[i] } }
            }
        }
        let x = Variable(random([2, 3], seed: 78), requiresGrad: true)
        let w = Variable(random([3, 3], seed: 79), requiresGrad: true)
        let h = matmul(x, counted(w))  // the counted op feeds w only
        let y = sum(h * h)
        let dx = y.backward(seed: Tensor(shape: [], scalars: [1]), wrt: [x])[0]
        #expect(counter.calls == 0)
        y.backward()
        #expect(counter.calls == 1)
        expectClose(dx.scalars, x.grad!.scalars, tolerance: 1e-6)
    }

    @Test func unreachableOrConstantInputsGetZeros() {
        let x = Variable(random([2], seed: 80), requiresGrad: true)
        let unused = Variable(random([3], seed: 81), requiresGrad: true)
        let constant = Variable(random([2], seed: 82))
        let y = x * constant
        let grads = y.backward(cotangents: random([2, 2], seed: 83), wrt: [unused, constant, x])
        #expect(grads[0] == .zeros([2, 3]) && grads[1] == .zeros([2, 2]))
        #expect(grads[2].shape == [2, 2] && grads[2].scalars.contains { $0 != 0 })
        let fromConstant = exp(constant).backward(seed: random([2], seed: 84), wrt: [constant])
        #expect(fromConstant == [.zeros([2])])
    }

    // MARK: The LSTM's input-only backward

    /// x [B, T, E] as a leaf needing a gradient, and weights that are parameters.
    struct Layer {
        let x: Variable
        let forward: LSTMWeights, reverse: LSTMWeights
        let lengths: [Int]

        init(lengths: [Int], time: Int, features: Int = 3, hidden: Int = 4, seed: UInt64) {
            var generator = RandomGenerator(seed: seed)
            x = Variable(.uniform([lengths.count, time, features], low: -1, high: 1, generator: &generator), requiresGrad: true)
            forward = .random(input: features, hidden: hidden, generator: &generator)
            reverse = .random(input: features, hidden: hidden, generator: &generator)
            self.lengths = lengths
        }

        func callAsFunction() -> Variable { lstm(x, lengths: lengths, forward: forward, reverse: reverse) }
        var parameters: [Variable] { forward.parameters + reverse.parameters }
    }

    /// The input-only pass against the full one (which forms every weight gradient too), for
    /// cotangents [k, B, T, 2H] made by `cotangent(j, b, t, unit)`.
    func expectInputGradientMatchesFullPass(lengths: [Int], time: Int, k: Int,
                                            _ cotangent: (Int, Int, Int, Int) -> Float,
                                            sourceLocation: SourceLocation = #_sourceLocation) {
        let (hidden, width) = (4, 8)
        var scalars = [Float](repeating: 0, count: k * lengths.count * time * width)
        var generator = RandomGenerator(seed: 85)
        for j in 0..<k {
            for b in lengths.indices {
                for t in 0..<time {
                    for u in 0..<width {
                        let value = cotangent(j, b, t, u)
                        scalars[((j * lengths.count + b) * time + t) * width + u] = value == 0 ? 0 : value * (1 + generator.uniform())
                    }
                }
            }
        }
        let cotangents = Tensor(shape: [k, lengths.count, time, width], scalars: scalars)
        let full = Layer(lengths: lengths, time: time, hidden: hidden, seed: 86)
        full().backward(cotangents: cotangents)
        let layer = Layer(lengths: lengths, time: time, hidden: hidden, seed: 86)
        let dx = layer().backward(cotangents: cotangents, wrt: [layer.x])[0]
        expectClose(dx.scalars, full.x.grad!.scalars, tolerance: 1e-5, sourceLocation: sourceLocation)
        #expect(layer.parameters.allSatisfy { $0.grad == nil }, sourceLocation: sourceLocation)
    }

    @Test func lstmDenseCotangents() {
        expectInputGradientMatchesFullPass(lengths: [5, 2, 4], time: 5, k: 3) { _, _, _, _ in 1 }
    }

    /// Eq. 5's pattern: cotangent p lives at position p of the one sequence, so the forward
    /// direction carries it back over 0...p and the reverse one over p..<n (per-pair products).
    @Test func lstmOnePositionPerCotangent() {
        expectInputGradientMatchesFullPass(lengths: [7], time: 7, k: 7) { j, _, t, _ in t == j ? 1 : 0 }
    }

    /// Pairs that start at different steps in a padded batch, one cotangent all zero, one pair
    /// zero in one direction only.
    @Test func lstmMixedStarts() {
        expectInputGradientMatchesFullPass(lengths: [6, 3, 5], time: 6, k: 3) { j, b, t, u in
            switch j {
            case 0: return t == (b + 1) % 3 || (b == 2 && t == 4 && u < 4) ? 1 : 0
            case 1: return 0
            default: return b == 1 ? 0 : (u >= 4 && t == 2 ? 1 : 0)
            }
        }
    }

    /// Gradient feature importance's pattern: dy is zero at the first and last positions.
    @Test func lstmZeroAtTheEnds() {
        expectInputGradientMatchesFullPass(lengths: [6, 4, 6], time: 6, k: 1) { _, b, t, _ in
            t > 0 && t < [6, 4, 6][b] - 1 ? 1 : 0
        }
    }
}
