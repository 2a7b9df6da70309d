import LuaBridge
import SashellLua
import Testing

@Suite struct SashellLibraryTests {
    @Test func saIsAGlobalTableWithHelp() throws {
        let lua = try LuaState()
        SashellLibrary.register(on: lua.stack)
        lua.stack.registerHelp()
        try lua.stack.run("assert(type(sa) == 'table')", name: "=test")
        try lua.stack.run("local out = {}; io.write = function(...) for _, s in ipairs({...}) do out[#out+1] = s end end; help(sa); assert(table.concat(out):find('attention%-interpretability'))", name: "=test")
    }
}
