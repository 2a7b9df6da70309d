/// NaN or an infinity, which JSON cannot hold, found while writing a value.
public struct UnrepresentableJSON: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}

extension JSONValue {
    /// The value as minified JSON with object keys sorted by their UTF-8 bytes and numbers written
    /// one way only (integers without a fraction, others as Swift's shortest round-trip form), so
    /// that equal values always give the same text: the run key is a digest of this text.
    /// Throws for NaN and the infinities, which JSON cannot represent; `path` names the value in
    /// the message.
    public func canonicalText(path: String = "value") throws(UnrepresentableJSON) -> String {
        var text = ""
        try write(to: &text, path: path)
        return text
    }

    private func write(to text: inout String, path: String) throws(UnrepresentableJSON) {
        switch self {
        case .null: text += "null"
        case let .bool(value): text += value ? "true" : "false"
        case let .number(value): text += try Self.canonicalNumber(value, path: path)
        case let .string(value): Self.writeString(value, to: &text)
        case let .array(elements):
            text += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { text += "," }
                try element.write(to: &text, path: "\(path)[\(index + 1)]")
            }
            text += "]"
        case let .object(fields):
            text += "{"
            let keys = fields.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { text += "," }
                Self.writeString(key, to: &text)
                text += ":"
                try fields[key]!.write(to: &text, path: "\(path).\(key)")
            }
            text += "}"
        }
    }

    private static func canonicalNumber(_ value: Double, path: String) throws(UnrepresentableJSON) -> String {
        guard value.isFinite else { throw UnrepresentableJSON(description: "\(path) is \(value), which JSON cannot hold") }
        // Exact integers print without a fraction (and -0 as 0); below 2^53 every one is exact.
        if value == value.rounded(), abs(value) < 0x1p53 { return String(Int64(value)) }
        // Swift prints the shortest digits that round-trip, e.g. 0.0001 and 1e-05: valid JSON.
        return "\(value)"
    }

    /// `text` as a JSON string literal, for writers that lay out their own JSON.
    public static func quoted(_ text: String) -> String {
        var literal = ""
        writeString(text, to: &literal)
        return literal
    }

    private static func writeString(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                text += (scalar.value < 0x10 ? "\\u000" : "\\u00") + String(scalar.value, radix: 16)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

}
