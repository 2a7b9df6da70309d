import JSON
import LuaBridge

/// JSON values as Lua values and back: objects are tables with string keys, arrays are sequences
/// (from 1), null is nil, and integral numbers are pushed as Lua integers (so a seed prints 1, not 1.0).
struct LuaJSON: LuaPushable {
    let value: JSONValue

    init(_ value: JSONValue) {
        self.value = value
    }

    func push(onto stack: LuaStack) {
        switch value {
        case .null: stack.pushNil()
        case .bool(let flag): stack.push(flag)
        case .number(let number):
            if number.rounded() == number, abs(number) < 0x1p53 {
                stack.push(Int(number))
            } else {
                stack.push(number)
            }
        case .string(let text): stack.push(text)
        case .array(let elements):
            stack.newTable(arrayCount: Int32(clamping: elements.count))
            for (i, element) in elements.enumerated() {
                LuaJSON(element).push(onto: stack)
                stack.rawSet(tableAt: -2, index: i + 1)
            }
        case .object(let fields):
            stack.newTable(recordCount: Int32(clamping: fields.count))
            for (key, field) in fields {
                LuaJSON(field).push(onto: stack)
                stack.rawSet(tableAt: -2, field: key)
            }
        }
    }
}

extension LuaStack {
    /// The Lua value at `index` as JSON: nil, booleans, numbers and strings as themselves, a
    /// table whose keys are 1...n as an array, one whose keys are strings as an object (an empty
    /// table is an empty object). Anything else (a function, a userdata, mixed or cyclic keys, a
    /// number that is not finite) is an error naming `what`.
    func jsonValue(at index: Int32, what: String) throws -> JSONValue {
        try jsonValue(at: absoluteIndex(index), what: what, depth: 0)
    }

    private func jsonValue(at index: Int32, what: String, depth: Int) throws -> JSONValue {
        switch type(at: index) {
        case .nil, .none: return .null
        case .boolean: return .bool(value(at: index, as: Bool.self)!)
        case .number:
            let number = value(at: index, as: Double.self)!
            guard number.isFinite else { throw ScriptError("\(what) must be finite, got \(number)") }
            return .number(number)
        case .string: return .string(value(at: index, as: String.self)!)
        case .table:
            guard depth < 32 else { throw ScriptError("\(what) is nested too deeply (or refers to itself)") }
            var fields: [String: JSONValue] = [:]
            var elements: [Int: JSONValue] = [:]
            try forEachPair(inTableAt: index) {
                let value = try jsonValue(at: absoluteIndex(-1), what: what, depth: depth + 1)
                if type(at: -2) == .string {
                    pushCopy(of: -2)
                    defer { pop() }
                    fields[self.value(at: -1, as: String.self)!] = value
                } else if type(at: -2) == .number, let i = self.value(at: -2, as: Int.self), i >= 1 {
                    elements[i] = value
                } else {
                    throw ScriptError("\(what) has a key that is neither a name nor an array index")
                }
            }
            if elements.isEmpty { return .object(fields) }
            guard fields.isEmpty, elements.keys.max() == elements.count else {
                throw ScriptError("\(what) mixes names and array indices, or has holes")
            }
            return .array((1...elements.count).map { elements[$0]! })
        default:
            throw ScriptError("\(what) cannot hold \(typeName(at: index)) values")
        }
    }
}
