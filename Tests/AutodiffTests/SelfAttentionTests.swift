import Autodiff
import Foundation
import TestSupport
import Testing

@Suite struct SelfAttentionTests {
    /// Sequence b of qkv [B, T, 3d] under the generic ops: softmax(Q Kᵀ/√d) V over its first n
    /// positions only, as [n, d] context and [n, n] attention.
    private func reference(_ qkv: Tensor, _ b: Int, _ n: Int) -> (context: [Float], attention: [Float]) {
        let (length, d) = (qkv.shape[1], qkv.shape[2] / 3)
        func block(_ i: Int) -> Variable {
            var scalars: [Float] = []
            for t in 0..<n {
                let start = ((b * length + t) * 3 + i) * d
                scalars += qkv.scalars[start..<start + d]
            }
            return Variable(Tensor(shape: [n, d], scalars: scalars))
        }
        let attention = softmax(matmul(block(0), block(1), transposeB: true) * (1 / Float(d).squareRoot()))
        return (matmul(attention, block(2)).value.scalars, attention.value.scalars)
    }

    /// Each sequence attends over its own real positions only, and padding rows and columns are zero.
    @Test func matchesTheGenericOpsOverEachSequencesRealPositions() {
        let (lengths, length, d) = ([5, 3, 1, 0], 5, 4)
        let qkv = random([4, length, 3 * d], seed: 60, -2, 2)
        let (context, attention) = selfAttention(Variable(qkv), lengths: lengths)
        #expect(context.shape == [4, length, d] && attention.shape == [4, length, length])
        for (b, n) in lengths.enumerated() {
            let expected = reference(qkv, b, n)
            for i in 0..<length {
                let row = Array(context.value.scalars[(b * length + i) * d..<(b * length + i + 1) * d])
                if i < n { expectClose(row, Array(expected.context[i * d..<(i + 1) * d])) } else { #expect(row.allSatisfy { $0 == 0 }) }
                for j in 0..<length {
                    let a = attention.scalars[(b * length + i) * length + j]
                    if i < n && j < n { #expect(abs(a - expected.attention[i * n + j]) <= 1e-6) } else { #expect(a == 0) }
                }
            }
        }
    }

    /// By hand: two positions with equal keys attend half and half, whatever the queries.
    @Test func handCase() {
        // d = 1: rows (q, k, v) = (1, 2, 10) and (3, 2, 20).
        let (context, attention) = selfAttention(Variable(Tensor(shape: [1, 2, 3], scalars: [1, 2, 10, 3, 2, 20])), lengths: [2])
        #expect(attention.scalars == [0.5, 0.5, 0.5, 0.5])
        #expect(context.value.scalars == [15, 15])
    }

    @Test func gradientsWithRaggedLengths() {
        let qkv = random([3, 5, 12], seed: 61, -2, 2)
        expectCorrectGradients([qkv]) { selfAttention($0[0], lengths: [5, 3, 1]).context }
    }
}
