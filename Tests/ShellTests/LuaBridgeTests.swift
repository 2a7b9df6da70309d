import LuaBridge
import Testing

/// A Swift error with a message of its own, as a Swift function would throw.
private struct Boom: Error, CustomStringConvertible {
    var description: String { "boom from Swift" }
}

/// An object whose deallocation shows that Lua released the closure holding it.
private final class Token {}

@Suite struct RunningChunks {
    let lua = try! LuaState()

    @Test func chunkSetsGlobals() throws {
        try lua.stack.run("x = 1 + 2; s = 'a' .. 'b'")
        #expect(lua.stack.global("x", as: Int.self) == 3)
        #expect(lua.stack.global("s", as: String.self) == "ab")
        #expect(lua.stack.top == 0)
    }

    @Test func callPassesArgumentsAndKeepsResults() throws {
        let stack = lua.stack
        try stack.load("local a, b = ...; return a + b, a * b", name: "=sum")
        stack.push(6)
        stack.push(7)
        try stack.call(arguments: 2, results: LuaStack.allResults)
        #expect(stack.top == 2)
        #expect(stack.value(at: 1, as: Int.self) == 13)
        #expect(stack.value(at: 2, as: Int.self) == 42)
    }

    @Test func fileRunsWithArgumentsAsVarargs() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("joined = table.concat({...}, '+')", to: "join.lua")
        try lua.stack.run(file: path, arguments: ["a", "b", "c"])
        #expect(lua.stack.global("joined", as: String.self) == "a+b+c")
    }
}

@Suite struct Values {
    let lua = try! LuaState()

    @Test func basicValuesRoundTrip() {
        let stack = lua.stack
        stack.pushNil()
        stack.push(true)
        stack.push(-42)
        stack.push(2.5)
        stack.push("héllo\u{0}world")
        stack.push(["x", "y", "z"])
        stack.push(Int?.none)
        #expect(stack.type(at: 1) == .nil)
        #expect(stack.value(at: 2, as: Bool.self) == true)
        #expect(stack.value(at: 3, as: Int.self) == -42)
        #expect(stack.value(at: 4, as: Double.self) == 2.5)
        #expect(stack.value(at: 5, as: String.self) == "héllo\u{0}world")
        #expect(stack.value(at: 6, as: [String].self) == ["x", "y", "z"])
        #expect(stack.type(at: 7) == .nil)
        #expect(stack.type(at: 8) == .none)
        #expect(stack.typeName(at: 6) == "table")
    }

    @Test func valuesArriveInLuaWithLuaTypes() throws {
        let stack = lua.stack
        stack.setGlobal("b", to: false)
        stack.setGlobal("i", to: 7)
        stack.setGlobal("d", to: 0.5)
        stack.setGlobal("s", to: "a\u{0}b")
        stack.setGlobal("list", to: ["p", "q"])
        try stack.run("""
            ok = b == false and math.type(i) == 'integer' and i == 7 and math.type(d) == 'float'
                and d == 0.5 and #s == 3 and #list == 2 and list[1] == 'p' and list[2] == 'q'
            """)
        #expect(stack.global("ok", as: Bool.self) == true)
    }

    @Test func readingFollowsLuaConversions() throws {
        let stack = lua.stack
        try stack.run("whole, half, numeral, word, yes = 3.0, 2.5, '12', 'twelve', true")
        #expect(stack.global("whole", as: Int.self) == 3)
        #expect(stack.global("half", as: Int.self) == nil)
        #expect(stack.global("numeral", as: Int.self) == 12)
        #expect(stack.global("word", as: Double.self) == nil)
        #expect(stack.global("half", as: String.self) == "2.5")
        #expect(stack.global("yes", as: Int.self) == nil)
        #expect(stack.global("word", as: Bool.self) == nil)
    }

    @Test func arrayWithAForeignElementDoesNotRead() throws {
        try lua.stack.run("mixed = {'a', {}, 'c'}")
        #expect(lua.stack.global("mixed", as: [String].self) == nil)
        #expect(lua.stack.top == 0)
    }
}

@Suite struct Errors {
    let lua = try! LuaState()

    @Test func syntaxError() throws {
        let error = try #require(throws: LuaError.self) { try lua.stack.run("x = = 1", name: "=test") }
        #expect(error.kind == .syntax)
        #expect(error.message == "test:1: unexpected symbol near '='")
        #expect(error.traceback == nil)
        #expect(lua.stack.top == 0)
    }

    @Test func runtimeErrorHasMessageAndTraceback() throws {
        let code = "local function f() error('boom') end\nf()"
        let error = try #require(throws: LuaError.self) { try lua.stack.run(code, name: "@boom.lua") }
        #expect(error.kind == .runtime)
        #expect(error.message == "boom.lua:1: boom")
        let traceback = try #require(error.traceback)
        #expect(traceback.hasPrefix("stack traceback:\n\t[C]: in function 'error'"))
        #expect(traceback.contains("boom.lua:2: in main chunk"))
        #expect(error.description == error.message + "\n" + traceback)
        #expect(lua.stack.top == 0)
    }

