/// Inverted dropout: each element is zeroed with probability `rate` and the survivors are scaled
/// by 1 / (1 − rate), so the expectation is unchanged and evaluation needs no rescaling. The
/// mask comes from `generator`, so a seed fixes it. Backward multiplies by the same mask.
public func dropout(_ x: Variable, rate: Float, generator: inout RandomGenerator) -> Variable {
    precondition(rate >= 0 && rate < 1, "dropout: rate \(rate) is not in [0, 1)")
    if rate == 0 { return x }
    let scale = 1 / (1 - rate)
    let n = x.value.count
    let mask = Tensor(shape: x.shape) { m in
        for i in 0..<n { m[i] = generator.uniform() < rate ? 0 : scale }
    }
    let y = Tensor(shape: x.shape) { out in
        x.value.scalars.withUnsafeBufferPointer { xs in
            mask.scalars.withUnsafeBufferPointer { m in for i in 0..<n { out[i] = xs[i] * m[i] } }
        }
    }
    return Variable(y, inputs: [x]) { dy, k in
        x.accumulateGrad(k) { dx in
            mask.scalars.withUnsafeBufferPointer { m in
                for j in 0..<k { for i in 0..<n { dx[j * n + i] += dy[j * n + i] * m[i] } }
            }
        }
    }
}
