import LuaBridge

extension LuaOptions {
    /// The `seed` option (declared `.integer("seed", default: 0)`) as a generator seed. Negative
    /// seeds are refused rather than wrapped, so that every seed names one stream of numbers.
    func seed(optionsAt position: Int32) throws(LuaArgumentError) -> UInt64 {
        let seed = value("seed", as: Int.self)!
        guard seed >= 0 else {
            throw LuaArgumentError(argument: position, problem: .invalid("option 'seed' must be non-negative, got \(seed)"))
        }
        return UInt64(seed)
    }
}
