import Autodiff

/// The rows `indices` of the matrix `x` ([N, n]), in that order and possibly repeated: [m, n].
/// Jain & Wallace's search compares every pair of its candidate attentions; gathering the first
/// and the second of each pair lets one batched `jensenShannon` do it.
///
/// Backward: each output row's gradient is added onto the row it came from.
public func gatherRows(_ x: Variable, _ indices: [Int]) -> Variable {
    precondition(x.value.rank == 2, "gatherRows: x must be [N, n], got \(x.shape)")
    let (rows, width) = (x.shape[0], x.shape[1])
    precondition(indices.allSatisfy { (0..<rows).contains($0) }, "gatherRows: indices must lie in 0..<\(rows)")
    let source = x.value.scalars
    let gathered = Tensor(shape: [indices.count, width], scalars: indices.flatMap { source[$0 * width..<($0 + 1) * width] })
    return Variable(gathered, inputs: [x]) { dy, k in
        x.accumulateGrad(k) { grad in
            for j in 0..<k {
                for (out, row) in indices.enumerated() {
                    let (to, from) = (grad + (j * rows + row) * width, dy + (j * indices.count + out) * width)
                    for c in 0..<width { to[c] += from[c] }
                }
            }
        }
    }
}
