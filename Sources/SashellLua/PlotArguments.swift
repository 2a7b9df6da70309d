import LuaBridge

// Vectors inside tables, for the plotting and display functions: an option such as a line's
// `low=`, or a measure of `sa.show`. A bad one is a bad argument naming it, as
// "bad argument #4 to 'line' (option 'low': array is empty)".
extension LuaStack {
    /// The array or 1-D tensor at `index`, which sits in argument `position` under `name`.
    func vector(at index: Int32, named name: String, argument position: Int32) throws(LuaArgumentError) -> [Double] {
        do {
            return try vectorArgument(absoluteIndex(index))
        } catch {
            let problem = switch error.problem {
            case .wrongType(let expected): "\(expected) expected, got \(typeName(at: index))"
            case .invalid(let message): message
            }
            throw LuaArgumentError(argument: position, problem: .invalid("\(name): \(problem)"))
        }
    }

    /// Option `key` of the option table at argument `position` as a vector, or nil if absent.
    func vectorOption(_ options: LuaOptions, _ key: String, at position: Int32) throws(LuaArgumentError) -> [Double]? {
        guard options.push(key) != .nil else {
            pop()
            return nil
        }
        defer { pop() }
        return try vector(at: -1, named: "option '\(key)'", argument: position)
    }
}
