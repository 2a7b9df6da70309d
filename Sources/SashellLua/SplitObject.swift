import Autodiff
import LuaBridge
import SashellCore

/// A split of a dataset as Lua sees it: `#split` examples, `split[i]` the i-th (from 1).
final class LuaSplit: LuaObject {
    static let luaTypeName = "split"

    let split: Split
    /// The dataset it belongs to, for `tostring`: "sst (current)".
    let source: String
    /// The vocabulary its examples' ids are of, which a model must share to read them.
    let vocabulary: Vocabulary

    init(_ split: Split, source: String, vocabulary: Vocabulary) {
        self.split = split
        self.source = source
        self.vocabulary = vocabulary
    }

    static var luaClass: LuaClass<LuaSplit> {
        LuaClass(
            doc: """
                A split of a dataset: #split examples, split[i] the i-th (from 1; nil past the end, as \
                in a Lua array), split.name its name. for i, ex in split:iter() do ... end (or \
                ipairs(split)) visits them in order.
                """,
            methods: [
                .init("iter", doc: "split:iter() is an iterator over (i, example), for a generic for loop.") { s, stack in
                    var next = 0
                    stack.push(function: { stack in
                        guard next < s.split.count else { return 0 }
                        next += 1
                        stack.push(next)
                        stack.push(LuaExample(s.split.examples[next - 1], vocabulary: s.vocabulary))
                        return 2
                    })
                    return 1
                },
                .init("filter", doc: """
                    split:filter(fn) is a new split of the examples ex for which fn(ex) is true (any \
                    value but false and nil), in order.
                    """) { s, stack in
                    guard stack.type(at: 2) == .function else {
                        throw LuaArgumentError(argument: 2, problem: .wrongType(expected: "function"))
                    }
                    let kept = try s.split.filter { example in
                        stack.pushCopy(of: 2)
                        stack.push(LuaExample(example, vocabulary: s.vocabulary))
                        try stack.call(arguments: 1, results: 1)
                        defer { stack.pop() }
                        return stack.type(at: -1) != .nil && stack.value(at: -1, as: Bool.self) != false
                    }
                    stack.push(LuaSplit(kept, source: s.source, vocabulary: s.vocabulary))
                    return 1
                },
                .init("sample", doc: """
                    split:sample(n [, {seed=0}]) is a new split of n examples drawn without replacement, \
                    kept in the split's order; the same seed gives the same sample.
                    """) { s, stack in
                    let n = try stack.argument(2, as: Int.self)
                    let seed = try stack.options(3, [.integer("seed", default: 0)]).seed(optionsAt: 3)
                    do {
                        stack.push(LuaSplit(try s.split.sample(n, seed: seed), source: s.source, vocabulary: s.vocabulary))
                    } catch {
                        throw LuaArgumentError(argument: 2, problem: .invalid("\(error)"))
                    }
                    return 1
                },
                .init("stats", doc: """
                    split:stats() is a table {n=, negative=, positive=, length_mean=, length_sd=, \
                    length_min=, length_max=}: counts of each label and the lengths in tokens (the \
                    standard deviation divides by n, as numpy's and J&W's).
                    """) { s, stack in
                    let statistics = s.split.statistics
                    stack.pushRecord(["n": statistics.count, "negative": statistics.negatives, "positive": statistics.positives,
                                      "length_mean": statistics.meanLength, "length_sd": statistics.standardDeviationLength,
                                      "length_min": statistics.minLength, "length_max": statistics.maxLength])
                    return 1
                },
                .init("batches", doc: """
                    split:batches([{size=32, seed=0, epoch=1, noise=0.1, shuffle=true}]) is an array of \
                    padded batches {ids=, mask=, labels=, lengths=, examples=}: ids and mask are \
                    count × width tensors (ids padded with 0 after <EOS>, mask 1 at real ids), labels a \
                    tensor, lengths the numbers of ids and examples the positions in the split (from 1). \
                    With shuffle, J&W's training batches: sorted by length with ±noise·length jitter \
                    (noise in [0, 1]), batched, batch order shuffled; the same seed and epoch give the \
                    same batches. Without, sorted by length for inference.
                    """) { s, stack in
                    let options = try stack.options(2, [.integer("size", default: 32), .integer("seed", default: 0),
                                                        .integer("epoch", default: 1), .number("noise", default: 0.1),
                                                        .boolean("shuffle", default: true)])
                    let size = options.value("size", as: Int.self)!, noise = options.value("noise", as: Double.self)!
                    guard size > 0 else { throw LuaArgumentError(argument: 2, problem: .invalid("option 'size' must be positive, got \(size)")) }
                    // Beyond 1 the jitter swamps the lengths (and a huge one overflows the jittered lengths).
                    guard noise >= 0, noise <= 1 else {
                        throw LuaArgumentError(argument: 2, problem: .invalid("option 'noise' must be in [0, 1], got \(noise)"))
                    }
                    let batches = options.value("shuffle", as: Bool.self)!
                        ? s.split.trainingBatches(size: size, seed: try options.seed(optionsAt: 2),
                                                  epoch: options.value("epoch")!, noise: noise)
                        : s.split.inferenceBatches(size: size)
                    stack.newTable(arrayCount: Int32(clamping: batches.count))
                    for (i, batch) in batches.enumerated() {
                        stack.pushRecord([
                            "ids": LuaTensor(Tensor(shape: [batch.count, batch.width], scalars: batch.ids.map(Float.init))),
                            "mask": LuaTensor(batch.mask),
                            "labels": LuaTensor(Tensor(shape: [batch.count], scalars: batch.labels)),
                            "lengths": batch.lengths,
                            "examples": batch.indices.map { $0 + 1 },
                        ])
                        stack.rawSet(tableAt: -2, index: i + 1)
                    }
                    return 1
                },
            ],
            metamethods: [
                .toString: { stack in
                    let s = try stack.argument(1, as: LuaSplit.self)
                    stack.push("split \(s.split.name) of \(s.source): \(s.split.statistics.summary)")
                    return 1
                },
                .length: { stack in
                    stack.push(try stack.argument(1, as: LuaSplit.self).split.count)
                    return 1
                },
                .index: { stack in
                    let s = try stack.argument(1, as: LuaSplit.self)
                    if stack.type(at: 2) == .string {
                        _ = try stack.fieldName(at: 2, of: "split", fields: ["name"])
                        stack.push(s.split.name)
                        return 1
                    }
                    guard stack.type(at: 2) == .number, let i = stack.value(at: 2, as: Int.self) else {
                        throw ScriptError("split index must be an integer, got \(stack.typeName(at: 2))")
                    }
                    // nil past either end, as a Lua array, so that ipairs(split) works.
                    stack.push(s.split.examples.indices.contains(i - 1) ? LuaExample(s.split.examples[i - 1], vocabulary: s.vocabulary) : nil)
                    return 1
                },
            ])
    }
}

extension SplitStatistics {
    /// "1725 examples (863 negative, 862 positive), length mean 18.2, max 46".
    var summary: String {
        "\(count) examples (\(negatives) negative, \(positives) positive), length mean \((meanLength * 10).rounded() / 10), max \(maxLength)"
    }
}
