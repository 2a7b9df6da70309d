
/// Parameters that share a learning rate and a weight decay, like one of PyTorch's
/// `param_groups` (the paper trains its attention parameters with their own rate and no decay).
public struct ParameterGroup {
    public let parameters: [Variable]
    public var learningRate: Float
    public var weightDecay: Float

    public init(_ parameters: [Variable], learningRate: Float, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.weightDecay = weightDecay
    }
}

/// Adam (Kingma & Ba 2015) with PyTorch's semantics: `torch.optim.Adam`, or `torch.optim.AdamW`
/// with `weightDecayMode: .decoupled`, each optionally with `amsgrad`.
///
/// For each parameter p with gradient g, at its t-th update (t counts only the steps in which p
/// had a gradient):
///
///     g ← g + wd·p                 (.l2: decay enters the moments; p.grad itself is unchanged)
///     p ← p·(1 − lr·wd)            (.decoupled)
///     m ← β1·m + (1 − β1)·g
///     v ← β2·v + (1 − β2)·g²
///     v̄ ← max(v̄, v) if amsgrad, else v
///     p ← p − lr/(1 − β1ᵗ) · m / (√v̄ / √(1 − β2ᵗ) + ε)
///
/// The update is one SIMD pass over p, g, m, v (and v̄) per parameter, with no temporaries,
/// a large parameter split across `BLAS.threads` threads.
public final class Adam {
    public enum WeightDecayMode: Sendable {
        /// L2 regularisation: wd·p added to the gradient (`torch.optim.Adam(weight_decay=)`).
        case l2
        /// Decoupled decay applied to the parameter before the update (`torch.optim.AdamW`).
        case decoupled
    }

    /// The groups' learning rates and weight decays may be changed between steps.
    public var groups: [ParameterGroup]
    public let beta1: Float, beta2: Float, epsilon: Float
    public let amsgrad: Bool
    public let weightDecayMode: WeightDecayMode

    /// The running moments of one parameter, allocated at its first update. It keeps the
    /// parameter alive so that no other Variable can take over its ObjectIdentifier.
    private final class Moments {
        let parameter: Variable
        var m: [Float], v: [Float], vMax: [Float]
        /// β1ᵗ and β2ᵗ after t updates.
        var beta1Power = 1.0, beta2Power = 1.0

        init(_ parameter: Variable, count: Int, amsgrad: Bool) {
            self.parameter = parameter
            m = [Float](repeating: 0, count: count)
            v = [Float](repeating: 0, count: count)
            vMax = [Float](repeating: 0, count: amsgrad ? count : 0)
        }
    }
    private var states: [ObjectIdentifier: Moments] = [:]

    public init(_ groups: [ParameterGroup], betas: (Float, Float) = (0.9, 0.999),
                epsilon: Float = 1e-8, amsgrad: Bool = false, weightDecayMode: WeightDecayMode = .l2) {
        let all = groups.flatMap(\.parameters)
        precondition(all.allSatisfy { $0.isLeaf && $0.requiresGrad },
                     "Adam: parameters must be leaves made with requiresGrad: true")
        precondition(Set(all.map(ObjectIdentifier.init)).count == all.count,
                     "Adam: a parameter appears more than once")
        self.groups = groups
        (beta1, beta2) = betas
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        self.weightDecayMode = weightDecayMode
    }

    /// One group of parameters.
    public convenience init(_ parameters: [Variable], learningRate: Float = 1e-3, weightDecay: Float = 0,
                            betas: (Float, Float) = (0.9, 0.999), epsilon: Float = 1e-8,
                            amsgrad: Bool = false, weightDecayMode: WeightDecayMode = .l2) {
        self.init([ParameterGroup(parameters, learningRate: learningRate, weightDecay: weightDecay)],
                  betas: betas, epsilon: epsilon, amsgrad: amsgrad, weightDecayMode: weightDecayMode)
    }

    /// Updates every parameter that has a gradient; the others, and their moments, are untouched.
    public func step() {
        for group in groups {
            for p in group.parameters {
                p.updateInPlace { value, grad in
                    update(value, grad, state(of: p, count: value.count),
                           learningRate: group.learningRate, weightDecay: group.weightDecay)
                }
            }
        }
    }

