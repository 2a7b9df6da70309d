import Autodiff
import Foundation
import TestSupport
import Testing

@Suite struct VariableTests {
    @Test func parameterGradientsAccumulateUntilZeroed() {
        let w = Variable(Tensor(shape: [2], scalars: [1, 2]), requiresGrad: true)
        sum(w * w).backward()
        sum(w * w).backward()
        #expect(w.grad!.scalars == [4, 8])  // 2 · (2w)
        w.zeroGrad()
        #expect(w.grad == nil)
    }

    @Test func aVariableUsedTwiceGetsBothContributions() {
        // y = x·x + x  ⇒  dy/dx = 2x + 1 along both paths of the diamond
        let x = Variable(Tensor(shape: [3], scalars: [1, -2, 0.5]), requiresGrad: true)
        let t = tanh(x)
        (t * t + t).backward(seed: Tensor(repeating: 1, shape: [3]))
        let expected = x.value.scalars.map { v -> Float in
            let th = Float(Foundation.tanh(Double(v)))
            return (2 * th + 1) * (1 - th * th)
        }
        expectClose(x.grad!.scalars, expected)
    }

    @Test func constantsRecordNothing() {
        let c = Variable(Tensor(shape: [2], scalars: [1, 2]))
        let y = exp(c * c)
        #expect(!y.requiresGrad && y.isLeaf)
        y.backward(seed: Tensor(repeating: 1, shape: [2]))  // a no-op, not a crash
        #expect(c.grad == nil)
    }

    @Test func intermediateGradientsAreKeptOnlyWhenAsked() {
        let x = Variable(Tensor(shape: [2], scalars: [1, 2]), requiresGrad: true)
        let h = x * 3, dropped = x * 2
        h.retainsGrad = true
        sum(h * h + dropped).backward()
        #expect(h.grad!.scalars == [6, 12])  // 2h
        #expect(dropped.grad == nil)
    }

    @Test func batchedCotangentsGiveTheJacobianRows() {
        // y = W x for a 2×3 W: the Jacobian dy/dx is W, so seeding with the identity gives W's rows.
        let w = Variable(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
        let x = Variable(Tensor(shape: [3, 1], scalars: [0.5, -1, 2]), requiresGrad: true)
        matmul(w, x).backward(cotangents: Tensor(shape: [2, 2, 1], scalars: [1, 0, 0, 1]))
        #expect(x.grad!.shape == [2, 3, 1])
        #expect(x.grad!.scalars == [1, 2, 3, 4, 5, 6])
    }

    @Test func batchedCotangentsThroughAWholeNetwork() {
        // A small MLP with every kind of op: one pass with 4 cotangents equals 4 passes.
        let inputs = [random([3, 4], seed: 60), random([4, 5], seed: 61), random([5], seed: 62),
                      random([5], seed: 63, 0.5, 1.5), random([5], seed: 64)]
        let mask = Tensor(shape: [3, 5], scalars: (0..<15).map { $0 % 4 == 1 ? 0 : 1 })
        let result = checkBatchedCotangents(at: inputs, k: 4) { v in
            let h = gelu(matmul(v[0], v[1]) + v[2])
            let n = layerNorm(h, gain: v[3], bias: v[4])
            return sum(softmax(n, mask: mask) * tanh(h), axis: 1)
        }
        #expect(result.passed, "\(result)")
    }
}

@Suite struct LongGraphTests {
    /// A chain far deeper than the stack: backward walks it iteratively, and releasing it must
    /// not recurse through one deinit per node (which crashed with a segfault before).
    @Test func aChainOfManyNodesBackpropagatesAndIsReleased() {
        let x = Variable(Tensor(shape: [1], scalars: [0.5]), requiresGrad: true)
        var y = x
        for _ in 0..<200_000 { y = y + 1 }
        (y * 3).backward(seed: Tensor(shape: [1], scalars: [1]))
        #expect(x.grad!.scalars == [3])
        #expect(y.value.scalars == [200_000.5])
        y = x  // drops the chain
        #expect(x.grad!.scalars == [3])
    }
}
