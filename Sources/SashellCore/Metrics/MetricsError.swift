/// Why a statistic cannot be computed from its inputs. Every measure checks its inputs and throws
/// one of these rather than returning NaN or a silently wrong number.
public enum MetricsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two inputs that must pair up element by element differ in length.
    case lengthMismatch(Int, Int)
    /// An input has no elements (or too few for the statistic: `needed`).
    case tooShort(count: Int, needed: Int)
    /// An input holds NaN or an infinity, at this (0-based) position.
    case nonFinite(position: Int)
    /// An input that must be a probability distribution is not one.
    case notADistribution(String)
    /// An option is out of its range.
    case invalidOption(String)
    /// The statistic is undefined for these inputs (e.g. a correlation with a constant input).
    case undefined(String)

    public var description: String {
        switch self {
        case let .lengthMismatch(a, b): "inputs differ in length (\(a) and \(b))"
        case let .tooShort(count, needed): "needs at least \(needed) values, got \(count)"
        case let .nonFinite(position): "value \(position + 1) is not finite"
        case let .notADistribution(why): "not a probability distribution: \(why)"
        case let .invalidOption(why): why
        case let .undefined(why): why
        }
    }
}
