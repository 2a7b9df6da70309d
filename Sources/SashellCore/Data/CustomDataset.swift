/// A researcher's own binary classification data: JSON Lines, CSV or TSV files with a text and
/// a label column, tokenised by one of the Tokenizers and encoded with a vocabulary fitted on train.
public struct CustomDatasetOptions: Sendable {
    public var train: String
    public var dev: String?
    public var test: String?
    /// nil: from each file's extension.
    public var format: RecordFormat?
    public var name: String?
    public var textField = "text"
    public var labelField = "label"
    public var idField = "id"
    public var tokenizer = Tokenizer.whitespace
    /// Words in fewer training examples than this are `<UNK>`.
    public var minCount = 1
    /// Label values as written in the files, to 0 or 1.
    public var labels: [String: Int]?
    /// Without a dev file, the stratified fraction of train held out as dev (0: none).
    public var devFraction = 0.2
    public var seed: UInt64 = 0

    public init(train: String) {
        self.train = train
    }
}

extension Dataset {
    public init(custom options: CustomDatasetOptions) throws {
        guard options.minCount >= 1 else { throw DataError("min_count must be at least 1, got \(options.minCount)") }
        if let labels = options.labels, let bad = labels.first(where: { $0.value != 0 && $0.value != 1 }) {
            throw DataError("labels must map to 0 or 1, but '\(bad.key)' maps to \(bad.value)")
        }
        let reader = ExampleReader(textField: options.textField, labelField: options.labelField,
                                   idField: options.idField, tokenizer: options.tokenizer, labels: options.labels)
        var provenance: [String] = []

        /// The drafts of `path` with at least one token.
        func read(_ path: String, as splitName: String) throws -> [ExampleReader.Draft] {
            guard let format = options.format ?? RecordFormat(path: path) else {
                throw DataError("cannot tell the format of \(path) from its name; pass format=\"jsonl\", \"csv\" or \"tsv\"")
            }
            let drafts = try reader.read(path, format: format)
            let kept = drafts.filter { !$0.tokens.isEmpty }
            provenance.append("\(splitName): \(path) (\(format.rawValue))"
                + (kept.count < drafts.count ? ", \(drafts.count - kept.count) texts without tokens skipped" : ""))
            return kept
        }

        var trainDrafts = try read(options.train, as: "train")
        guard !trainDrafts.isEmpty else { throw DataError("\(options.train): no examples") }
        var devDrafts = try options.dev.map { try read($0, as: "dev") }
        if devDrafts == nil, options.devFraction > 0 {
            // Held out before the vocabulary is fitted, so that dev words are as unseen as test words.
            let whole = trainDrafts.count
            (trainDrafts, devDrafts) = holdOut(trainDrafts, label: \.label, fraction: options.devFraction, seed: options.seed)
            guard devDrafts?.isEmpty == false else {
                throw DataError("\(options.train): \(whole) examples are too few to hold out \(options.devFraction) of each label as dev; pass dev= or dev_fraction=0")
            }
            provenance.append(heldOutNote(options.devFraction, heldOut: devDrafts!.count, of: whole, seed: options.seed))
        }
        let testDrafts = try options.test.map { try read($0, as: "test") }
        let vocabulary = Vocabulary(fittedOn: trainDrafts.lazy.map(\.tokens), minCount: options.minCount)
        provenance.append("vocabulary: \(vocabulary.count) ids, the words of at least \(options.minCount) training example\(options.minCount == 1 ? "" : "s"); tokenizer \(options.tokenizer.rawValue)")

        func split(_ drafts: [ExampleReader.Draft], _ name: String) -> Split {
            Split(name: name, examples: drafts.map { $0.encoded(with: vocabulary, tokenizer: options.tokenizer) })
        }
        self.init(name: options.name ?? Self.name(of: options.train), version: nil, train: split(trainDrafts, "train"),
                  dev: devDrafts.map { split($0, "dev") },
                  test: testDrafts.map { split($0, "test") }, vocabulary: vocabulary, tokenizer: options.tokenizer,
                  provenance: provenance)
    }

    /// A dataset's default name: its training file's name without extensions, or the folder's
    /// when the file is named after its split ("reviews/train.tsv" is "reviews").
    static func name(of path: String) -> String {
        let parts = path.split(separator: "/").map(String.init)
        let stem = String((parts.last ?? path).prefix { $0 != "." })
        return ["train", "training", "data"].contains(stem.lowercased()) && parts.count > 1 ? parts[parts.count - 2] : stem
    }
}
