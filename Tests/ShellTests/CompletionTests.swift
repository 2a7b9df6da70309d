import LuaBridge
@testable import Shell
import Testing

/// Tab completion's candidates, computed on a Lua state without a terminal.
@Suite struct CompletionTests {
    let lua: LuaState
    let completion: Completion

    init() throws {
        lua = try LuaState()
        try lua.stack.run("""
            config = {model = {encoder = "lstm", epochs = 8}, seed = 1}
            Point = {}
            Point.__index = Point
            function Point.norm(p) return 0 end
            function Point.negate(p) return p end
            p = setmetatable({x = 1}, Point)
            greeting = "hello"
            """)
        completion = Completion(stack: lua.stack)
    }

    @Test func keywordsAndGlobals() {
        #expect(completion.candidates(for: "whi") == ["while "])
        #expect(completion.candidates(for: "pri") == ["print("])
        #expect(completion.candidates(for: "re") == ["repeat ", "require(", "return "])
        #expect(completion.candidates(for: "con") == ["config"])
    }

    @Test func tableFields() {
        #expect(completion.candidates(for: "string.fo") == ["string.format("])
        #expect(completion.candidates(for: "math.hu") == ["math.huge"])
        #expect(completion.candidates(for: "config.model.e") == ["config.model.encoder", "config.model.epochs"])
        #expect(completion.candidates(for: "config.") == ["config.model", "config.seed"])
    }

    @Test func missingPathsGiveNothing() {
        #expect(completion.candidates(for: "nothing.here.x").isEmpty)
        #expect(completion.candidates(for: "config.seed.x").isEmpty)
        #expect(completion.candidates(for: "zzz").isEmpty)
    }

    @Test func methodsOfStrings() {
        #expect(completion.candidates(for: ":up", after: "(\"x\")") == [":upper("])
        #expect(completion.candidates(for: "greeting:up") == ["greeting:upper("])
        #expect(completion.candidates(for: "greeting:su") == ["greeting:sub("])
    }

    @Test func methodsThroughIndexMetatables() {
        #expect(completion.candidates(for: "p:n") == ["p:negate(", "p:norm("])
        #expect(completion.candidates(for: "p.") == ["p.__index", "p.negate(", "p.norm(", "p.x"])
    }

    @Test func completingLeavesTheStackAsItWas() {
        let top = lua.stack.top
        _ = completion.candidates(for: "config.model.e")
        _ = completion.candidates(for: "p:n")
        #expect(lua.stack.top == top)
    }

    @Test func completingRunsNoMetamethods() throws {
        try lua.stack.run("trap = setmetatable({}, {__index = function() error('ran') end})")
        #expect(completion.candidates(for: "trap.a").isEmpty)
    }
}
