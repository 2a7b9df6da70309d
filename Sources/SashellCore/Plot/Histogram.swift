import Foundation

/// How a histogram's bins are chosen.
public enum Binning: Equatable, Sendable {
    /// The Freedman–Diaconis rule: bins of width 2·IQR·n^(−1/3) across the data's range (at
    /// most 100 of them), or Sturges' ⌈log₂ n⌉ + 1 bins where the interquartile range is 0.
    case automatic
    /// This many equal bins across the data's range.
    case count(Int)
    /// These bin edges, increasing.
    case edges([Double])
}

/// The counts of a sample in bins: [e₀, e₁), [e₁, e₂), …, [eₖ₋₁, eₖ] (the last closed, as
/// NumPy's); values outside the edges are not counted.
public struct Histogram: Equatable, Sendable {
    public let edges: [Double]
    public let counts: [Int]

    /// The most bins the automatic rule makes: beyond it, bars are thinner than a pixel line.
    public static let maximumAutomaticBins = 100

    /// Counts `values` in `edges` (increasing, at least two).
    public init(_ values: [Double], edges: [Double]) {
        precondition(edges.count >= 2, "a histogram needs two edges")
        var counts = [Int](repeating: 0, count: edges.count - 1)
        for value in values where value >= edges.first! && value <= edges.last! {
            // The first edge above the value closes its bin; the last edge closes the last bin.
            var low = 0, high = edges.count - 1
            while high - low > 1 {
                let middle = (low + high) / 2
                if edges[middle] <= value { low = middle } else { high = middle }
            }
            counts[low] += 1
        }
        self.edges = edges
        self.counts = counts
    }

    /// The bin edges `binning` gives `values` (finite, at least one). Equal bins span the
    /// data's range; a sample of one value gets one bin of width 1 centred on it.
    public static func edges(for values: [Double], binning: Binning) -> [Double] {
        if case .edges(let edges) = binning { return edges }
        let (low, high) = (values.min()!, values.max()!)
        guard high > low else { return [low - 0.5, low + 0.5] }
        let bins: Int
        switch binning {
        case .count(let count):
            bins = count
        default:
            bins = automaticBinCount(values)
        }
        let width = (high - low) / Double(bins)
        // The last edge is the maximum itself, not low + bins·width a rounding away from it.
        return (0..<bins).map { low + Double($0) * width } + [high]
    }

    /// The number of bins of the automatic rule for `values` (not all equal).
    static func automaticBinCount(_ values: [Double]) -> Int {
        let sorted = values.sorted()
        let n = Double(sorted.count)
        let iqr = interquartileRange(sorted: sorted)
        guard iqr > 0 else { return Int(log2(n).rounded(.up)) + 1 }
        let width = 2 * iqr * pow(n, -1.0 / 3)
        let bins = Int(((sorted.last! - sorted.first!) / width).rounded(.up))
        return min(max(bins, 1), maximumAutomaticBins)
    }
}
