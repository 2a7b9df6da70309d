import Autodiff
import Foundation
import TestSupport
import Testing

/// Adam written again from the textbook formulas, in Double: m̂ = m / (1 − β1ᵗ),
/// v̂ = v / (1 − β2ᵗ) (with v the running maximum for AMSGrad), p ← p − lr · m̂ / (√v̂ + ε).
/// Returns the parameters after each step.
private func referenceAdam(_ p0: [Double], gradients: [[Double]], lr: Double, weightDecay wd: Double,
                           decoupled: Bool, amsgrad: Bool, betas: (Double, Double)) -> [[Double]] {
    var p = p0
    var (m, v, vMax) = ([Double](repeating: 0, count: p.count), [Double](repeating: 0, count: p.count),
                        [Double](repeating: 0, count: p.count))
    var history: [[Double]] = []
    for (index, g) in gradients.enumerated() {
        let t = Double(index + 1)
        for i in p.indices {
            let gi = decoupled ? g[i] : g[i] + wd * p[i]
            if decoupled { p[i] *= 1 - lr * wd }
            m[i] = betas.0 * m[i] + (1 - betas.0) * gi
            v[i] = betas.1 * v[i] + (1 - betas.1) * gi * gi
            vMax[i] = max(vMax[i], v[i])
            let mHat = m[i] / (1 - pow(betas.0, t))
            let vHat = (amsgrad ? vMax[i] : v[i]) / (1 - pow(betas.1, t))
            p[i] -= lr * mHat / (vHat.squareRoot() + 1e-8)
        }
        history.append(p)
    }
    return history
}

/// Gives each parameter the gradient listed for it, through a real backward pass:
/// d/dp Σ p ⊙ g = g exactly.
private func setGradients(_ pairs: [(Variable, [Double])]) {
    let terms = pairs.map { p, g in sum(p * Variable(Tensor(shape: p.shape, scalars: g.map(Float.init)))) }
    terms.reduce(Variable(.zeros([])), +).backward()
}

private func parameter(_ values: [Double]) -> Variable {
    Variable(Tensor(shape: [values.count], scalars: values.map(Float.init)), requiresGrad: true)
}

@Suite struct OptimizerTests {
    let start = [0.5, -1.0, 2.0, 0.0]
    /// Large, then ever smaller gradients (but for the last element): the second moment v
    /// shrinks after the first step, so AMSGrad's running maximum changes the result.
    let gradients = [[3.0, -2.0, 0.5, 1.0], [0.3, -0.2, 0.05, -1.0], [0.1, 0.05, -0.02, 0.5],
                     [0.03, -0.02, 0.01, -0.2], [-0.01, 0.01, 0.004, 0.1]]

    private func run(amsgrad: Bool, mode: Adam.WeightDecayMode, betas: (Float, Float)) -> [[Float]] {
        let p = parameter(start)
        let adam = Adam([p], learningRate: 0.1, weightDecay: 0.05, betas: betas, amsgrad: amsgrad,
                        weightDecayMode: mode)
        return gradients.map { g in
            adam.zeroGrad()
            setGradients([(p, g)])
            adam.step()
            return p.value.scalars
        }
    }

    @Test(arguments: [(false, Adam.WeightDecayMode.l2), (true, .l2), (false, .decoupled), (true, .decoupled)])
    func stepsFollowTheFormulas(amsgrad: Bool, mode: Adam.WeightDecayMode) {
        // β = (0.8, 0.9) so that bias correction and AMSGrad change every step visibly.
        let steps = run(amsgrad: amsgrad, mode: mode, betas: (0.8, 0.9))
        let expected = referenceAdam(start, gradients: gradients, lr: 0.1, weightDecay: 0.05,
                                     decoupled: mode == .decoupled, amsgrad: amsgrad, betas: (0.8, 0.9))
        for (got, want) in zip(steps, expected) { expectClose(got, want.map(Float.init)) }
    }

    @Test func largeParametersFollowTheFormulas() {
        // Long enough to be split across threads, and not a multiple of the SIMD width.
        let count = (1 << 16) + 5
        let start = random([count], seed: 72).scalars.map(Double.init)
        let gradients = (0..<4).map { t in  // shrinking 8× a step, so that AMSGrad matters
            random([count], seed: 73 + UInt64(t)).scalars.map { Double($0) / Double(1 << (3 * t)) }
        }
        let p = parameter(start)
        let adam = Adam([p], learningRate: 0.1, weightDecay: 0.05, betas: (0.8, 0.9), amsgrad: true)
        for g in gradients {
            adam.zeroGrad()
            setGradients([(p, g)])
            adam.step()
        }
        let expected = referenceAdam(start, gradients: gradients, lr: 0.1, weightDecay: 0.05,
                                     decoupled: false, amsgrad: true, betas: (0.8, 0.9))
        expectClose(p.value.scalars, expected.last!.map(Float.init))
    }

    @Test func amsgradMatters() {
        let plain = run(amsgrad: false, mode: .l2, betas: (0.8, 0.9)).last!
        let ams = run(amsgrad: true, mode: .l2, betas: (0.8, 0.9)).last!
        #expect(zip(plain, ams).map { abs($0 - $1) }.max()! > 0.01)
    }

