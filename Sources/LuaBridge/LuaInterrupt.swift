import CLua

/// Ctrl-C, as the shell receives it: while Lua code runs under `callInterruptibly`, it stops that
/// code with the error "interrupted!"; it also raises a flag that long Swift loops (training,
/// feature importance) poll with `check()` to stop cleanly at their next step.
public enum Interrupt {
    /// Whether Ctrl-C was pressed since the shell last returned to its prompt.
    public static var isRequested: Bool {
        sa_lua_interrupt_requested() != 0
    }

    /// Throws `Interrupted` if Ctrl-C was pressed: call it once per step of a long loop.
    public static func check() throws(Interrupted) {
        if isRequested { throw Interrupted() }
    }

    /// Forgets a past Ctrl-C; the REPL calls it when it returns to the prompt.
    public static func clear() {
        sa_lua_interrupt_clear()
    }
}

/// The error of a loop stopped by Ctrl-C; Lua shows it as lua.c shows an interrupted chunk.
public struct Interrupted: Error, Sendable, CustomStringConvertible {
    public init() {}

    public var description: String { "interrupted!" }
}

extension LuaStack {
    /// `call(arguments:results:)` with lua.c's SIGINT handler installed for its duration, so that
    /// Ctrl-C stops the Lua code with the error "interrupted!" instead of killing the process.
    public func callInterruptibly(arguments: Int32 = 0, results: Int32 = 0) throws(LuaError) {
        var previous = sigaction()
        sa_lua_interrupt_begin(L, &previous)
        defer { sa_lua_interrupt_end(L, &previous) }
        try call(arguments: arguments, results: results)
    }
}
