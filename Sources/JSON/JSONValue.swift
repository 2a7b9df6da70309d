/// A JSON value (RFC 8259): what sashell reads from JSON Lines and vocabulary files, and what the
/// run store keeps for configs and metrics. Numbers are Doubles: configs and metrics are learning
/// rates, sizes and scores, and one number type means `1`, `1.0`, `1e-4` and `0.0001` have one
/// representation each.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The number, if this is one.
    public var number: Double? {
        if case .number(let value) = self { value } else { nil }
    }

    /// A Float as the number of its shortest decimal form (0.3, not 0.30000001192092896), which
    /// reads back to the same Float: a learning rate of 1e-4 is written, and matched, as 1e-4.
    public static func shortest(_ value: Float) -> JSONValue {
        if let short = Double("\(value)"), Float(short) == value { return .number(short) }
        return .number(Double(value))
    }

    /// `value` as a number, or null if it is not finite (JSON has no NaN or infinity).
    public static func finite(_ value: Double) -> JSONValue {
        value.isFinite ? .number(value) : .null
    }

    /// The value's kind in messages: "a string", "an array"...
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
