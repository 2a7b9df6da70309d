/// One labelled text of a dataset: what a model reads and what the analyses explain.
public struct Example: Sendable {
    /// Where the example came from: a file name for IMDb and 20News, "split:k" for SST, the
    /// file and line for a user's own data.
    public let id: String
    public let text: String
    /// 0 or 1.
    public let label: Int
    /// J&W's encoding of the tokens: `<SOS>`, the token ids, `<EOS>`.
    public let ids: [Int32]
    public let tokenizer: Tokenizer

    public init(id: String, text: String, label: Int, ids: [Int32], tokenizer: Tokenizer) {
        self.id = id
        self.text = text
        self.label = label
        self.ids = ids
        self.tokenizer = tokenizer
    }

    /// The tokens, as the words they are (unknown words too), without `<SOS>` and `<EOS>`.
    public var tokens: [String] { tokenizer.tokens(text) }

    /// The number of tokens, J&W's "length" (the ids hold two more).
    public var length: Int { ids.count - 2 }
}
