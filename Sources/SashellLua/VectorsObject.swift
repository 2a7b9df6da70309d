import LuaBridge
import SashellCore

/// Pretrained word vectors aligned with a vocabulary, as Lua sees them.
final class LuaWordVectors: LuaObject {
    static let luaTypeName = "vectors"

    let vectors: WordVectors
    let seed: UInt64

    init(_ vectors: WordVectors, seed: UInt64) {
        self.vectors = vectors
        self.seed = seed
    }

    static var luaClass: LuaClass<LuaWordVectors> {
        LuaClass(
            doc: """
                Word vectors aligned with a vocabulary: v.matrix (a #vocab × v.dim tensor, row id + 1 \
                for word id), v.dim, v.found and v.words (how many of the vocabulary's words have a \
                vector), v.coverage (their fraction), v.scale (the deviation of the random rows) and v.path.
                """,
            metamethods: [
                .toString: { stack in
                    let v = try stack.argument(1, as: LuaWordVectors.self)
                    stack.push(v.vectors.report(seed: v.seed))
                    return 1
                },
                .index: { stack in
                    let v = try stack.argument(1, as: LuaWordVectors.self).vectors
                    switch try stack.fieldName(at: 2, of: "vectors", fields: ["matrix", "dim", "found", "words", "coverage", "scale", "path"]) {
                    case "matrix": stack.push(LuaTensor(v.matrix))
                    case "dim": stack.push(v.dimension)
                    case "found": stack.push(v.found)
                    case "words": stack.push(v.vocabularyWords)
                    case "coverage": stack.push(v.coverage)
                    case "scale": stack.push(Double(v.randomScale))
                    default: stack.push(v.path)
                    }
                    return 1
                },
            ])
    }
}

extension WordVectors {
    /// "vectors glove.6B.50d.vec.gz: 50-d, 13534 of 13822 words (97.92%); the other 288 and
    /// <UNK>, <SOS>, <EOS> drawn from N(0, 0.392²), seed 0".
    func report(seed: UInt64) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let percent = (coverage * 10000).rounded() / 100
        return "vectors \(name): \(dimension)-d, \(found) of \(vocabularyWords) words (\(percent)%); the other "
            + "\(vocabularyWords - found) and <UNK>, <SOS>, <EOS> drawn from N(0, \((randomScale * 1000).rounded() / 1000)²), seed \(seed)"
    }
}
