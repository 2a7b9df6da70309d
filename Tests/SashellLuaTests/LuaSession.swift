import LuaBridge
import SashellLua

/// A Lua state with `sa` and `help` registered, for running test chunks.
final class LuaSession {
    let lua: LuaState

    init() throws {
        lua = try LuaState()
        SashellLibrary.register(on: lua.stack)
        lua.stack.registerHelp()
    }

    /// Runs `code`, named "=test" so that error positions read "test:1:".
    func run(_ code: String) throws(LuaError) {
        try lua.stack.run(code, name: "=test")
    }

    /// The value of the Lua expression `expression`, through `tostring`.
    func evaluate(_ expression: String) throws -> String {
        try lua.stack.load("return tostring(\(expression))", name: "=test")
        try lua.stack.call(results: 1)
        defer { lua.stack.pop() }
        return lua.stack.value(at: -1, as: String.self) ?? "?"
    }

    /// The message of the error that running `code` raises, or nil if it raises none.
    func error(_ code: String) -> String? {
        do {
            try run(code)
            return nil
        } catch {
            return error.message
        }
    }

    /// What `help(...)` prints for `argument`, a Lua expression.
    func help(_ argument: String) throws -> String {
        try run("local out = {}; io.write = function(s) out[#out + 1] = s end; help(\(argument)); helped = table.concat(out)")
        return try evaluate("helped")
    }
}
