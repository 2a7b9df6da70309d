import CLua

/// The version of Lua that sashell was compiled against, from Lua's own headers.
public enum LuaVersion {
    /// Such as "Lua 5.4.4".
    public static let release = String(cString: sa_lua_release())
    /// Such as "Lua 5.4.4  Copyright (C) 1994-2022 Lua.org, PUC-Rio", as `lua -v` prints it.
    public static let copyright = String(cString: sa_lua_copyright())
    /// Such as "_5_4": versioned environment variables end with it (LUA_INIT_5_4).
    public static let suffix = String(cString: sa_lua_versuffix())
}
