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

    /// sa and its submodules are in package.loaded, as Lua's own libraries: `require` finds
    /// them, and argument errors name the function even through pcall.
    @Test func modulesAreLoadedSoErrorsNameTheirFunctions() throws {
        let lua = try LuaState()
        SashellLibrary.register(on: lua.stack)
        try lua.stack.run("""
            assert(require('sa') == sa and require('sa.stats') == sa.stats)
            local ok, message = pcall(sa.softmax, {1, 2}, {maks = {1, 1}})
            assert(not ok and message:find("to 'sa.softmax' %(unknown option 'maks'"), message)
            ok, message = pcall(sa.stats.bootstrap, {})
            assert(not ok and message:find("to 'sa.stats.bootstrap'"), message)
            """, name: "=test")
    }

    /// A mask may be a tensor as well as an array.
    @Test func projectionMaskMayBeATensor() throws {
        let lua = try LuaState()
        SashellLibrary.register(on: lua.stack)
        try lua.stack.run("""
            local p = sa.softmax({1, 2, 3}, {mask = sa.tensor{1, 1, 0}})
            assert(p[3] == 0 and math.abs(p[1] + p[2] - 1) < 1e-6)
            assert(p == sa.softmax({1, 2, 3}, {mask = {1, 1, 0}}))
            """, name: "=test")
    }
}
