import LuaBridge
import Testing

/// A documented class, for help on objects.
private final class Tensor: LuaObject {
    static let luaTypeName = "tensor"

    static var luaClass: LuaClass<Tensor> {
        LuaClass(doc: "A float32 tensor. Index it with t[i].", methods: [
            .init("sum", doc: "The sum of its elements. Adds them in order.") { _, stack in
                stack.push(0)
                return 1
            },
            .init("shape", doc: "Its shape, as a table.") { _, stack in
                stack.push([Int]())
                return 1
            },
        ])
    }
}

/// A Swift function for the docstrings to describe.
private func nothing(_: LuaStack) -> Int32 { 0 }

@Suite struct Help {
    let lua = try! LuaState()

    init() throws {
        let stack = lua.stack
        stack.registerHelp()
        stack.register(LuaModule("sa", doc: "The sashell library. Datasets, models and measures.", functions: [
            .init("softmax", doc: "sa.softmax(v) is the softmax of vector v. It sums to 1.", function: nothing),
            .init("kendall", doc: "Kendall's tau-b between two vectors.\nTies are handled.", function: nothing),
        ], submodules: [
            LuaModule("fi", doc: "Feature importance. Gradients and leave-one-out.", functions: [
                .init("loo", doc: "sa.fi.loo(m, x) is the leave-one-out importance of each token.", function: nothing),
            ]),
        ]))
        stack.register(LuaModule("extra", doc: "Extras.", functions: [
            .init("tensor", doc: "A new tensor.") { stack in
                stack.push(Tensor())
                return 1
            },
        ]))
        // Capture what help writes.
        try stack.run("io.write = function(...) written = written .. table.concat({...}) end")
    }

    /// What `code` writes through io.write.
    private func output(of code: String) throws -> String? {
        try lua.stack.run("written = ''; \(code)")
        return lua.stack.global("written", as: String.self)
    }

    @Test func function() throws {
        #expect(try output(of: "help(sa.softmax)") == "sa.softmax(v) is the softmax of vector v. It sums to 1.\n")
    }

    @Test func object() throws {
        #expect(try output(of: "help(extra.tensor())") == """
            tensor: A float32 tensor. Index it with t[i].

            Methods:
              shape  Its shape, as a table.
              sum    The sum of its elements.

            """)
        #expect(try output(of: "help(extra.tensor().sum)") == "The sum of its elements. Adds them in order.\n")
    }

    @Test func module() throws {
        try lua.stack.run("sa.plain = function() end")
        #expect(try output(of: "help(sa)") == """
            The sashell library. Datasets, models and measures.

            Functions:
              kendall  Kendall's tau-b between two vectors.
              plain
              softmax  sa.softmax(v) is the softmax of vector v.

            Modules:
              fi  Feature importance.

            """)
    }

    @Test func overview() throws {
        #expect(try output(of: "help()") == """
            Modules:
              extra  Extras.
              sa     The sashell library.

            help(module) lists a module's functions, help(module.f) or help("module.f") shows one, \
            help(object) describes an object's class and its methods.

            """)
    }

    @Test func dottedName() throws {
        #expect(try output(of: "help('sa.fi.loo')") == "sa.fi.loo(m, x) is the leave-one-out importance of each token.\n")
        #expect(try output(of: "help('sa.fi.nothing')") == "nothing is named 'sa.fi.nothing'\n")
        #expect(try output(of: "help('sa.softmax.x')") == "nothing is named 'sa.softmax.x'\n")
    }

    @Test func undocumentedValues() throws {
        let suffix = ": only functions, objects and modules registered from Swift are documented\n"
        #expect(try output(of: "help(print)") == "no help for this function" + suffix)
        #expect(try output(of: "help(function() end)") == "no help for this function" + suffix)
        #expect(try output(of: "help('string.format')") == "no help for 'string.format'" + suffix)
        #expect(try output(of: "help(string)") == "no help for this table" + suffix)
        #expect(try output(of: "help(42)") == "no help for this number" + suffix)
    }

    @Test func helpDocumentsItself() throws {
        #expect(try output(of: "help(help)")?.hasPrefix("help([x]) prints documentation.") == true)
    }

    @Test func modulesMergeAcrossRegistrations() throws {
        lua.stack.register(LuaModule("sa", doc: "The sashell library.", functions: [
            .init("entropy", doc: "Shannon entropy.", function: nothing),
        ]))
        #expect(try output(of: "help(sa.entropy); help(sa.softmax)")
            == "Shannon entropy.\nsa.softmax(v) is the softmax of vector v. It sums to 1.\n")
    }

    @Test func docstringsDoNotKeepValuesAlive() throws {
        try lua.stack.run("""
            weak = setmetatable({}, {__mode = 'v'})
            weak[1] = extra.tensor
            extra.tensor = nil
            collectgarbage(); collectgarbage()
            gone = weak[1] == nil
            """)
        #expect(lua.stack.global("gone", as: Bool.self) == true)
    }
}
