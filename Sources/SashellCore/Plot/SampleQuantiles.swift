/// The p-quantile of `sorted` (ascending, not empty), interpolated linearly between order
/// statistics: position (n − 1)·p, as NumPy's and R's defaults (Hyndman & Fan's type 7).
func quantile(sorted: [Double], _ p: Double) -> Double {
    let position = Double(sorted.count - 1) * p
    let below = Int(position.rounded(.down))
    let above = min(below + 1, sorted.count - 1)
    return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
}

/// The interquartile range of `sorted` (ascending, not empty).
func interquartileRange(sorted: [Double]) -> Double {
    quantile(sorted: sorted, 0.75) - quantile(sorted: sorted, 0.25)
}