    @Test func errorObjectThatIsNotAString() throws {
        let error = try #require(throws: LuaError.self) { try lua.stack.run("error({})") }
        #expect(error.message == "(error object is a table value)")
        #expect(error.traceback != nil)
    }

    @Test func errorObjectWithToStringGivesTheWholeMessage() throws {
        let code = "error(setmetatable({}, {__tostring = function() return 'custom' end}))"
        let error = try #require(throws: LuaError.self) { try lua.stack.run(code) }
        #expect(error.message == "custom")
        #expect(error.traceback == nil)
    }

    @Test func missingFile() throws {
        let error = try #require(throws: LuaError.self) { try lua.stack.load(file: "/nonexistent/x.lua") }
        #expect(error.kind == .file)
        #expect(error.message.hasPrefix("cannot open /nonexistent/x.lua"))
    }
}

@Suite struct SwiftFunctions {
    let lua = try! LuaState()

    @Test func registeredFunctionIsCallable() throws {
        lua.stack.register("add") { stack in
            stack.push(try stack.argument(1, as: Int.self) + stack.argument(2, as: Int.self))
            return 1
        }
        try lua.stack.run("sum = add(2, 3)")
        #expect(lua.stack.global("sum", as: Int.self) == 5)
    }

    @Test func functionReturnsSeveralResults() throws {
        lua.stack.register("pair") { stack in
            stack.push("left")
            stack.push(["right"])
            return 2
        }
        try lua.stack.run("a, b = pair(); second = b[1]")
        #expect(lua.stack.global("a", as: String.self) == "left")
        #expect(lua.stack.global("second", as: String.self) == "right")
    }

    @Test func thrownErrorArrivesInPcall() throws {
        lua.stack.register("fail") { _ in throw Boom() }
        try lua.stack.run("ok, direct = pcall(fail); _, inner = pcall(function() fail() end)", name: "=calls")
        #expect(lua.stack.global("ok", as: Bool.self) == false)
        // Like luaL_error: after the position of the calling Lua code, if any.
        #expect(lua.stack.global("direct", as: String.self) == "boom from Swift")
        #expect(lua.stack.global("inner", as: String.self) == "calls:1: boom from Swift")
    }

    @Test func thrownErrorReachesTheHostWithATraceback() throws {
        lua.stack.register("fail") { _ in throw Boom() }
        let error = try #require(throws: LuaError.self) { try lua.stack.run("fail()", name: "=main") }
        #expect(error.kind == .runtime)
        #expect(error.message == "main:1: boom from Swift")
        #expect(try #require(error.traceback).contains("in function 'fail'"))
    }

    @Test func argumentErrorsReadAsLuas() throws {
        lua.stack.register("twice") { stack in
            stack.push(2 * (try stack.argument(1, as: Int.self)))
            return 1
        }
        lua.stack.register("pick") { stack in
            throw LuaArgumentError(argument: 2, problem: .invalid("invalid option 'x'"))
        }
        try lua.stack.run("""
            _, wrongType = pcall(function() local r = twice('x') end)
            _, notInteger = pcall(function() local r = twice(1.5) end)
            _, invalid = pcall(function() local r = pick(1, 'x') end)
            """, name: "=args")
        let expected = [
            "wrongType": "args:1: bad argument #1 to 'twice' (number expected, got string)",
            "notInteger": "args:2: bad argument #1 to 'twice' (number has no integer representation)",
            "invalid": "args:3: bad argument #2 to 'pick' (invalid option 'x')",
        ]
        for (global, message) in expected {
            #expect(lua.stack.global(global, as: String.self) == message)
        }
    }

    @Test func luaErrorInsideASwiftFunctionPropagates() throws {
        lua.stack.register("nested") { stack in
            try stack.run("error('inner')", name: "=inner")
            return 0
        }
        try lua.stack.run("ok, message = pcall(nested)")
        #expect(lua.stack.global("ok", as: Bool.self) == false)
        #expect(lua.stack.global("message", as: String.self) == "inner:1: inner")
    }

    @Test func collectingTheFunctionReleasesTheClosure() throws {
        weak var released: Token?
        do {
            let token = Token()
            released = token
            lua.stack.register("keep") { _ in _ = token; return 0 }
        }
        try lua.stack.run("keep()")
        #expect(released != nil)
        try lua.stack.run("keep = nil; collectgarbage(); collectgarbage()")
        #expect(released == nil)
    }

    @Test func closingTheStateReleasesTheClosure() throws {
        weak var released: Token?
        do {
            let lua = try LuaState()
            let token = Token()
            released = token
            lua.stack.register("keep") { _ in _ = token; return 0 }
        }
        #expect(released == nil)
    }
}
