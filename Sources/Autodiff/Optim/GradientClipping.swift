/// Rescales the gradients of `parameters` so that their joint L2 norm is at most `maxNorm`, as
/// `torch.nn.utils.clip_grad_norm_`: when the norm exceeds it, every gradient is multiplied by
/// maxNorm / (norm + 1e-6). Parameters without a gradient are skipped. Returns the norm before
/// clipping.
@discardableResult
public func clipGradientNorm(_ parameters: [Variable], maxNorm: Float) -> Float {
    var sumOfSquares: Double = 0  // in Double: millions of squares, added one by one
    for p in parameters {
        p.withSingleSeedGrad { g in
            for x in g { sumOfSquares += Double(x) * Double(x) }
        }
    }
    let norm = Float(sumOfSquares.squareRoot())
    let scale = maxNorm / (norm + 1e-6)
    if scale < 1 {
        for p in parameters {
            p.withSingleSeedGrad { g in
                for i in g.indices { g[i] *= scale }
            }
        }
    }
    return norm
}
