/// Why data could not be read: a missing dataset, an unreadable file, a malformed line. The
/// message names the file (and line) so that the user can go and look.
public struct DataError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }

    /// A problem at line `line` of `path`, in the "file:line: problem" form editors jump to.
    static func at(_ path: String, line: Int, _ problem: String) -> DataError {
        DataError("\(path):\(line): \(problem)")
    }
}
