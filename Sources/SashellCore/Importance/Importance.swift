/// Feature importance over an example's real tokens (no `<SOS>`, `<EOS>` or padding), in token
/// order: aligned with the model's attention over the same tokens, so that the two can be
/// correlated directly.
public struct Importance: Sendable, Equatable {
    /// Each token's unnormalised importance: a gradient norm, |ŷ − ŷ₋ᵢ|, an attention flow.
    public let raw: [Float]

    public init(raw: [Float]) {
        self.raw = raw
    }

    /// Σ_k raw_k, the normaliser of eqs. 4–6 (summed in double precision).
    public var total: Double { raw.reduce(0) { $0 + Double($1) } }

    /// raw_i / Σ_k raw_k, summing to 1, as eqs. 4–6 normalise.
    ///
    /// When the total is 0 — no token moves the output at all: a zero gradient everywhere (a
    /// saturated sigmoid, a zero decoder), or a prediction that no deletion changes — every
    /// token gets 1/n, the same (no) importance, rather than 0/0 = NaN. `isUniformFallback`
    /// tells the two apart. A total that is NaN or infinite (a model that overflowed) is not
    /// hidden: the result is NaN.
    public var normalized: [Float] {
        let total = total
        if total == 0 { return raw.map { _ in 1 / Float(raw.count) } }
        return raw.map { Float(Double($0) / total) }
    }

    /// Whether `normalized` is the uniform fallback for a total of 0.
    public var isUniformFallback: Bool { total == 0 && !raw.isEmpty }
}

/// The L2 norm of each of `rows` consecutive rows of `width` scalars from `base` (accumulated
/// in double precision: a gradient's entries can span many orders of magnitude).
func rowNorms(_ base: UnsafePointer<Float>, rows: Int, width: Int) -> [Float] {
    (0..<rows).map { r in
        let row = base + r * width
        var total: Double = 0
        for i in 0..<width { total += Double(row[i]) * Double(row[i]) }
        return Float(total.squareRoot())
    }
}
