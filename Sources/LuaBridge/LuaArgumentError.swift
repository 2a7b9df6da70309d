import CLua

/// A bad argument to a Swift function called from Lua. Lua reports it as luaL_argerror does:
/// "bad argument #2 to 'f' (number expected, got nil)".
public struct LuaArgumentError: Error, Sendable {
    /// What is wrong with the argument.
    public enum Problem: Sendable, Equatable {
        /// Not of the expected type; Lua names the actual one ("number expected, got table").
        case wrongType(expected: String)
        /// Of the right type but unacceptable, such as "invalid option 'x'".
        case invalid(String)
    }

    /// The argument's position, from 1.
    public let argument: Int32
    public let problem: Problem

    public init(argument: Int32, problem: Problem) {
        self.argument = argument
        self.problem = problem
    }

    /// Pushes what the trampoline needs to raise this error and returns its signal.
    func pushForTrampoline(onto stack: LuaStack) -> Int32 {
        stack.push(Int(argument))
        switch problem {
        case .wrongType(let expected):
            stack.push(expected)
            return SA_LUA_TYPEERROR
        case .invalid(let message):
            stack.push(message)
            return SA_LUA_ARGERROR
        }
    }
}

extension LuaStack {
    /// Argument `position` of the running Swift function as a `T`, or the error luaL_check*
    /// would raise.
    public func argument<T: LuaReadable>(_ position: Int32, as type: T.Type = T.self) throws(LuaArgumentError) -> T {
        if let value = T.read(from: self, at: position) { return value }
        throw LuaArgumentError(argument: position, problem: T.argumentProblem(in: self, at: position))
    }
}
