import CLua

// What an interactive shell needs beyond running chunks: telling an incomplete chunk from a
// wrong one, walking tables and metatables raw, and turning any value into text safely.
extension LuaError {
    /// Whether this syntax error is only premature end of input ("... near <eof>"): the chunk
    /// may still be completed by more lines, as lua.c's `incomplete` decides.
    public var isIncompleteInput: Bool {
        kind == .syntax && message.hasSuffix("<eof>")
    }
}

extension LuaStack {
    /// The free slots Lua guarantees a C function (LUA_MINSTACK); `reserve` them before work
    /// that pushes a few values on a stack that may be full.
    public static let minimumFreeSlots = SA_LUA_MINSTACK

    /// Advances a traversal of the table at `table`: pops a key and pushes the next key and its
    /// value, or pushes nothing and returns false at the end. Start by pushing nil. The table
    /// must not gain fields during the traversal.
    public func nextEntry(ofTableAt table: Int32) -> Bool {
        lua_next(L, table) != 0
    }

    /// Pushes the metatable of the value at `index` and returns true, or pushes nothing and
    /// returns false if it has none.
    public func pushMetatable(ofValueAt index: Int32) -> Bool {
        lua_getmetatable(L, index) != 0
    }

    /// Whether the value at `index` is a number with an integer representation (subtype integer).
    public func isInteger(at index: Int32) -> Bool {
        lua_isinteger(L, index) != 0
    }

    /// The identity of a table, function, thread or userdata at `index`, to detect cycles.
    public func identity(at index: Int32) -> UnsafeRawPointer? {
        lua_topointer(L, index)
    }

    /// The value at `index` as `tostring` shows it (__tostring, __name, or the type and address),
    /// computed under protection since metamethods may raise, and interruptibly since a
    /// `__tostring` may loop.
    public func displayString(at index: Int32) throws(LuaError) -> String {
        let index = absoluteIndex(index)
        lua_pushcclosure(L, sa_lua_tolstring, 0)
        pushCopy(of: index)
        try callInterruptibly(arguments: 1, results: 1)
        defer { pop() }
        return value(at: -1, as: String.self) ?? ""
    }
}
