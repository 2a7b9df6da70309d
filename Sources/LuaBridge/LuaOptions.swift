import CLua

// Option tables, as in `m:fit(ds, {epochs=8, lr=1e-4})`. A function declares the options it
// takes; the table is checked against them up front, so that a misspelt or mistyped option is an
// error naming it rather than an option silently ignored. Values are checked by their Lua type,
// without conversions: "8" is not an integer option.

/// One option a function takes: its key, the type of its values and, for some, a default.
public struct LuaOption: Sendable {
    /// What values an option accepts.
    public enum Kind: Sendable {
        case number, integer, boolean, table, function
        /// A string; if `allowed` is not empty, one of its elements.
        case string(allowed: [String])
        /// An object of the LuaObject class whose `luaTypeName` is `className`.
        case object(className: String)
        /// A table, or an object of that class (a mask given as an array or as a tensor).
        case tableOrObject(className: String)
    }

    public let key: String
    public let kind: Kind
    /// The value of the option when the table lacks it.
    let defaultValue: (any LuaPushable & Sendable)?

    public static func number(_ key: String, default value: Double? = nil) -> LuaOption {
        LuaOption(key: key, kind: .number, defaultValue: value)
    }

    /// A number with an exact integer value (3 or 3.0, not 3.5).
    public static func integer(_ key: String, default value: Int? = nil) -> LuaOption {
        LuaOption(key: key, kind: .integer, defaultValue: value)
    }

    /// A string; with `allowed`, an enumeration such as `projection` in {"softmax", "sparsemax"}.
    public static func string(_ key: String, oneOf allowed: [String] = [], default value: String? = nil) -> LuaOption {
        LuaOption(key: key, kind: .string(allowed: allowed), defaultValue: value)
    }

    public static func boolean(_ key: String, default value: Bool? = nil) -> LuaOption {
        LuaOption(key: key, kind: .boolean, defaultValue: value)
    }

    public static func table(_ key: String) -> LuaOption {
        LuaOption(key: key, kind: .table, defaultValue: nil)
    }

    public static func function(_ key: String) -> LuaOption {
        LuaOption(key: key, kind: .function, defaultValue: nil)
    }

    public static func object<Object: LuaObject>(_ key: String, _: Object.Type) -> LuaOption {
        LuaOption(key: key, kind: .object(className: Object.luaTypeName), defaultValue: nil)
    }

    public static func tableOrObject<Object: LuaObject>(_ key: String, _: Object.Type) -> LuaOption {
        LuaOption(key: key, kind: .tableOrObject(className: Object.luaTypeName), defaultValue: nil)
    }
}

/// An option table that passed its checks, read option by option. It refers to the argument on
/// the stack, so it is valid while the function that read it runs.
public struct LuaOptions {
    private let stack: LuaStack
    /// The table's index, or nil when the argument was nil or absent (every option takes its default).
    private let table: Int32?
    private let declared: [LuaOption]

    fileprivate init(stack: LuaStack, table: Int32?, declared: [LuaOption]) {
        self.stack = stack
        self.table = table
        self.declared = declared
    }

    /// Option `key` as a `T` (Int for integer options, Double for numbers, a LuaObject class for
    /// objects...): the table's value, else the declared default, else nil.
    public func value<T: LuaReadable>(_ key: String, as _: T.Type = T.self) -> T? {
        push(key)
        defer { stack.pop() }
        return stack.value(at: -1, as: T.self)
    }

    /// Pushes option `key` (its value, else its default, else nil) and returns its type; for
    /// table and function options, which Swift uses on the stack.
    @discardableResult
    public func push(_ key: String) -> LuaType {
        guard let option = declared.first(where: { $0.key == key }) else {
            preconditionFailure("option '\(key)' is not declared")
        }
        if let table {
            if stack.rawGet(tableAt: table, field: key) != .nil { return stack.type(at: -1) }
            stack.pop()
        }
        if let value = option.defaultValue {
            stack.push(value)
        } else {
            stack.pushNil()
        }
        return stack.type(at: -1)
    }
}

