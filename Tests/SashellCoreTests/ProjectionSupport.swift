import Autodiff
import SashellCore
import Testing

// Helpers for the projection tests (test targets cannot share Tests/AutodiffTests/Support.swift;
// the names are specific so they cannot collide with other suites' helpers in this target).

/// Uniform random test data in [low, high), seeded so every run sees the same inputs.
func randomScores(_ shape: [Int], seed: UInt64, _ low: Float = -1, _ high: Float = 1) -> Tensor {
    var g = RandomGenerator(seed: seed)
    return Tensor.uniform(shape, low: low, high: high, generator: &g)
}

/// Runs both checks every differentiable op must pass: central finite differences, and one
/// backward pass with k cotangents agreeing with k single passes.
func expectCorrectProjectionGradients(_ inputs: [Tensor], step: Float = 1e-2, sourceLocation: SourceLocation = #_sourceLocation,
                            _ f: @escaping ([Variable]) -> Variable) {
    let numeric = checkGradients(at: inputs, step: step, f)
    #expect(numeric.passed, "finite differences: \(numeric)", sourceLocation: sourceLocation)
    let batched = checkBatchedCotangents(at: inputs, f)
    #expect(batched.passed, "batched cotangents: \(batched)", sourceLocation: sourceLocation)
}

/// Asserts two arrays agree elementwise within `tolerance`.
func expectProbabilitiesClose(_ a: [Float], _ b: [Float], tolerance: Float = 1e-6,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.count == b.count, "counts \(a.count) vs \(b.count)", sourceLocation: sourceLocation)
    let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
    #expect(worst <= tolerance, "max difference \(worst): \(a) vs \(b)", sourceLocation: sourceLocation)
}

/// A projection applied to one row of plain numbers.
func projectRow(_ projection: (Variable, Tensor?) -> Variable, _ row: [Float], mask: [Float]? = nil) -> [Float] {
    projection(Variable(Tensor(shape: [row.count], scalars: row)),
               mask.map { Tensor(shape: [row.count], scalars: $0) }).value.scalars
}

/// The set of positions with nonzero probability.
func supportOf(_ p: [Float]) -> Set<Int> { Set(p.indices.filter { p[$0] > 0 }) }

/// Whether `f`'s support stays the same when any single input moves by ±step: where it does,
/// the piecewise-smooth sparse projections are differentiable and finite differences are valid.
func supportIsStable(_ x: Tensor, step: Float, _ f: (Variable) -> Variable) -> Bool {
    let base = supportOf(f(Variable(x)).value.scalars)
    return x.scalars.indices.allSatisfy { e in
        [step, -step].allSatisfy { d in
            var moved = x
            moved.scalars[e] += d
            return supportOf(f(Variable(moved)).value.scalars) == base
        }
    }
}

/// Every projection under test, by name, each a (scores, mask) → probabilities function.
let projectionsUnderTest: [(name: String, apply: @Sendable (Variable, Tensor?) -> Variable)] = [
    ("softmax", { Projection.softmax($0, mask: $1) }),
    ("sparsemax", { sparsemax($0, mask: $1) }),
    ("sparsegen 0.5", { sparsegen($0, lambda: 0.5, mask: $1) }),
    ("sparsegen -2", { sparsegen($0, lambda: -2, mask: $1) }),
    ("entmax 1.5", { entmax($0, alpha: 1.5, mask: $1) }),
    ("entmax 1.25", { entmax($0, alpha: 1.25, mask: $1) }),
    ("entmax 3", { entmax($0, alpha: 3, mask: $1) }),
    ("gumbel 0.5", { Projection.gumbel(tau: 0.5, seed: 7)($0, mask: $1) }),
    ("uniform", { uniformAttention($0, mask: $1) }),
]
