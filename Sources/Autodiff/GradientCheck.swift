/// Numerical checks of the backward passes, for tests of every differentiable op and model.

/// The outcome of comparing analytic gradients with another computation of them.
public struct GradientCheck: CustomStringConvertible, Sendable {
    /// Elements compared.
    public var checked = 0
    /// Largest |analytic − reference| over them, and where it was.
    public var maxError: Double = 0
    public var worst = ""
    /// Elements outside the tolerance: |analytic − reference| > absolute + relative · max(|·|).
    public var failures = 0

    public var passed: Bool { checked > 0 && failures == 0 }
    public var description: String {
        "\(checked) checked, \(failures) failed, max error \(maxError) at \(worst)"
    }

    mutating func compare(_ analytic: Double, _ reference: Double, absolute: Double, relative: Double,
                          at place: @autoclosure () -> String) {
        checked += 1
        let error = abs(analytic - reference)
        if error > maxError || error.isNaN { maxError = error; worst = place() + " (analytic \(analytic), reference \(reference))" }
        if !(error <= absolute + relative * max(abs(analytic), abs(reference))) { failures += 1 }
    }
}

/// Compares the backward pass of `f` with central finite differences.
///
/// The scalar objective is L = Σ w ⊙ f(inputs) with fixed random weights w, accumulated in Float64
/// so that the difference quotient (L(x + h) − L(x − h)) / 2h is limited by the Float32 forward
/// pass, not by the sum. Each input listed in `wrt` (default: all) is perturbed element by element
/// (a seeded sample of `maxElements` of them when larger); an element passes when
/// |analytic − numeric| ≤ absolute + relative · max(|analytic|, |numeric|). The defaults sit
/// just above what the step leaves: Float32 rounding of the objective over 2h (~1e-5) and the
/// h² truncation of the central difference.
public func checkGradients(at inputs: [Tensor], wrt: [Int]? = nil, step: Float = 1e-2,
                           absolute: Double = 1e-4, relative: Double = 1e-3, maxElements: Int = 48, seed: UInt64 = 1,
                           _ f: ([Variable]) -> Variable) -> GradientCheck {
    let wrt = wrt ?? Array(inputs.indices)
    let leaves = inputs.enumerated().map { Variable($1, requiresGrad: wrt.contains($0)) }
    return checkGradients(of: wrt.map { ("input \($0)", leaves[$0]) }, step: step, absolute: absolute, relative: relative,
                          maxElements: maxElements, seed: seed) { f(leaves) }
}

/// The same check for parameters that `f` reads itself, such as a model's weights: each named
/// leaf is perturbed in place (with `assign`) and restored.
public func checkGradients(of parameters: [(name: String, variable: Variable)], step: Float = 1e-2,
                           absolute: Double = 1e-4, relative: Double = 1e-3, maxElements: Int = 48, seed: UInt64 = 1,
                           _ f: () -> Variable) -> GradientCheck {
    var generator = RandomGenerator(seed: seed)
    for (_, parameter) in parameters { parameter.zeroGrad() }
    let output = f()
    let weights = Tensor.normal(output.shape, generator: &generator)
    output.backward(seed: weights)

    func objective() -> Double {
        zip(f().value.scalars, weights.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }
    var result = GradientCheck()
    for (name, parameter) in parameters {
        let original = parameter.value
        let analytic = parameter.grad?.scalars ?? [Float](repeating: 0, count: original.count)
        var elements = Array(0..<original.count)
        if elements.count > maxElements {
            generator.shuffle(&elements)
            elements = Array(elements.prefix(maxElements))
        }
        for e in elements {
            var plus = original, minus = original
            plus.scalars[e] += step
            minus.scalars[e] -= step
            let h = Double(plus.scalars[e]) - Double(minus.scalars[e])  // the step as rounded
            parameter.assign(plus)
            let above = objective()
            parameter.assign(minus)
            let below = objective()
            parameter.assign(original)
            result.compare(Double(analytic[e]), (above - below) / h, absolute: absolute, relative: relative,
                           at: "\(name), element \(e)")
        }
    }
    return result
}

/// Compares one backward pass with k cotangents against k separate backward passes (one per
/// cotangent), for every input; the results should agree to rounding.
public func checkBatchedCotangents(at inputs: [Tensor], k: Int = 3, tolerance: Double = 1e-5,
                                   seed: UInt64 = 2, _ f: ([Variable]) -> Variable) -> GradientCheck {
    var generator = RandomGenerator(seed: seed)
    let leaves = inputs.map { Variable($0, requiresGrad: true) }
    let output = f(leaves)
    let cotangents = Tensor.normal([k] + output.shape, generator: &generator)
    output.backward(cotangents: cotangents)
    let batched = leaves.map { $0.grad?.scalars ?? [Float](repeating: 0, count: k * $0.value.count) }

    var result = GradientCheck()
    let n = output.value.count
    for j in 0..<k {
        let single = inputs.map { Variable($0, requiresGrad: true) }
        f(single).backward(seed: Tensor(shape: output.shape, scalars: Array(cotangents.scalars[j * n..<(j + 1) * n])))
        for (i, leaf) in single.enumerated() {
            let g = leaf.grad?.scalars ?? [Float](repeating: 0, count: leaf.value.count)
            for e in g.indices {
                result.compare(Double(batched[i][j * g.count + e]), Double(g[e]), absolute: tolerance, relative: tolerance,
                               at: "cotangent \(j), input \(i), element \(e)")
            }
        }
    }
    return result
}
