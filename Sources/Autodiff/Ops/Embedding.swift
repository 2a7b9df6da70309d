/// Embedding lookup: row `ids[i]` of `table` ([vocabulary, dimension]) for each position.
///
/// The output has shape `shape + [dimension]` (`shape` arranges the ids, e.g. [batch, time]).
/// Backward scatters dy into the looked-up rows of the table's gradient; a frozen table (one
/// that does not require a gradient) gets none, and the `paddingIndex` row never does, as with
/// PyTorch's `nn.Embedding(padding_idx=)`. (PyTorch also zeroes that row at initialisation; here
/// the table is the caller's, so a model should start it at zero and keep weight decay off it.)
public func embedding(_ table: Variable, ids: [Int], shape: [Int], paddingIndex: Int? = nil) -> Variable {
    precondition(table.value.rank == 2, "embedding: table must be [vocabulary, dimension], got \(table.shape)")
    precondition(shape.reduce(1, *) == ids.count, "embedding: \(ids.count) ids do not fill shape \(shape)")
    let (vocabulary, d) = (table.shape[0], table.shape[1])
    precondition(ids.allSatisfy { $0 >= 0 && $0 < vocabulary },
                 "embedding: an id is outside 0..<\(vocabulary)")
    let y = Tensor(shape: shape + [d]) { out in
        table.value.scalars.withUnsafeBufferPointer { t in
            for (p, id) in ids.enumerated() { (out.baseAddress! + p * d).initialize(from: t.baseAddress! + id * d, count: d) }
        }
    }
    return Variable(y, inputs: [table]) { dy, k in
        table.accumulateGrad(k) { dt in
            for j in 0..<k {
                for (p, id) in ids.enumerated() where id != paddingIndex {
                    let (row, src) = ((j * vocabulary + id) * d, (j * ids.count + p) * d)
                    for i in 0..<d { dt[row + i] += dy[src + i] }
                }
            }
        }
    }
}
