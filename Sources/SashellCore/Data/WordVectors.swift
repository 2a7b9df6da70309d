import Autodiff

/// Pretrained word vectors aligned with a vocabulary: an embedding matrix whose row i is the
/// vector of word i. Read from the word2vec/fastText text format (a "COUNT DIM" header line,
/// then "word v1 ... vDIM" lines) or GloVe's (the same without the header), gzipped or not.
public struct WordVectors: Sendable {
    /// vocabulary.count × dimension. PAD's row is zero; rows of words without a vector (and of
    /// UNK, SOS, EOS) are drawn from N(0, s²), s the standard deviation of the loaded values, so
    /// that they are on the scale of the vectors around them.
    public let matrix: Tensor
    public let dimension: Int
    public let path: String
    /// The vocabulary's words (specials excluded) and how many of them have a vector.
    public let vocabularyWords: Int
    public let found: Int
    /// The standard deviation used for the words without a vector.
    public let randomScale: Float

    /// The fraction of the vocabulary's words that have a vector.
    public var coverage: Double { vocabularyWords == 0 ? 0 : Double(found) / Double(vocabularyWords) }

    /// Names of the vector files of the data directory (see its embeddings/README.md).
    public static let named = [
        "glove": "embeddings/glove.6B.50d.vec.gz",
        "word2vec": "embeddings/word2vec-GoogleNews-300d-bolukbasi.vec.gz",
    ]

    /// Loads the vectors of `path` for the words of `vocabulary`; lines of other words are skipped
    /// without parsing their numbers. The first line for a word wins.
    public init(path: String, vocabulary: Vocabulary, seed: UInt64) throws {
        var dimension: Int?
        var vectorLines = 0
        var rows: [Int32: [Float]] = [:]
        try TextLines(path: path).forEach { line, number in
            let fields = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
            // word2vec's header: two integers.
            if number == 1, fields.count == 2, let count = Self.integer(fields[0]), let size = Self.integer(fields[1]) {
                guard count >= 0, size > 0 else { throw DataError.at(path, line: 1, "invalid header '\(count) \(size)'") }
                dimension = size
                return
            }
            guard !line.isEmpty else { return }
            // fastText writes a space after the last value.
            let values = fields.dropFirst().last?.isEmpty == true ? fields.dropFirst().dropLast() : fields.dropFirst()
            let size = dimension ?? values.count
            guard size > 0, values.count == size else {
                throw DataError.at(path, line: number, "\(values.count) values, expected \(size) (is this a word-vector text file?)")
            }
            dimension = size
            vectorLines += 1
            let word = String(decoding: fields[0], as: UTF8.self)
            guard let id = vocabulary.id(word), id > Vocabulary.end, rows[id] == nil else { return }
            rows[id] = try values.map { field in
                guard let value = Self.float(field), value.isFinite else {
                    throw DataError.at(path, line: number, "'\(String(decoding: field, as: UTF8.self))' is not a finite number")
                }
                return value
            }
        }
        // Only vectors read fix the dimension: a header alone could claim any size.
        guard let dimension, vectorLines > 0 else { throw DataError("\(path): no vectors") }
        let loaded = rows.values.joined().map(Double.init)
        let mean = loaded.reduce(0, +) / Double(max(loaded.count, 1))
        let variance = loaded.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(loaded.count, 1))
        let scale = loaded.isEmpty ? 1 : Float(variance.squareRoot())
        var generator = RandomGenerator(seed: seed)
        var scalars = [Float](repeating: 0, count: vocabulary.count * dimension)
        for id in 1..<vocabulary.count {
            let row = rows[Int32(id)] ?? (0..<dimension).map { _ in generator.normal() * scale }
            scalars.replaceSubrange(id * dimension..<(id + 1) * dimension, with: row)
        }
        self.matrix = Tensor(shape: [vocabulary.count, dimension], scalars: scalars)
        self.dimension = dimension
        self.path = path
        self.vocabularyWords = vocabulary.count - Vocabulary.specials.count
        self.found = rows.count
        self.randomScale = scale
    }

    private static func integer(_ field: some Collection<UInt8>) -> Int? {
        Int(String(decoding: field, as: UTF8.self))
    }

    /// The number in `field`, decimal or exponent notation (Swift's parser: locale-independent).
    private static func float(_ field: some Collection<UInt8>) -> Float? {
        Float(String(decoding: field, as: UTF8.self))
    }
}
