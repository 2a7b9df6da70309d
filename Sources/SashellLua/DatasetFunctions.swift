import LuaBridge
import SashellCore

/// `sa.dataset` and `sa.vectors`: the paper's datasets or a user's own, and pretrained word
/// vectors for their vocabularies.
enum DatasetFunctions {
    static var module: LuaModule {
        LuaModule("sa", doc: SashellLibrary.doc, functions: [
            .init("dataset", doc: """
                sa.dataset(name [, {version="current", data=DIR, length_filter=true, dev_fraction=0.2, \
                seed=0}]) loads a dataset of the paper in Jain & Wallace's version: "sst", "imdb" or \
                "20news" (baseball vs hockey). version "paper2018" is the one of J&W's and the paper's \
                dataset table; it has no dev split for imdb and 20news, so dev_fraction of train \
                (stratified, seeded) is held out as dev (dev_fraction=0 keeps the table's train \
                counts, 21497 and 1426, and gives no dev). length_filter keeps what J&W's loader keeps. \
                The data is read from data if given, else from the first of $SASHELL_DATA, ./data, \
                ../shared/data and ~/.local/share/sashell that has it. Built-in texts are tokenised \
                by J&W's split on single spaces.
                sa.dataset{train=path [, dev=path, test=path, format=, text="text", label="label", \
                id="id", tokenizer="whitespace", min_count=1, labels={...}, dev_fraction=0.2, seed=0, \
                name=]} loads your own binary classification data from JSON Lines, CSV (RFC 4180) or \
                TSV files with a header row; format defaults from each file's extension (.gz allowed). \
                Labels must be 0/1 (or true/false) unless labels maps them, as labels={neg=0, pos=1}. \
                tokenizer is "whitespace", "lower" (lowercased), "keras" (Keras' text_to_word_sequence) \
                or "space" (J&W's split on single spaces). The vocabulary is fitted on train: words of \
                at least min_count training examples.
                """) { stack in
                let dataset: Dataset
                do {
                    dataset = stack.type(at: 1) == .table ? try custom(stack) : try builtin(stack)
                } catch let error as DataError {
                    throw ScriptError(error.description)
                }
                stack.push(LuaDataset(dataset))
                return 1
            },
            .init("vectors", doc: """
                sa.vectors(path, vocab [, {seed=0, data=DIR}]) loads pretrained word vectors in the \
                word2vec/fastText/GloVe text format (gzipped or not) for the words of vocab (a \
                vocabulary or a dataset): row id + 1 of v.matrix is the vector of word id; words \
                without one get random rows on the vectors' scale. path "glove" and "word2vec" name \
                the vectors of the data directory: GloVe 6B 50-d (98% of our vocabularies) and a \
                300-d Google News word2vec subset (65%). print(v) reports the coverage.
                """) { stack in
                let name = try stack.argument(1, as: String.self)
                let vocabulary: Vocabulary
                if let object = stack.value(at: 2, as: LuaVocabulary.self) {
                    vocabulary = object.vocabulary
                } else if let object = stack.value(at: 2, as: LuaDataset.self) {
                    vocabulary = object.dataset.vocabulary
                } else {
                    throw LuaArgumentError(argument: 2, problem: .wrongType(expected: "vocabulary or dataset"))
                }
                let options = try stack.options(3, [.integer("seed", default: 0), .string("data")])
                let seed = try options.seed(optionsAt: 3)
                do {
                    let path = try WordVectors.named[name].map {
                        try DataDirectory.locate($0, explicit: options.value("data"), layout: "DIR/\($0)")
                    } ?? name
                    stack.push(LuaWordVectors(try WordVectors(path: path, vocabulary: vocabulary, seed: seed), seed: seed))
                } catch let error as DataError {
                    throw ScriptError(error.description)
                }
                return 1
            },
        ])
    }

    /// `sa.dataset(name, options)`.
    private static func builtin(_ stack: LuaStack) throws -> Dataset {
        let name = try stack.argument(1, as: String.self)
        let options = try stack.options(2, [
            .string("version", oneOf: Dataset.builtinVersions, default: "current"), .string("data"),
            .boolean("length_filter", default: true), .number("dev_fraction", default: 0.2), .integer("seed", default: 0),
        ])
        var settings = BuiltinDatasetOptions()
        settings.version = options.value("version")!
        settings.dataDirectory = options.value("data")
        settings.lengthFilter = options.value("length_filter")!
        settings.devFraction = try devFraction(options, at: 2)
        settings.seed = try options.seed(optionsAt: 2)
        return try Dataset(builtin: name, options: settings)
    }

    /// `sa.dataset{train=path, ...}`.
    private static func custom(_ stack: LuaStack) throws -> Dataset {
        let options = try stack.options(1, [
            .string("train"), .string("dev"), .string("test"), .string("format", oneOf: RecordFormat.allCases.map(\.rawValue)),
            .string("text", default: "text"), .string("label", default: "label"), .string("id", default: "id"),
            .string("tokenizer", oneOf: Tokenizer.allCases.map(\.rawValue), default: "whitespace"),
            .integer("min_count", default: 1), .table("labels"), .number("dev_fraction", default: 0.2),
            .integer("seed", default: 0), .string("name"),
        ])
        guard let train = options.value("train", as: String.self) else {
            throw LuaArgumentError(argument: 1, problem: .invalid("option 'train' (the path of the training file) is required"))
        }
        var settings = CustomDatasetOptions(train: train)
        settings.dev = options.value("dev")
        settings.test = options.value("test")
        settings.format = options.value("format", as: String.self).flatMap(RecordFormat.init(rawValue:))
        settings.textField = options.value("text")!
        settings.labelField = options.value("label")!
        settings.idField = options.value("id")!
        settings.tokenizer = Tokenizer(rawValue: options.value("tokenizer")!)!
        settings.minCount = options.value("min_count")!
        guard settings.minCount >= 1 else {
            throw LuaArgumentError(argument: 1, problem: .invalid("option 'min_count' must be at least 1, got \(settings.minCount)"))
        }
        if options.push("labels") == .table {
            defer { stack.pop() }
            settings.labels = try labelMap(stack)
        }
        settings.devFraction = try devFraction(options, at: 1)
        settings.seed = try options.seed(optionsAt: 1)
        settings.name = options.value("name")
        return try Dataset(custom: settings)
    }

    /// The table on top as a label map: keys as written in the files, values 0 or 1.
    private static func labelMap(_ stack: LuaStack) throws -> [String: Int] {
        var labels: [String: Int] = [:]
        try stack.forEachPair(inTableAt: -1) {
            stack.pushCopy(of: -2)
            defer { stack.pop() }
            // Boolean labels of JSON files are written "true" and "false", as ExampleReader reads them.
            let key: String? = switch stack.type(at: -1) {
            case .string, .number: stack.value(at: -1, as: String.self)
            case .boolean: stack.value(at: -1, as: Bool.self).map { String($0) }
            default: nil
            }
            guard let key, let value = stack.value(at: -2, as: Int.self), value == 0 || value == 1
            else {
                throw LuaArgumentError(argument: 1, problem: .invalid("option 'labels' must map label values to 0 or 1, as {neg=0, pos=1}"))
            }
            labels[key] = value
        }
        return labels
    }

    private static func devFraction(_ options: LuaOptions, at position: Int32) throws(LuaArgumentError) -> Double {
        let fraction = options.value("dev_fraction", as: Double.self)!
        guard fraction >= 0, fraction < 1 else {
            throw LuaArgumentError(argument: position, problem: .invalid("option 'dev_fraction' must be in [0, 1), got \(fraction)"))
        }
        return fraction
    }
}
