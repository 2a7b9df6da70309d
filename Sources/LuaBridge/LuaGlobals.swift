import CLua

// Globals are fields of the global table, accessed raw (see LuaTable.swift): a script that
// guards _G with metamethods (a "strict" mode) does not see the host's own reads and writes.
extension LuaStack {
    /// Pops a value and stores it as global `name`.
    public func setGlobal(_ name: String) {
        sa_lua_pushglobaltable(L)
        insert(at: -2)
        rawSet(tableAt: -2, field: name)
        pop()
    }

    /// Sets global `name` to `value`.
    public func setGlobal(_ name: String, to value: some LuaPushable) {
        push(value)
        setGlobal(name)
    }

    /// Pushes global `name` and returns its type.
    @discardableResult
    public func getGlobal(_ name: String) -> LuaType {
        sa_lua_pushglobaltable(L)
        let type = rawGet(tableAt: -1, field: name)
        remove(at: -2)
        return type
    }

    /// Global `name` as a `T`, or nil if it is not one.
    public func global<T: LuaReadable>(_ name: String, as type: T.Type = T.self) -> T? {
        getGlobal(name)
        defer { pop() }
        return value(at: -1, as: T.self)
    }
}
