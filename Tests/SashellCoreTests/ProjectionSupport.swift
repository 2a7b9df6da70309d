import Autodiff
import SashellCore
import TestSupport
import Testing

// Helpers for the projection tests; the general ones (random, expectCorrectGradients,
// expectClose) come from TestSupport.

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
