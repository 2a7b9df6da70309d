/// An error a Lua script made that is not about one argument, such as an index out of range or a
/// file that cannot be loaded. The bridge raises it as luaL_error does, after the position of the
/// calling Lua code ("script.lua:3: tensor index 4 out of range 1..3").
struct ScriptError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
