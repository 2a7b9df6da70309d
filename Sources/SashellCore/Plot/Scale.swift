/// An axis of a panel: a scale kind, the domain of data values it shows, and the pixel range
/// they map to (for y, the range runs downwards: the domain's lower end is at the bottom).
struct Scale {
    let kind: ScaleKind
    let domain: ClosedRange<Double>
    /// The positions of the domain's lower and upper ends.
    let start: Double
    let end: Double

    /// The pixel position of `x`, linear in the transformed coordinate.
    func position(_ x: Double) -> Double {
        let (low, high) = (kind.transform(domain.lowerBound), kind.transform(domain.upperBound))
        return start + (kind.transform(x) - low) / (high - low) * (end - start)
    }

    /// The fraction of each end of a domain left free around the data, in the transformed
    /// coordinate, so that no mark sits on the axis line.
    static let padding = 0.05

    /// The domain that shows `values` (finite and accepted by `kind`, at least one) with a
    /// padding at each end, or, for an `anchor` (the 0 of a histogram's counts), from the anchor
    /// with padding at the other end only. A single value gets a domain around it: ±1 in the
    /// transformed coordinate for 0, ±10% of its size for others on a linear scale, and half a
    /// decade either way on a log or symlog one.
    static func domain(covering values: [Double], kind: ScaleKind, anchor: Double? = nil) -> ClosedRange<Double> {
        var low = kind.transform(values.min()!)
        var high = kind.transform(values.max()!)
        if let anchor {
            low = min(low, kind.transform(anchor))
            high = max(high, kind.transform(anchor))
        }
        let span = high - low
        guard span > 0 else {
            let half = kind != .linear ? 0.5 : low == 0 ? 1 : abs(low) * 0.1
            return kind.inverse(low - half)...kind.inverse(high + half)
        }
        let anchored = anchor.map { kind.transform($0) }
        let lower = anchored == low ? low : low - padding * span
        let upper = anchored == high ? high : high + padding * span
        return kind.inverse(lower)...kind.inverse(upper)
    }
}
