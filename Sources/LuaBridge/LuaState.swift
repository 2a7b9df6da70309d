import CLua

/// An independent Lua interpreter with the standard libraries open. Closing it (when the last
/// reference goes) runs every pending finalizer and frees all its memory.
public final class LuaState {
    /// The main thread's stack, where the host pushes, reads and runs. Valid while `self` lives.
    public let stack: LuaStack

    /// Creates a state and opens the standard libraries. With `ignoringEnvironment`, the package
    /// library ignores LUA_PATH and LUA_CPATH, as lua.c does for `-E`.
    public init(ignoringEnvironment: Bool = false) throws(LuaError) {
        guard let L = luaL_newstate() else {
            throw LuaError(kind: .memory, message: "cannot create state: not enough memory")
        }
        stack = LuaStack(L)
        if ignoringEnvironment {
            // The registry flag the package library checks when it builds its search paths.
            lua_pushboolean(L, 1)
            lua_setfield(L, sa_lua_registryindex(), "LUA_NOENV")
        }
        luaL_openlibs(L)
    }

    deinit {
        lua_close(stack.L)
    }

    /// Switches the collector to generational mode, as lua.c does: it suits hosts that create
    /// many short-lived objects.
    public func useGenerationalGarbageCollector() {
        _ = sa_lua_gcgen(stack.L, 0, 0)
    }

    /// Turns Lua's warnings (`warn`) on or off; they go to standard error and start off.
    public func setWarnings(enabled: Bool) {
        lua_warning(stack.L, enabled ? "@on" : "@off", 0)
    }
}