    /// Forgets every parameter's gradient.
    public func zeroGrad() {
        for group in groups { for p in group.parameters { p.zeroGrad() } }
    }

    private func state(of p: Variable, count: Int) -> Moments {
        if let state = states[ObjectIdentifier(p)] { return state }
        let state = Moments(p, count: count, amsgrad: amsgrad)
        states[ObjectIdentifier(p)] = state
        return state
    }

    private func update(_ p: UnsafeMutableBufferPointer<Float>, _ g: UnsafeMutableBufferPointer<Float>,
                        _ state: Moments, learningRate lr: Float, weightDecay wd: Float) {
        // Scalar factors in Double, as PyTorch computes them (in Python floats).
        state.beta1Power *= Double(beta1)
        state.beta2Power *= Double(beta2)
        let stepSize = Float(Double(lr) / (1 - state.beta1Power))
        let correction2 = Float(1 / (1 - state.beta2Power).squareRoot())
        let (l2, shrink) = switch weightDecayMode {
        case .l2: (wd, Float(1))
        case .decoupled: (Float(0), Float(1 - Double(lr) * Double(wd)))
        }
        let (beta1, beta2, epsilon, amsgrad) = (beta1, beta2, epsilon, amsgrad)
        state.m.withUnsafeMutableBufferPointer { m in
            state.v.withUnsafeMutableBufferPointer { v in
                state.vMax.withUnsafeMutableBufferPointer { vMax in
                    // Elements are independent, so a large parameter is split across the engine's
                    // threads (the result does not depend on the split); each range writes only
                    // its own elements of the five buffers.
                    nonisolated(unsafe) let (p, g, m, v, vMax) = (p, g, m, v, vMax)
                    forEachRange(p.count, scalarsPerItem: 1) { range in
                        // Elements i..<i+n, n ≤ 8.
                        @inline(__always) func updateLanes(_ i: Int, _ n: Int) {
                            let gi = g.lanes(i, n) + l2 * p.lanes(i, n)
                            let mi = beta1 * m.lanes(i, n) + (1 - beta1) * gi
                            let vi = beta2 * v.lanes(i, n) + (1 - beta2) * gi * gi
                            m.setLanes(i, n, mi)
                            v.setLanes(i, n, vi)
                            var second = vi
                            if amsgrad {
                                second = vMax.lanes(i, n)
                                second.replace(with: vi, where: vi .> second)
                                vMax.setLanes(i, n, second)
                            }
                            let step = stepSize * mi / (squareRoot(second) * correction2 + epsilon)
                            p.setLanes(i, n, shrink * p.lanes(i, n) - step)
                        }
                        let end = range.upperBound
                        var i = range.lowerBound
                        while i + Lanes.scalarCount <= end {
                            updateLanes(i, Lanes.scalarCount)
                            i += Lanes.scalarCount
                        }
                        if i < end { updateLanes(i, end - i) }
                    }
                }
            }
        }
    }
}

// The update works on SIMD vectors of a few consecutive elements (`Lanes`), as the compiler
// does not vectorise the plain loop itself: five buffers that might overlap are more than its
// runtime overlap checks allow.
extension UnsafeMutableBufferPointer<Float> {
    /// The `n` ≤ 8 elements from `i`, zero-padded.
    @inline(__always)
    fileprivate func lanes(_ i: Int, _ n: Int) -> Lanes { Lanes(baseAddress! + i, n) }

    /// Writes the first `n` ≤ 8 lanes of `x` from element `i`.
    @inline(__always)
    fileprivate func setLanes(_ i: Int, _ n: Int, _ x: Lanes) { x.store(baseAddress! + i, n) }
}

/// √x of non-negative lanes. SIMD's own squareRoot() calls sqrtf lane by lane with its errno
/// branch for negative input; taking abs first rules that out, and the lanes become one vector
/// square root.
@inline(__always)
private func squareRoot(_ x: Lanes) -> Lanes {
    var root = Lanes()
    for j in 0..<Lanes.scalarCount { root[j] = abs(x[j]).squareRoot() }
    return root
}
