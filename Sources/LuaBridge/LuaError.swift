import CLua

/// An error reported by Lua while loading or running code: what went wrong, where (the
/// traceback), and the kind of failure.
public struct LuaError: Error, Sendable, CustomStringConvertible {
    /// What failed, after Lua's status codes.
    public enum Kind: Sendable {
        /// The code raised an error while running (LUA_ERRRUN).
        case runtime
        /// The code did not compile (LUA_ERRSYNTAX).
        case syntax
        /// Lua ran out of memory (LUA_ERRMEM).
        case memory
        /// The message handler itself failed while handling an error (LUA_ERRERR).
        case messageHandler
        /// A file could not be opened or read (LUA_ERRFILE).
        case file
    }

    public let kind: Kind
    /// The error message, such as "script.lua:3: boom".
    public let message: String
    /// The stack traceback, starting "stack traceback:", for errors raised while running;
    /// nil for load errors and for error objects whose `__tostring` supplied the message.
    public let traceback: String?

    public init(kind: Kind, message: String, traceback: String? = nil) {
        self.kind = kind
        self.message = message
        self.traceback = traceback
    }

    /// The message followed by the traceback, as lua.c reports an error.
    public var description: String {
        guard let traceback else { return message }
        return message + "\n" + traceback
    }
}

extension LuaError {
    /// The heading `luaL_traceback` puts between a message and its traceback.
    private static let tracebackHeading = "\nstack traceback:\n"

    /// Pops the error value that a failed load or call left on top of `stack`; `status` is the
    /// failing status code. The value is a string, with the traceback appended when it comes from
    /// the message handler.
    init(status: Int32, popping stack: LuaStack) {
        let text = stack.value(at: -1, as: String.self)
            ?? "(error object is a \(stack.typeName(at: -1)) value)"
        stack.pop()
        let kind = Kind(status: status)
        // The last heading is the handler's: an inner one belongs to the message itself.
        if let heading = text.ranges(of: Self.tracebackHeading).last {
            let traceback = text[text.index(after: heading.lowerBound)...]
            self.init(kind: kind, message: String(text[..<heading.lowerBound]), traceback: String(traceback))
        } else {
            self.init(kind: kind, message: text)
        }
    }
}

extension LuaError.Kind {
    /// The kind of a failing status code of lua_pcall, lua_load or luaL_loadfile.
    init(status: Int32) {
        switch status {
        case SA_LUA_ERRSYNTAX: self = .syntax
        case SA_LUA_ERRMEM: self = .memory
        case SA_LUA_ERRERR: self = .messageHandler
        case SA_LUA_ERRFILE: self = .file
        default: self = .runtime
        }
    }
}
