import CLua

// Loading and running chunks. A chunk name is shown in messages and tracebacks: "@path" reads
// as a file name, "=text" as the text itself, and anything else as [string "..."].
extension LuaStack {
    /// For `call(arguments:results:)`: keep every result.
    public static let allResults = SA_LUA_MULTRET

    /// Compiles `code` and pushes it as a function. Without a name the chunk is named after its
    /// source, as luaL_loadstring does.
    public func load(_ code: String, name: String? = nil) throws(LuaError) {
        let name = name ?? code
        var source = code
        let status = source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { text in
                sa_luaL_loadbuffer(L, text.baseAddress, text.count, name)
            }
        }
        try check(status)
    }

    /// Compiles the file at `path` and pushes it as a function; the chunk is named "@path".
    /// A first line starting with '#' (a Unix exec line) is skipped.
    public func load(file path: String) throws(LuaError) {
        try check(sa_luaL_loadfile(L, path))
    }

    /// Compiles standard input, read to its end, and pushes it as a function named "=stdin".
    public func loadStandardInput() throws(LuaError) {
        try check(sa_luaL_loadfile(L, nil))
    }

    /// Calls the function below the top `arguments` values, popping both, and pushes its
    /// `results` results (`allResults` for all). It runs protected under lua.c's message handler:
    /// an error arrives as a LuaError with the message and a traceback, and the stack is restored.
    public func call(arguments: Int32 = 0, results: Int32 = 0) throws(LuaError) {
        let base = top - arguments
        lua_pushcclosure(L, sa_lua_msghandler, 0)
        insert(at: base)
        let status = sa_lua_pcall(L, arguments, results, base)
        remove(at: base)
        try check(status)
    }

    /// Compiles and runs `code`, discarding its results.
    public func run(_ code: String, name: String? = nil) throws(LuaError) {
        try load(code, name: name)
        try call()
    }

    /// Compiles and runs the file at `path`, passing `arguments` as the chunk's `...`.
    public func run(file path: String, arguments: [String] = []) throws(LuaError) {
        guard reserve(Int32(clamping: arguments.count) + 1) else {
            throw LuaError(kind: .runtime, message: "too many arguments to script")
        }
        try load(file: path)
        for argument in arguments {
            push(argument)
        }
        try call(arguments: Int32(arguments.count))
    }

    /// Turns a failing status into the LuaError whose value is on top.
    private func check(_ status: Int32) throws(LuaError) {
        guard status == SA_LUA_OK else { throw LuaError(status: status, popping: self) }
    }
}
