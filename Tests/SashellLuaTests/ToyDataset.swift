import SashellLua
import TestSupport

/// A toy task a model must learn: reviews that say "good" are positive, "bad" negative.
/// Writes its TSV files to `scratch` and loads them as the global `ds` of `lua`.
func loadToyDataset(_ lua: LuaSession, in scratch: ScratchDirectory, name: String = "toy", trainCount: Int = 48,
                    devCount: Int = 16, testCount: Int = 20) throws {
    let filler = ["the", "film", "plot", "was", "a", "cast", "very", "story", "it", "and"]
    func rows(_ count: Int, seed: Int) -> String {
        (0..<count).map { i in
            let words = (0..<(3 + (i * 7 + seed) % 6)).map { filler[($0 * 3 + i + seed) % filler.count] }
            var text = words
            text.insert(i % 2 == 1 ? "good" : "bad", at: (i + seed) % (words.count + 1))
            return "\(text.joined(separator: " "))\t\(i % 2)"
        }.joined(separator: "\n")
    }
    let train = try scratch.write("\(name)-train.tsv", "text\tlabel\n" + rows(trainCount, seed: 1))
    let dev = try scratch.write("\(name)-dev.tsv", "text\tlabel\n" + rows(devCount, seed: 2))
    let test = try scratch.write("\(name)-test.tsv", "text\tlabel\n" + rows(testCount, seed: 3))
    try lua.run("ds = sa.dataset{train=[[\(train)]], dev=[[\(dev)]], test=[[\(test)]], name='\(name)'}")
}

/// The setup of every suite that trains models from Lua: a Lua session with progress bars
/// silenced and the toy task loaded as `ds`, and the scratch directory holding its files.
func toyTaskSession(trainCount: Int = 48, devCount: Int = 16, testCount: Int = 20) throws
    -> (scratch: ScratchDirectory, lua: LuaSession) {
    ProgressMeter.isSilenced.store(true, ordering: .relaxed)
    let scratch = try ScratchDirectory(), lua = try LuaSession()
    try loadToyDataset(lua, in: scratch, trainCount: trainCount, devCount: devCount, testCount: testCount)
    return (scratch, lua)
}
