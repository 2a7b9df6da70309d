import LuaBridge
import SashellCore

/// A dataset's vocabulary as Lua sees it, with the tokenizer that goes with it.
final class LuaVocabulary: LuaObject {
    static let luaTypeName = "vocabulary"

    let vocabulary: Vocabulary
    let tokenizer: Tokenizer

    init(_ vocabulary: Vocabulary, tokenizer: Tokenizer) {
        self.vocabulary = vocabulary
        self.tokenizer = tokenizer
    }

    static var luaClass: LuaClass<LuaVocabulary> {
        LuaClass(
            doc: """
                A vocabulary in J&W's order: ids 0 <0> (padding), 1 <UNK>, 2 <SOS>, 3 <EOS>, then the \
                words in code-point order. Ids count from 0, as rows of an embedding matrix. #vocab \
                is the number of ids.
                """,
            methods: [
                .init("id", doc: "vocab:id(word) is word's id, or nil if it is not in the vocabulary.") { v, stack in
                    stack.push(v.vocabulary.id(try stack.argument(2, as: String.self)).map(Int.init))
                    return 1
                },
                .init("word", doc: "vocab:word(id) is the word of id (0 to #vocab - 1), or nil if there is none.") { v, stack in
                    stack.push(v.vocabulary.word(try stack.argument(2, as: Int.self)))
                    return 1
                },
                .init("encode", doc: """
                    vocab:encode(text) is J&W's encoding of a text (split by the dataset's tokenizer) or \
                    of an array of tokens: the ids of <SOS>, each token (<UNK> if unknown) and <EOS>.
                    """) { v, stack in
                    let tokens: [String]
                    if stack.type(at: 2) == .table {
                        guard let array = stack.value(at: 2, as: [String].self) else {
                            throw LuaArgumentError(argument: 2, problem: .invalid("tokens must be strings"))
                        }
                        tokens = array
                    } else {
                        tokens = v.tokenizer.tokens(try stack.argument(2, as: String.self))
                    }
                    stack.push(v.vocabulary.encode(tokens).map(Int.init))
                    return 1
                },
            ],
            metamethods: [
                .toString: { stack in
                    let v = try stack.argument(1, as: LuaVocabulary.self)
                    stack.push("vocabulary: \(v.vocabulary.count) ids (4 specials and \(v.vocabulary.count - 4) words), tokenizer \(v.tokenizer.rawValue)")
                    return 1
                },
                .length: { stack in
                    stack.push(try stack.argument(1, as: LuaVocabulary.self).vocabulary.count)
                    return 1
                },
            ])
    }
}
