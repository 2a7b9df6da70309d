import LuaBridge
@testable import Shell
import Testing

/// How the REPL shows results.
@Suite struct PrettyPrinterTests {
    let lua: LuaState

    init() throws {
        lua = try LuaState()
    }

    /// The shown value of the Lua expression `expression`.
    func show(_ expression: String, colored: Bool = false) throws -> String {
        try lua.stack.load("return " + expression)
        try lua.stack.call(results: 1)
        defer { lua.stack.pop() }
        return PrettyPrinter(stack: lua.stack, isColored: colored).render(at: -1)
    }

    @Test func scalars() throws {
        #expect(try show("1") == "1")
        #expect(try show("1.5") == "1.5")
        #expect(try show("2^53") == "9.007199254741e+15")
        #expect(try show("nil") == "nil")
        #expect(try show("true") == "true")
    }

    @Test func stringsAreQuotedAndEscaped() throws {
        #expect(try show("'plain'") == "\"plain\"")
        #expect(try show("'say \"hi\"\\n\\tback\\\\slash'") == "\"say \\\"hi\\\"\\n\\tback\\\\slash\"")
        #expect(try show("'\\0011'") == "\"\\0011\"")
        #expect(try show("'héllo'") == "\"héllo\"")
    }

    @Test func shortTablesFitOnOneLine() throws {
        #expect(try show("{}") == "{}")
        #expect(try show("{1, 2, 3}") == "{1, 2, 3}")
        #expect(try show("{b = 2, a = 1, 'x'}") == "{\"x\", a = 1, b = 2}")
        #expect(try show("{[2.5] = 1, [-1] = 2, ['a b'] = 3, [true] = 4, ['end'] = 5}")
                == "{[-1] = 2, [2.5] = 1, [\"a b\"] = 3, [\"end\"] = 5, [true] = 4}")
    }

    @Test func nestedTablesAreIndented() throws {
        let shown = try show("{name = 'sst', splits = {train = {n = 6920, labels = {0, 1}}, dev = {n = 872, labels = {0, 1}}}, vocabulary = 'words'}")
        #expect(shown == """
            {
              name = "sst",
              splits = {
                dev = {labels = {0, 1}, n = 872},
                train = {labels = {0, 1}, n = 6920},
              },
              vocabulary = "words",
            }
            """)
    }

    @Test func longArraysAreElided() throws {
        try lua.stack.run("long = {} for i = 1, 1000 do long[i] = i end")
        let shown = try show("long")
        #expect(shown.hasPrefix("{\n  1, 2, 3,"))
        #expect(shown.hasSuffix(" 100, … (900 more),\n}"))
        #expect(!shown.contains(" 101,"))
    }

    @Test func cyclesAreMarked() throws {
        try lua.stack.run("loop = {name = 'me'} loop.self = loop")
        let shown = try show("loop")
        #expect(shown.hasPrefix("{name = \"me\", self = <cycle: table: 0x"))
        #expect(shown.hasSuffix(">}"))
    }

    @Test func sharedTablesAreNotCycles() throws {
        #expect(try show("(function() local t = {1} return {t, t} end)()") == "{{1}, {1}}")
    }

    @Test func depthIsLimited() throws {
        #expect(try show("{{{{{{{{1}}}}}}}}") == "{{{{{{{…}}}}}}}")
    }

    @Test func tostringMetamethodsAreUsed() throws {
        #expect(try show("setmetatable({}, {__tostring = function() return 'Model<lstm>' end})") == "Model<lstm>")
        #expect(try show("setmetatable({}, {__tostring = function() error('bad') end})").hasPrefix("<error in __tostring: "))
        #expect(try show("setmetatable({}, {__name = 'Tensor'})").hasPrefix("Tensor: 0x"))
    }

    @Test func coloursOnlyWhenAsked() throws {
        #expect(try show("{x = 1, s = 'a'}", colored: true) == "{\u{1B}[33ms\u{1B}[0m = \u{1B}[32m\"a\"\u{1B}[0m, \u{1B}[33mx\u{1B}[0m = \u{1B}[36m1\u{1B}[0m}")
    }
}
