import JSON
import RunStore
import Testing

@Suite struct RunKeyTests {
    @Test func canonicalTextSortsKeysAndSpellsNumbersOneWay() throws {
        let value: JSONValue = ["b": [1.0, 0.0001, 1e-5, -0.0, 2.5e20], "a": ["y": true, "x": nil], "c": "q\"\\\n\u{1}é"]
        #expect(try value.canonicalText()
            == #"{"a":{"x":null,"y":true},"b":[1,0.0001,1e-05,0,2.5e+20],"c":"q\"\\\n\u0001é"}"#)
    }

    @Test func nonFiniteNumbersAreRefusedByName() {
        #expect(throws: UnrepresentableJSON(description: "config.lr is nan, which JSON cannot hold")) {
            try JSONValue.object(["lr": .number(.nan)]).canonicalText(path: "config")
        }
    }

    @Test func keyOrderAndNumberNotationDoNotChangeTheKey() throws {
        let first = try sstKey(["lr": .number(1e-4), "encoder": "lstm", "fit": ["epochs": 8, "batch": 32]])
        let second = try sstKey(["fit": ["batch": 32.0, "epochs": 8], "encoder": "lstm", "lr": 0.0001])
        #expect(first.digest == second.digest)
        #expect(first.canonicalText == second.canonicalText)
        #expect(first.digest.count == 64)
    }

    @Test func seedDataAndConfigEachChangeTheKey() throws {
        let config: [String: JSONValue] = ["lr": 1e-4, "encoder": "lstm"]
        let base = try sstKey(config)
        let others = [
            try sstKey(config, seed: 2),
            try sstKey(["lr": 1e-5, "encoder": "lstm"]),
            try RunKey(config: config, seed: 1, dataset: "imdb", datasetVersion: "1", dataFingerprint: "abc123"),
            try RunKey(config: config, seed: 1, dataset: "sst", datasetVersion: "2", dataFingerprint: "abc123"),
            try RunKey(config: config, seed: 1, dataset: "sst", datasetVersion: "1", dataFingerprint: "abc124"),
        ]
        #expect(Set(others.map(\.digest) + [base.digest]).count == 6)
    }

    /// Seeds are written exactly: neighbours above 2^53 (which Doubles would merge) differ.
    @Test func largeNeighbouringSeedsDiffer() throws {
        let seed = UInt64(1) << 60
        #expect(try sstKey([:], seed: seed).digest != sstKey([:], seed: seed + 1).digest)
        #expect(throws: RunStoreError.self) { try sstKey([:], seed: .max) }
    }
}