    @Test func matchesPyTorch() {
        // torch 2.15.0: p = Parameter([0.5, -1, 2, 0]); torch.optim.Adam([p], lr=0.1,
        // weight_decay=0.05, amsgrad=True) (and AdamW with the same arguments); p.grad set to
        // each row of `gradients` before opt.step().
        expectClose(run(amsgrad: true, mode: .l2, betas: (0.9, 0.999)).last!,
                    [0.173464552, -0.675420702, 1.61736083, -0.125909775])
        expectClose(run(amsgrad: true, mode: .decoupled, betas: (0.9, 0.999)).last!,
                    [0.167585909, -0.664554119, 1.64045441, -0.125676036])
    }

    @Test func l2DecayLeavesTheGradientAlone() {
        let p = parameter(start)
        let adam = Adam([p], learningRate: 0.1, weightDecay: 0.5)
        setGradients([(p, gradients[0])])
        adam.step()
        #expect(p.grad!.scalars == gradients[0].map(Float.init))
    }

    @Test func groupsHaveTheirOwnRatesAndDecay() {
        let (a, b) = (parameter(start), parameter(start.reversed()))
        let adam = Adam([ParameterGroup([a], learningRate: 0.1, weightDecay: 0),
                         ParameterGroup([b], learningRate: 0.01, weightDecay: 0.2)], amsgrad: true)
        let gradientsB = gradients.map { $0.map { -2 * $0 } }
        for (g, gB) in zip(gradients, gradientsB) {
            adam.zeroGrad()
            setGradients([(a, g), (b, gB)])
            adam.step()
        }
        let expectedA = referenceAdam(start, gradients: gradients, lr: 0.1, weightDecay: 0,
                                      decoupled: false, amsgrad: true, betas: (0.9, 0.999))
        let expectedB = referenceAdam(start.reversed(), gradients: gradientsB, lr: 0.01, weightDecay: 0.2,
                                      decoupled: false, amsgrad: true, betas: (0.9, 0.999))
        expectClose(a.value.scalars, expectedA.last!.map(Float.init))
        expectClose(b.value.scalars, expectedB.last!.map(Float.init))
    }

    @Test func aParameterWithoutGradientIsUntouched() {
        let (a, idle) = (parameter(start), parameter([1, -1]))
        let adam = Adam([a, idle], learningRate: 0.1, weightDecay: 0.1, weightDecayMode: .decoupled)
        for g in gradients.prefix(2) {
            adam.zeroGrad()
            setGradients([(a, g)])
            adam.step()
        }
        #expect(idle.value.scalars == [1, -1] && idle.grad == nil)
        // Its first gradient gives it a first step (t = 1, not 3): m̂ / √v̂ = g / |g|, so it moves
        // by lr against the gradient's sign, after the decay 1 − lr · wd.
        adam.zeroGrad()
        setGradients([(a, gradients[2]), (idle, [0.3, -0.001])])
        adam.step()
        expectClose(idle.value.scalars, [0.99 - 0.1, -0.99 + 0.1])
    }

    @Test func stepUpdatesInPlace() {
        let p = Variable(random([1000], seed: 70), requiresGrad: true)
        let adam = Adam([p], amsgrad: true)
        func address() -> UnsafePointer<Float>? { p.value.scalars.withUnsafeBufferPointer { $0.baseAddress } }
        let before = address()
        for _ in 0..<3 {
            setGradients([(p, Array(repeating: 0.5, count: 1000))])
            adam.step()
        }
        #expect(address() == before)
    }

    @Test func clippingScalesToTheMaximumNorm() {
        let (a, b, idle) = (parameter([0, 0]), parameter([0]), parameter([7]))
        setGradients([(a, [3, 4]), (b, [12])])
        #expect(clipGradientNorm([a, b, idle], maxNorm: 20) == 13)  // √(9 + 16 + 144), under the limit
        #expect(a.grad!.scalars == [3, 4] && b.grad!.scalars == [12])
        #expect(clipGradientNorm([a, b, idle], maxNorm: 6.5) == 13)
        let scale = Float(6.5 / (13 + 1e-6))
        expectClose(a.grad!.scalars + b.grad!.scalars, [3 * scale, 4 * scale, 12 * scale])
        #expect(idle.grad == nil)
    }

    @Test func fitsASeparableLogisticRegression() {
        // Points in 3-D labelled by the side of a plane, those within 0.2 of it dropped.
        var generator = RandomGenerator(seed: 71)
        var (points, labels): ([Float], [Float]) = ([], [])
        while labels.count < 128 {
            let x = (0..<3).map { _ in generator.normal() }
            let margin = 1.5 * x[0] - 2 * x[1] + 0.5 * x[2] + 0.3
            guard abs(margin) > 0.2 else { continue }
            points += x
            labels.append(margin > 0 ? 1 : 0)
        }
        let x = Variable(Tensor(shape: [128, 3], scalars: points))
        let targets = Tensor(shape: [128, 1], scalars: labels)
        let (w, b) = (Variable(.zeros([3, 1]), requiresGrad: true), Variable(.zeros([1]), requiresGrad: true))
        let adam = Adam([w, b], learningRate: 0.05, amsgrad: true)
        for _ in 0..<300 {
            adam.zeroGrad()
            binaryCrossEntropyWithLogits(matmul(x, w) + b, targets: targets).backward()
            adam.step()
        }
        let logits = (matmul(x, w) + b).value.scalars
        let correct = zip(logits, labels).filter { ($0 > 0) == ($1 == 1) }.count
        #expect(correct == 128)
    }
}
