import Foundation

/// How an axis maps data values to positions: through a transform `t` in whose coordinate the
/// axis is linear.
public enum ScaleKind: Equatable, Sendable {
    case linear
    /// Base-10 logarithm; positive values only.
    case log
    /// Symmetric log with linear threshold `c` > 0, as matplotlib's "symlog": linear on [−c, c]
    /// and logarithmic beyond, t(x) = x/c for |x| ≤ c and sign(x)·(1 + log10(|x|/c)) otherwise.
    /// The transform is continuous at ±c, the linear region [0, c] is as wide as one decade, and
    /// it takes any real value: the paper's λ ∈ (−∞, 1) of Figure 3 on one axis.
    case symlog(threshold: Double)

    /// The coordinate in which the axis is linear.
    public func transform(_ x: Double) -> Double {
        switch self {
        case .linear:
            return x
        case .log:
            return log10(x)
        case .symlog(let c):
            let magnitude = abs(x)
            guard magnitude > c else { return x / c }
            return (x < 0 ? -1 : 1) * (1 + log10(magnitude / c))
        }
    }

    /// The value whose transform is `t`.
    public func inverse(_ t: Double) -> Double {
        switch self {
        case .linear:
            return t
        case .log:
            return pow(10, t)
        case .symlog(let c):
            guard abs(t) > 1 else { return t * c }
            return (t < 0 ? -1 : 1) * c * pow(10, abs(t) - 1)
        }
    }

    /// Whether `x` has a position on this scale: finite, and positive on a log scale.
    public func accepts(_ x: Double) -> Bool {
        x.isFinite && (self != .log || x > 0)
    }

    /// The scale's name in messages and options.
    public var name: String {
        switch self {
        case .linear: "linear"
        case .log: "log"
        case .symlog: "symlog"
        }
    }
}
