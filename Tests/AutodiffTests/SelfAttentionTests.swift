import Autodiff
import Foundation
import TestSupport
import Testing

@Suite struct SelfAttentionTests {
    /// The sequence at rows first..<first + n of qkv [N, 3d] under the generic ops:
    /// softmax(Q Kᵀ/√d) V, as [n, d] context and [n, n] attention.
    private func reference(_ qkv: Tensor, first: Int, _ n: Int) -> (context: [Float], attention: [Float]) {
        let d = qkv.lastDimension / 3
        func block(_ i: Int) -> Variable {
            var scalars: [Float] = []
            for t in first..<first + n {
                let start = (t * 3 + i) * d
                scalars += qkv.scalars[start..<start + d]
            }
            return Variable(Tensor(shape: [n, d], scalars: scalars))
        }
        let attention = softmax(matmul(block(0), block(1), transposeB: true) * (1 / Float(d).squareRoot()))
        return (matmul(attention, block(2)).value.scalars, attention.value.scalars)
    }

    /// Each sequence of the packed rows attends within itself only; the attention is zero
    /// outside each sequence's block.
    @Test func matchesTheGenericOpsWithinEachSequence() {
        let (lengths, d) = ([5, 3, 1, 0, 4], 4)
        let qkv = random([13, 3 * d], seed: 60, -2, 2)
        let (context, attention) = selfAttention(Variable(qkv), lengths: lengths)
        #expect(context.shape == [13, d] && attention.shape == [5, 5, 5])
        var first = 0
        for (b, n) in lengths.enumerated() {
            let expected = reference(qkv, first: first, n)
            expectClose(Array(context.value.scalars[first * d..<(first + n) * d]), expected.context)
            for i in 0..<5 {
                for j in 0..<5 {
                    let a = attention.scalars[(b * 5 + i) * 5 + j]
                    if i < n && j < n { #expect(abs(a - expected.attention[i * n + j]) <= 1e-6) } else { #expect(a == 0) }
                }
            }
            first += n
        }
    }

    /// By hand: two positions with equal keys attend half and half, whatever the queries.
    @Test func handCase() {
        // d = 1: rows (q, k, v) = (1, 2, 10) and (3, 2, 20).
        let (context, attention) = selfAttention(Variable(Tensor(shape: [1, 2, 3], scalars: [1, 2, 10, 3, 2, 20])), lengths: [2])
        #expect(attention.scalars == [0.5, 0.5, 0.5, 0.5])
        #expect(context.value.scalars == [15, 15])
    }

    /// With an empty sequence among them, and at d = 1 (where BLAS takes its matrix–vector path).
    @Test func gradientsOfPackedSequences() {
        expectCorrectGradients([random([9, 12], seed: 61, -2, 2)]) { selfAttention($0[0], lengths: [5, 0, 3, 1]).context }
        expectCorrectGradients([random([6, 3], seed: 62, -2, 2)]) { selfAttention($0[0], lengths: [2, 4]).context }
    }
}
