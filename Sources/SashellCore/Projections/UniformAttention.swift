/// Uniform attention: 1/m on each of a row's m kept positions, whatever the scores — the frozen
/// baseline of Wiegreffe & Pinter (2019), against which learned attention must earn its keep.
import Autodiff

/// Ignores the values of `z` (only its shape and `mask` matter), so no gradient flows back to it.
public func uniformAttention(_ z: Variable, mask: Tensor? = nil) -> Variable {
    Variable(projectRows(z.value, mask: mask, "uniformAttention") { row in
        row.map { _ in 1 / Double(row.count) }
    })
}
