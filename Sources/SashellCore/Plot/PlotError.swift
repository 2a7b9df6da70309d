import Autodiff

/// Why a figure or a token display cannot be made or written. The description is a sentence
/// for the researcher, naming the offending mark, value or file.
public struct PlotError: Error, Equatable, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// `value` in a message: NaN as "nan" whatever its sign bit (Lua's 0/0 is a negative NaN on x86,
/// which Swift would print as "-nan"), infinities as "inf" and "-inf".
func describe(_ value: Double) -> String {
    value.isNaN ? "nan" : value.isInfinite ? (value < 0 ? "-inf" : "inf") : "\(value)"
}

extension PlotError {
    /// Writes `text` to `path` atomically (`writeAtomically`), a failure as a PlotError.
    static func writing(_ text: String, to path: String) throws(PlotError) {
        do {
            try writeAtomically(text, to: path, makingDirectories: true)
        } catch {
            throw PlotError("cannot write \(error)")
        }
    }
}
