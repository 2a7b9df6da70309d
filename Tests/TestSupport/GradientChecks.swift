// Test helpers shared by the test targets of modules built on the engine (a test target cannot
// import another): seeded data, the two gradient checks every op passes, and closeness.
import Autodiff
import Testing

/// Uniform random test data in [low, high), seeded so every run sees the same inputs.
public func random(_ shape: [Int], seed: UInt64, _ low: Float = -1, _ high: Float = 1) -> Tensor {
    var g = RandomGenerator(seed: seed)
    return Tensor.uniform(shape, low: low, high: high, generator: &g)
}

/// Runs both checks every differentiable op must pass: central finite differences, and one
/// backward pass with k cotangents agreeing with k single passes.
public func expectCorrectGradients(_ inputs: [Tensor], wrt: [Int]? = nil, step: Float = 1e-2,
                            absolute: Double = 1e-4, relative: Double = 1e-3, sourceLocation: SourceLocation = #_sourceLocation,
                            _ f: @escaping ([Variable]) -> Variable) {
    let numeric = checkGradients(at: inputs, wrt: wrt, step: step, absolute: absolute, relative: relative, f)
    #expect(numeric.passed, "finite differences: \(numeric)", sourceLocation: sourceLocation)
    let batched = checkBatchedCotangents(at: inputs, f)
    #expect(batched.passed, "batched cotangents: \(batched)", sourceLocation: sourceLocation)
}

/// Asserts two arrays agree elementwise within `tolerance`.
public func expectClose(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.count == b.count, "counts \(a.count) vs \(b.count)", sourceLocation: sourceLocation)
    let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
    #expect(worst <= tolerance, "max difference \(worst): \(a) vs \(b)", sourceLocation: sourceLocation)
}
