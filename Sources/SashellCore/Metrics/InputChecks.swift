/// The input checks every measure shares, so that each throws the same error for the same fault.
enum InputCheck {
    /// All values finite, and at least `needed` of them.
    static func finite(_ x: [Double], needed: Int = 1) throws {
        guard x.count >= needed else { throw MetricsError.tooShort(count: x.count, needed: needed) }
        if let i = x.firstIndex(where: { !$0.isFinite }) { throw MetricsError.nonFinite(position: i) }
    }

    /// Two finite inputs of equal length, at least `needed` long.
    static func paired(_ a: [Double], _ b: [Double], needed: Int = 1) throws {
        guard a.count == b.count else { throw MetricsError.lengthMismatch(a.count, b.count) }
        try finite(a, needed: needed)
        try finite(b, needed: needed)
    }

    /// How far a distribution's total may stray from 1: Float32 projections of n positions
    /// miss 1 by up to about n float ulps (1.7e-6 for a 20,000-long softmax row), so the bound is
    /// max(1e-6, n · 2⁻²³): loose enough for any Float32 distribution, tight enough to catch
    /// what is not one.
    static func sumTolerance(count: Int) -> Double { max(1e-6, Double(count) * 0x1p-23) }

    /// A probability vector: finite, no negative entry, total 1 within `sumTolerance`.
    static func distribution(_ p: [Double]) throws {
        try finite(p)
        if let i = p.firstIndex(where: { $0 < 0 }) {
            throw MetricsError.notADistribution("value \(i + 1) is negative (\(p[i]))")
        }
        let total = p.reduce(0, +)
        guard abs(total - 1) <= sumTolerance(count: p.count) else {
            throw MetricsError.notADistribution("values sum to \(total), not 1")
        }
    }
}
