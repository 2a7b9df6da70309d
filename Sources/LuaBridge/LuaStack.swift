import CLua

/// A view of one Lua thread's stack: the host's whole interface to Lua goes through it, as in
/// Lua's C API. It does not own the thread: it is valid while its `LuaState` lives, and, when
/// handed to a Swift function, while that function runs.
///
/// Indices are Lua's: positive from the bottom (1), negative from the top (-1), or pseudo-indices.
public struct LuaStack {
    /// The `lua_State *` of the thread (the C API's conventional name for it).
    let L: OpaquePointer

    init(_ L: OpaquePointer) {
        self.L = L
    }

    /// The number of values on the stack, which is also the index of the top one.
    public var top: Int32 {
        lua_gettop(L)
    }

    /// Sets the top to `index`, popping values or filling with nils.
    public func setTop(_ index: Int32) {
        lua_settop(L, index)
    }

    /// Pops `count` values.
    public func pop(_ count: Int32 = 1) {
        sa_lua_pop(L, count)
    }

    /// The equivalent positive index of `index`, stable while values are pushed.
    public func absoluteIndex(_ index: Int32) -> Int32 {
        lua_absindex(L, index)
    }

    /// Pushes a copy of the value at `index`.
    public func pushCopy(of index: Int32) {
        lua_pushvalue(L, index)
    }

    /// Moves the top value into `index`, shifting up the values above it.
    public func insert(at index: Int32) {
        sa_lua_insert(L, index)
    }

    /// Removes the value at `index`, shifting down the values above it.
    public func remove(at index: Int32) {
        sa_lua_remove(L, index)
    }

    /// Makes room for `count` more values; false if the stack cannot grow that much.
    public func reserve(_ count: Int32) -> Bool {
        lua_checkstack(L, count) != 0
    }

    /// The type of the value at `index` (`.none` for an index past the top).
    public func type(at index: Int32) -> LuaType {
        LuaType(code: lua_type(L, index))
    }

    /// Lua's name for the type of the value at `index`, such as "nil" or "table".
    public func typeName(at index: Int32) -> String {
        String(cString: sa_luaL_typename(L, index))
    }
}
