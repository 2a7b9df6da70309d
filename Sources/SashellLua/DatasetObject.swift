import LuaBridge
import SashellCore

/// A dataset as Lua sees it: fields `train`, `dev` and `test` (splits; dev or test may be nil),
/// `vocab`, `name`, `version` and `provenance`.
final class LuaDataset: LuaObject {
    static let luaTypeName = "dataset"

    let dataset: Dataset
    /// "sst (current)", or the name of a user's dataset.
    var title: String { dataset.version.map { "\(dataset.name) (\($0))" } ?? dataset.name }

    init(_ dataset: Dataset) {
        self.dataset = dataset
    }

    static var luaClass: LuaClass<LuaDataset> {
        LuaClass(
            doc: """
                A dataset: ds.train, ds.dev and ds.test (splits; dev is nil when there is none, and \
                so is test for a user's data without a test file), ds.vocab, ds.name, ds.version ("current" or \
                "paper2018" for the built-in ones) and ds.provenance, how it was made (an array of \
                lines, also shown by print(ds)).
                """,
            methods: [
                .init("sample", doc: """
                    ds:sample{train=, dev=, test= [, seed=0]} is a copy of ds with each named split cut                     to a seeded sample of at most that many examples (kept in order; a split not named                     stays whole) and the same vocabulary: a small dataset for a quick run. Its                     provenance says what was kept, and the run store tells it from the whole dataset.
                    """) { d, stack in
                    let options = try stack.options(2, [.integer("train"), .integer("dev"), .integer("test"),
                                                        .integer("seed", default: 0)])
                    let counts = ["train", "dev", "test"].map { options.value($0, as: Int.self) }
                    if let negative = zip(["train", "dev", "test"], counts).first(where: { ($0.1 ?? 0) < 0 }) {
                        throw LuaArgumentError(argument: 2, problem: .invalid("option '\(negative.0)' must be a count of examples, got \(negative.1!)"))
                    }
                    do {
                        stack.push(LuaDataset(try d.dataset.sampled(train: counts[0], dev: counts[1], test: counts[2],
                                                                    seed: try options.seed(optionsAt: 2))))
                    } catch let error as DataError {
                        throw LuaArgumentError(argument: 2, problem: .invalid("\(error)"))
                    }
                    return 1
                },
            ],
            metamethods: [
                .toString: { stack in
                    let d = try stack.argument(1, as: LuaDataset.self)
                    let splits = d.dataset.splits.map { "\($0.name) \($0.count)" }.joined(separator: ", ")
                    let lines = ["dataset \(d.title): \(splits); vocabulary \(d.dataset.vocabulary.count)"]
                        + d.dataset.provenance.map { "  " + $0 }
                    stack.push(lines.joined(separator: "\n"))
                    return 1
                },
                .index: { stack in
                    let d = try stack.argument(1, as: LuaDataset.self)
                    let fields = ["train", "dev", "test", "vocab", "name", "version", "provenance"]
                    switch try stack.fieldName(at: 2, of: "dataset", fields: fields) {
                    case "train": stack.push(LuaSplit(d.dataset.train, source: d.title, vocabulary: d.dataset.vocabulary))
                    case "dev": stack.push(d.dataset.dev.map { LuaSplit($0, source: d.title, vocabulary: d.dataset.vocabulary) })
                    case "test": stack.push(d.dataset.test.map { LuaSplit($0, source: d.title, vocabulary: d.dataset.vocabulary) })
                    case "vocab": stack.push(LuaVocabulary(d.dataset.vocabulary, tokenizer: d.dataset.tokenizer))
                    case "name": stack.push(d.dataset.name)
                    case "version": stack.push(d.dataset.version)
                    default: stack.push(d.dataset.provenance)
                    }
                    return 1
                },
            ])
    }
}
