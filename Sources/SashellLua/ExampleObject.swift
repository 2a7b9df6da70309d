import LuaBridge
import SashellCore

/// An example as Lua sees it: fields `id`, `text`, `label`, `tokens` (the words), `ids` (J&W's
/// encoding, ids from 0 as in the vocabulary) and `length`; `#ex` is its number of tokens.
final class LuaExample: LuaObject {
    static let luaTypeName = "example"

    let example: Example
    /// The vocabulary of its ids, which a model must share to read it.
    let vocabulary: Vocabulary

    init(_ example: Example, vocabulary: Vocabulary) {
        self.example = example
        self.vocabulary = vocabulary
    }

    /// The longest text `tostring` shows before cutting it short.
    static let previewLength = 240

    static var luaClass: LuaClass<LuaExample> {
        LuaClass(
            doc: """
                An example of a dataset: ex.text, ex.label (0 or 1), ex.tokens (its words), ex.ids \
                (<SOS>, the word ids, <EOS>: J&W's encoding, ids counted from 0 as in the \
                vocabulary), ex.id (where it came from) and ex.length (its number of tokens, also #ex).
                """,
            metamethods: [
                .toString: { stack in
                    let example = try stack.argument(1, as: LuaExample.self).example
                    let text = example.text.count > previewLength ? example.text.prefix(previewLength) + "…" : Substring(example.text)
                    stack.push("example \(example.id): label \(example.label), \(example.length) tokens: \"\(text)\"")
                    return 1
                },
                .length: { stack in
                    stack.push(try stack.argument(1, as: LuaExample.self).example.length)
                    return 1
                },
                .index: { stack in
                    let example = try stack.argument(1, as: LuaExample.self).example
                    switch try stack.fieldName(at: 2, of: "example", fields: ["id", "text", "label", "tokens", "ids", "length"]) {
                    case "id": stack.push(example.id)
                    case "text": stack.push(example.text)
                    case "label": stack.push(example.label)
                    case "tokens": stack.push(example.tokens)
                    case "ids": stack.push(example.ids.map(Int.init))
                    default: stack.push(example.length)
                    }
                    return 1
                },
            ])
    }
}

extension LuaStack {
    /// The key at `index` of an object's `__index`, one of `fields`. Any other key is an error
    /// rather than nil, so that a typo is not mistaken for a missing value.
    func fieldName(at index: Int32, of className: String, fields: [String]) throws(ScriptError) -> String {
        guard type(at: index) == .string, let key = value(at: index, as: String.self), fields.contains(key) else {
            let key = type(at: index) == .string ? "'\(value(at: index, as: String.self)!)'" : "of type \(typeName(at: index))"
            throw ScriptError("\(className) has no field \(key) (fields: \(fields.joined(separator: ", ")))")
        }
        return key
    }
}
