/// What a box plot draws of a sample (Tukey's): the quartiles, whiskers reaching the most
/// extreme values within 1.5 interquartile ranges of the box, and the values beyond as outliers.
public struct BoxStatistics: Equatable, Sendable {
    public let lowerQuartile: Double
    public let median: Double
    public let upperQuartile: Double
    public let lowerWhisker: Double
    public let upperWhisker: Double
    /// The values beyond the whiskers, ascending.
    public let outliers: [Double]
    public let count: Int

    /// The statistics of `values`: finite and at least one.
    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "a box needs at least one value")
        let sorted = values.sorted()
        lowerQuartile = quantile(sorted: sorted, 0.25)
        median = quantile(sorted: sorted, 0.5)
        upperQuartile = quantile(sorted: sorted, 0.75)
        let reach = 1.5 * (upperQuartile - lowerQuartile)
        let (lowFence, highFence) = (lowerQuartile - reach, upperQuartile + reach)
        // The quartiles lie within the data's range, so some value is inside each fence.
        lowerWhisker = sorted.first { $0 >= lowFence }!
        upperWhisker = sorted.last { $0 <= highFence }!
        outliers = sorted.filter { $0 < lowFence || $0 > highFence }
        count = sorted.count
    }
}
