import CLua

/// The basic types of Lua values, as `lua_type` reports them.
public enum LuaType: Sendable {
    case none, `nil`, boolean, lightUserdata, number, string, table, function, userdata, thread

    /// The type with Lua's type code `code` (one of LUA_TNONE...LUA_TTHREAD).
    init(code: Int32) {
        switch code {
        case SA_LUA_TNIL: self = .nil
        case SA_LUA_TBOOLEAN: self = .boolean
        case SA_LUA_TLIGHTUSERDATA: self = .lightUserdata
        case SA_LUA_TNUMBER: self = .number
        case SA_LUA_TSTRING: self = .string
        case SA_LUA_TTABLE: self = .table
        case SA_LUA_TFUNCTION: self = .function
        case SA_LUA_TUSERDATA: self = .userdata
        case SA_LUA_TTHREAD: self = .thread
        default: self = .none
        }
    }
}
