/// How a text becomes tokens. The built-in datasets are stored already tokenised, so they use
/// `.space`; the others are for a researcher's own data.
public enum Tokenizer: String, CaseIterable, Sendable {
    /// J&W's `text.split(' ')`: every single space separates, so two spaces make an empty token.
    case space
    /// Runs of whitespace separate; no empty tokens.
    case whitespace
    /// `.whitespace` after lowercasing.
    case lower
    /// Keras' `text_to_word_sequence`, as J&W's IMDb used it: ASCII letters lowercased, the
    /// punctuation !"#$%&()*+,-./:;<=>?@[\]^_`{|}~ (not the apostrophe), tab and newline become
    /// spaces, then split on spaces. Non-ASCII characters stay inside tokens.
    case keras

    public func tokens(_ text: String) -> [String] {
        switch self {
        case .space:
            text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        case .whitespace:
            text.split(whereSeparator: \.isWhitespace).map(String.init)
        case .lower:
            text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        case .keras:
            Self.kerasTokens(text)
        }
    }

    private static let kerasFilters = Set(##"!"#$%&()*+,-./:;<=>?@[\]^_`{|}~"##.utf8 + [0x09, 0x0A])

    private static func kerasTokens(_ text: String) -> [String] {
        var bytes = Array(text.utf8)
        for i in bytes.indices {
            if (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[i]) {
                bytes[i] += 32
            } else if kerasFilters.contains(bytes[i]) {
                bytes[i] = UInt8(ascii: " ")
            }
        }
        // Only ASCII bytes changed, so the bytes are still valid UTF-8.
        return bytes.split(separator: UInt8(ascii: " ")).map { String(decoding: $0, as: UTF8.self) }
    }
}
