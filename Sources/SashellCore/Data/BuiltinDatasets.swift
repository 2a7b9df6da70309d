import JSON
import Foundation

/// The paper's datasets in Jain & Wallace's versions (../shared/data/README.md): IMDb, SST and
/// 20News (baseball vs hockey), each "current" (J&W's code from April 2019 on: train/dev/test)
/// or "paper2018" (the statistics of J&W's and the paper's dataset table: no dev for IMDb and
/// 20News, vocabularies fitted on more than train).
public struct BuiltinDatasetOptions: Sendable {
    public var version = "current"
    /// The directory holding imdb/, sst/ and 20news/; nil searches DataDirectory's candidates.
    public var dataDirectory: String?
    /// Keep only what J&W's loader keeps (each line's `jw_keep`): min < length < max.
    public var lengthFilter = true
    /// Where a version has no dev split, the stratified fraction of train held out as dev (0: none).
    public var devFraction = 0.2
    public var seed: UInt64 = 0

    public init() {}
}

extension Dataset {
    public static let builtinNames = ["sst", "imdb", "20news"]
    public static let builtinVersions = ["current", "paper2018"]

    /// The files of one version of a built-in dataset, relative to the data directory.
    private struct Files {
        let train: [String]
        let dev: [String]?
        let test: [String]
        let vocabulary: String
        /// J&W's loader bounds, for the provenance line: min < length < max.
        let bounds: String
    }

    private static func files(_ name: String, _ version: String) -> Files {
        let paper = version == "paper2018"
        switch name {
        case "sst":
            return Files(train: ["sst/train.jsonl.gz"], dev: ["sst/dev.jsonl.gz"], test: ["sst/test.jsonl.gz"],
                         vocabulary: paper ? "sst/vocab_paper2018.json" : "sst/vocab.json", bounds: "5 < length < the split's longest")
        case "imdb":
            return Files(train: paper ? ["imdb/train.jsonl.gz", "imdb/dev.jsonl.gz"] : ["imdb/train.jsonl.gz"],
                         dev: paper ? nil : ["imdb/dev.jsonl.gz"], test: ["imdb/test.jsonl.gz"],
                         vocabulary: paper ? "imdb/vocab_paper2018.json" : "imdb/vocab.json", bounds: "6 < length < the split's longest")
        default:
            let folder = paper ? "20news/paper2018/" : "20news/"
            return Files(train: [folder + "train.jsonl.gz"], dev: paper ? nil : [folder + "dev.jsonl.gz"],
                         test: [folder + "test.jsonl.gz"], vocabulary: folder + "vocab.json", bounds: "6 < length < 500")
        }
    }

    /// Loads built-in dataset `name` ("sst", "imdb" or "20news").
    public init(builtin name: String, options: BuiltinDatasetOptions = BuiltinDatasetOptions()) throws {
        guard Self.builtinNames.contains(name) else {
            throw DataError("unknown dataset '\(name)' (built-in: \(Self.builtinNames.joined(separator: ", ")); for your own data pass {train=path, ...})")
        }
        guard Self.builtinVersions.contains(options.version) else {
            throw DataError("unknown version '\(options.version)' of \(name) (versions: \(Self.builtinVersions.joined(separator: ", ")))")
        }
        let files = Self.files(name, options.version)
        let layout = "DIR/" + (files.train + (files.dev ?? []) + files.test + [files.vocabulary]).joined(separator: ", DIR/")
        let root = String(try DataDirectory.locate(name, explicit: options.dataDirectory, layout: layout).dropLast(name.count + 1))
        let vocabulary = try Vocabulary.load(path: root + "/" + files.vocabulary)
        let reader = ExampleReader(tokenizer: .space, flagField: "jw_keep")
        var provenance = ["\(name) (\(options.version)) from \(root), J&W's tokenisation and encoding",
                          "vocabulary: \(files.vocabulary), \(vocabulary.count) ids"]

        /// The examples of `paths`, concatenated, kept by J&W's filter unless it is off.
        func read(_ paths: [String], as splitName: String) throws -> Split {
            var examples: [Example] = []
            var dropped = 0
            for path in paths {
                for draft in try reader.read(root + "/" + path, format: .jsonl) {
                    guard case .bool(let keep)? = draft.flag else {
                        throw DataError("\(root)/\(path): an example lacks the boolean field jw_keep (\(draft.id))")
                    }
                    if keep || !options.lengthFilter {
                        examples.append(draft.encoded(with: vocabulary, tokenizer: .space))
                    } else {
                        dropped += 1
                    }
                }
            }
            if options.lengthFilter {
                provenance.append("\(splitName): J&W's length filter (\(files.bounds)) kept \(examples.count) of \(examples.count + dropped)")
            }
            return Split(name: splitName, examples: examples)
        }

        var train = try read(files.train, as: "train")
        var dev = try files.dev.map { try read($0, as: "dev") }
        let test = try read(files.test, as: "test")
        if dev == nil, options.devFraction > 0 {
            let whole = train.count
            let parts = holdOut(train.examples, label: \.label, fraction: options.devFraction, seed: options.seed)
            (train, dev) = (Split(name: "train", examples: parts.rest), Split(name: "dev", examples: parts.heldOut))
            provenance.append(heldOutNote(options.devFraction, heldOut: parts.heldOut.count, of: whole, seed: options.seed)
                + " (J&W have no dev split in this version)")
        }
        self.init(name: name, version: options.version, train: train, dev: dev, test: test,
                  vocabulary: vocabulary, tokenizer: .space, provenance: provenance)
    }
}