extension LuaStack {
    /// Argument `position` as an option table taking the `declared` options. The argument may be
    /// nil or absent, for all defaults; a key that is not declared, or a value of the wrong type,
    /// is a bad argument: "bad argument #2 to 'fit' (unknown option 'epoch' (did you mean 'epochs'?))".
    public func options(_ position: Int32, _ declared: [LuaOption]) throws(LuaArgumentError) -> LuaOptions {
        let position = absoluteIndex(position)
        switch type(at: position) {
        case .none, .nil:
            return LuaOptions(stack: self, table: nil, declared: declared)
        case .table:
            break
        default:
            throw LuaArgumentError(argument: position, problem: .wrongType(expected: "table"))
        }
        pushNil()
        while lua_next(L, position) != 0 {
            if let problem = optionProblem(declared) {
                pop(2)
                throw LuaArgumentError(argument: position, problem: .invalid(problem))
            }
            pop()
        }
        return LuaOptions(stack: self, table: position, declared: declared)
    }

    /// What is wrong with the key at -2 and the value at -1 of an option table, if anything.
    private func optionProblem(_ declared: [LuaOption]) -> String? {
        let keys = declared.map(\.key)
        // Read the key only if it is a string: converting a number key in place would derail lua_next.
        guard type(at: -2) == .string, let key = value(at: -2, as: String.self) else {
            return "options must be named (valid options: \(keys.joined(separator: ", ")))"
        }
        guard let option = declared.first(where: { $0.key == key }) else {
            // A typo is a couple of edits away, and not the whole name ("x" is not a typo of "lr").
            if let closest = keys.min(by: { editDistance(key, $0) < editDistance(key, $1) }),
               editDistance(key, closest) <= min(2, closest.count - 1) {
                return "unknown option '\(key)' (did you mean '\(closest)'?)"
            }
            return "unknown option '\(key)' (valid options: \(keys.joined(separator: ", ")))"
        }
        let type = type(at: -1)
        switch option.kind {
        case .number where type == .number,
             .boolean where type == .boolean,
             .table where type == .table,
             .function where type == .function:
            return nil
        case .integer where type == .number:
            guard value(at: -1, as: Int.self) == nil else { return nil }
            return "option '\(key)' must be an integer, got \(value(at: -1, as: Double.self)!)"
        case .string(let allowed) where type == .string:
            guard !allowed.isEmpty, let text = value(at: -1, as: String.self), !allowed.contains(text) else { return nil }
            let choices = allowed.map { "'\($0)'" }
            let listed = choices.count == 1 ? choices[0] : choices.dropLast().joined(separator: ", ") + " or " + choices.last!
            return "option '\(key)' must be \(listed), got '\(text)'"
        case .object(let className) where luaL_testudata(L, -1, className) != nil,
             .tableOrObject(let className) where type == .table || luaL_testudata(L, -1, className) != nil:
            return nil
        default:
            return "option '\(key)' must be \(withArticle(option.kind.name)), got \(luaTypeName(at: -1))"
        }
    }
}

extension LuaOption.Kind {
    /// The kind's name in messages, such as "integer" or "tensor".
    var name: String {
        switch self {
        case .number: "number"
        case .integer: "integer"
        case .boolean: "boolean"
        case .table: "table"
        case .function: "function"
        case .string: "string"
        case .object(let className): className
        case .tableOrObject(let className): "table or \(className)"
        }
    }
}

/// "an integer", "a string": `noun` after its indefinite article (by its first letter).
private func withArticle(_ noun: String) -> String {
    (noun.first.map { "aeiou".contains($0.lowercased()) } ?? false ? "an " : "a ") + noun
}

/// The Levenshtein distance between `a` and `b`: the fewest single-character insertions,
/// deletions and substitutions that turn one into the other.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    // Row i holds the distances from a's first i characters to each prefix of b.
    var row = Array(0...b.count)
    for i in a.indices {
        var next = [i + 1]
        for j in b.indices {
            next.append(min(row[j + 1] + 1, next[j] + 1, row[j] + (a[i] == b[j] ? 0 : 1)))
        }
        row = next
    }
    return row[b.count]
}
