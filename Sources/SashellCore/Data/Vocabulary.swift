import JSON
/// Words and their ids, in J&W's order: PAD (0), UNK (1), SOS (2), EOS (3), then the words in
/// code-point order (scikit-learn's CountVectorizer order). Ids are these positions, starting at
/// 0, so that they are the rows of an embedding matrix and the indices of J&W's vocab.json.
public struct Vocabulary: Sendable {
    public static let padding: Int32 = 0
    public static let unknown: Int32 = 1
    public static let start: Int32 = 2
    public static let end: Int32 = 3
    /// The four specials as J&W write them.
    public static let specials = ["<0>", "<UNK>", "<SOS>", "<EOS>"]

    public let words: [String]
    private let ids: [String: Int32]

    /// A vocabulary of `words`, which must start with the four specials and hold no word twice.
    public init(words: [String]) throws(DataError) {
        guard words.starts(with: Self.specials) else {
            throw DataError("a vocabulary must start with \(Self.specials.joined(separator: ", "))")
        }
        var ids: [String: Int32] = [:]
        ids.reserveCapacity(words.count)
        for (id, word) in words.enumerated() {
            guard ids.updateValue(Int32(id), forKey: word) == nil else {
                throw DataError("a vocabulary holds '\(word)' twice")
            }
        }
        self.words = words
        self.ids = ids
    }

    /// The specials and the words of `documents` found in at least `minCount` of them (document
    /// frequency, as CountVectorizer's min_df, which is how J&W fit theirs).
    public init(fittedOn documents: some Sequence<[String]>, minCount: Int) {
        var frequency: [String: Int] = [:]
        for document in documents {
            for word in Set(document) { frequency[word, default: 0] += 1 }
        }
        let specials = Set(Self.specials)
        let kept = frequency.compactMap { $0.value >= minCount && !specials.contains($0.key) ? $0.key : nil }
        // Code-point order is UTF-8 byte order; String's own < compares canonical equivalents.
        try! self.init(words: Self.specials + kept.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    /// Reads a JSON array of strings, J&W's vocab.json.
    public static func load(path: String) throws -> Vocabulary {
        let text = try TextLines(path: path).joined()
        let value: JSONValue
        do {
            value = try text.withUnsafeBufferPointer { try JSONValue.parse($0) }
        } catch {
            throw DataError("\(path): \(error)")
        }
        guard case .array(let elements) = value,
              case let words = elements.compactMap({ if case .string(let word) = $0 { word } else { nil } }),
              words.count == elements.count
        else { throw DataError("\(path): a vocabulary file must be a JSON array of strings") }
        do {
            return try Vocabulary(words: words)
        } catch {
            throw DataError("\(path): \(error)")
        }
    }

    /// Whether `other` gives every word the same id: a model reads only data encoded with its own.
    public func isSame(as other: Vocabulary) -> Bool {
        words == other.words
    }

    /// The number of ids, specials included.
    public var count: Int { words.count }

    /// The id of `word`, or nil if it is not in the vocabulary.
    public func id(_ word: String) -> Int32? {
        ids[word]
    }

    /// The word of `id`, or nil if there is no such id.
    public func word(_ id: Int) -> String? {
        words.indices.contains(id) ? words[id] : nil
    }

    /// J&W's encoding: `<SOS>`, each token's id (`<UNK>` for unknown words), `<EOS>`.
    public func encode(_ tokens: [String]) -> [Int32] {
        var encoded: [Int32] = [Self.start]
        encoded.reserveCapacity(tokens.count + 2)
        for token in tokens { encoded.append(ids[token] ?? Self.unknown) }
        encoded.append(Self.end)
        return encoded
    }
}
