import Foundation

/// A Gaussian kernel density estimate of a sample, for violins:
/// f(x) = 1/(n·h) Σ φ((x − xᵢ)/h), with φ the standard normal density.
public struct KernelDensity: Sendable {
    public let values: [Double]
    public let bandwidth: Double

    /// The estimate of `values` (finite, at least one) with bandwidth `bandwidth`, or by
    /// default Silverman's rule of thumb; nil when that rule gives no positive bandwidth
    /// because every value is the same.
    public init?(_ values: [Double], bandwidth: Double? = nil) {
        guard let bandwidth = bandwidth ?? Self.silvermanBandwidth(values), bandwidth > 0 else { return nil }
        self.values = values
        self.bandwidth = bandwidth
    }

    /// Silverman's rule of thumb (Density Estimation, 1986, eq. 3.31), R's `bw.nrd0`:
    /// h = 0.9 · min(s, IQR/1.34) · n^(−1/5), with s the sample standard deviation. Where the
    /// interquartile range is 0 (more than half the values tied) s alone is used; nil for a
    /// single value or all values equal.
    public static func silvermanBandwidth(_ values: [Double]) -> Double? {
        guard values.count > 1 else { return nil }
        let n = Double(values.count)
        let sd = (try? meanAndStandardDeviation(values))?.sd ?? .nan
        let spread = interquartileRange(sorted: values.sorted()) / 1.34
        let scale = spread > 0 ? min(sd, spread) : sd
        guard scale > 0 else { return nil }
        return 0.9 * scale * pow(n, -0.2)
    }

    /// The density at `x`.
    public func density(at x: Double) -> Double {
        let normalizer = 1 / (Double(values.count) * bandwidth * (2 * Double.pi).squareRoot())
        return normalizer * values.reduce(0) { sum, value in
            let z = (x - value) / bandwidth
            return sum + exp(-0.5 * z * z)
        }
    }
}
