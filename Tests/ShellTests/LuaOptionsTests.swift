import LuaBridge
import Testing

/// An object class, for options whose value is an object.
private final class Vocabulary: LuaObject {
    static let luaTypeName = "vocabulary"
    static var luaClass: LuaClass<Vocabulary> { LuaClass(doc: "Words and their indices.") }
}

@Suite struct OptionTables {
    let lua = try! LuaState()

    /// The options of `fit`, as a model's training function would declare them.
    private static let fitOptions: [LuaOption] = [
        .integer("epochs", default: 8),
        .number("lr", default: 1e-4),
        .string("projection", oneOf: ["softmax", "sparsemax"], default: "softmax"),
        .string("name"),
        .boolean("verbose", default: false),
        .table("layers"),
        .function("callback"),
        .object("vocab", Vocabulary.self),
    ]

    init() {
        // fit(x, options) returns what it read: epochs, lr, projection, name, verbose, the first
        // layer, the callback's result, and whether the vocabulary is the one set as a global.
        lua.stack.register("fit") { stack in
            let options = try stack.options(2, Self.fitOptions)
            stack.push(options.value("epochs", as: Int.self))
            stack.push(options.value("lr", as: Double.self))
            stack.push(options.value("projection", as: String.self))
            stack.push(options.value("name", as: String.self))
            stack.push(options.value("verbose", as: Bool.self))
            options.push("layers")
            stack.push(stack.value(at: -1, as: [Int].self)?.first)
            stack.remove(at: -2)
            if options.push("callback") == .function {
                try stack.call(arguments: 0, results: 1)
            }
            stack.push(options.value("vocab", as: Vocabulary.self) === stack.global("vocabulary", as: Vocabulary.self))
            return 8
        }
        lua.stack.setGlobal("vocabulary", to: Vocabulary())
    }

    /// The message of the error raised by `fit(0, <options>)`.
    private func error(from options: String) throws -> String? {
        try lua.stack.run("_, message = pcall(function() fit(0, \(options)) end)", name: "=test")
        return lua.stack.global("message", as: String.self)
    }

    @Test func absentOptionsTakeTheirDefaults() throws {
        for call in ["fit(0)", "fit(0, nil)", "fit(0, {})"] {
            try lua.stack.run("epochs, lr, projection, name, verbose, layer, called = \(call)")
            #expect(lua.stack.global("epochs", as: Int.self) == 8)
            #expect(lua.stack.global("lr", as: Double.self) == 1e-4)
            #expect(lua.stack.global("projection", as: String.self) == "softmax")
            for global in ["name", "layer", "called"] {
                lua.stack.getGlobal(global)
                #expect(lua.stack.type(at: -1) == .nil)
                lua.stack.pop()
            }
            #expect(lua.stack.global("verbose", as: Bool.self) == false)
        }
    }

    @Test func givenOptionsAreRead() throws {
        try lua.stack.run("""
            epochs, lr, projection, name, verbose, layer, called, sameVocabulary = fit(0, {
                epochs = 3.0, lr = 0.5, projection = 'sparsemax', name = 'run', verbose = true,
                layers = {128, 64}, callback = function() return 'called' end, vocab = vocabulary})
            """)
        #expect(lua.stack.global("epochs", as: Int.self) == 3)
        #expect(lua.stack.global("lr", as: Double.self) == 0.5)
        #expect(lua.stack.global("projection", as: String.self) == "sparsemax")
        #expect(lua.stack.global("name", as: String.self) == "run")
        #expect(lua.stack.global("verbose", as: Bool.self) == true)
        #expect(lua.stack.global("layer", as: Int.self) == 128)
        #expect(lua.stack.global("called", as: String.self) == "called")
        #expect(lua.stack.global("sameVocabulary", as: Bool.self) == true)
    }

    @Test func unknownOptionSuggestsTheClosest() throws {
        #expect(try error(from: "{epoch = 3}")
            == "test:1: bad argument #2 to 'fit' (unknown option 'epoch' (did you mean 'epochs'?))")
        #expect(try error(from: "{verbos = true}")
            == "test:1: bad argument #2 to 'fit' (unknown option 'verbos' (did you mean 'verbose'?))")
    }

    @Test func unknownOptionFarFromAllListsThem() throws {
        #expect(try error(from: "{seed = 1}") == "test:1: bad argument #2 to 'fit' (unknown option 'seed' "
            + "(valid options: epochs, lr, projection, name, verbose, layers, callback, vocab))")
    }

    @Test func unnamedValueIsAnError() throws {
        #expect(try error(from: "{3}") == "test:1: bad argument #2 to 'fit' (options must be named "
            + "(valid options: epochs, lr, projection, name, verbose, layers, callback, vocab))")
    }

    @Test func wrongTypesNameTheOptionAndBothTypes() throws {
        let expected = [
            "{epochs = 'x'}": "option 'epochs' must be an integer, got string",
            "{epochs = '3'}": "option 'epochs' must be an integer, got string",
            "{lr = true}": "option 'lr' must be a number, got boolean",
            "{name = 1}": "option 'name' must be a string, got number",
            "{verbose = 1}": "option 'verbose' must be a boolean, got number",
            "{layers = 'x'}": "option 'layers' must be a table, got string",
            "{callback = {}}": "option 'callback' must be a function, got table",
            "{vocab = {}}": "option 'vocab' must be a vocabulary, got table",
        ]
        for (options, problem) in expected {
            #expect(try error(from: options) == "test:1: bad argument #2 to 'fit' (\(problem))")
        }
    }

    @Test func nonIntegralIntegerIsAnError() throws {
        #expect(try error(from: "{epochs = 2.5}")
            == "test:1: bad argument #2 to 'fit' (option 'epochs' must be an integer, got 2.5)")
    }

    @Test func enumerationValueMustBeAllowed() throws {
        #expect(try error(from: "{projection = 'entmax'}")
            == "test:1: bad argument #2 to 'fit' (option 'projection' must be 'softmax' or 'sparsemax', got 'entmax')")
    }

    @Test func optionsArgumentMustBeATable() throws {
        #expect(try error(from: "'fast'") == "test:1: bad argument #2 to 'fit' (table expected, got string)")
    }

    @Test func optionsOfAMethodAreNumberedFromItsFirstArgument() throws {
        try lua.stack.run("""
            local methods = {fit = fit}
            _, message = pcall(function() methods:fit({epoch = 1}) end)
            """, name: "=test")
        #expect(lua.stack.global("message", as: String.self)
            == "test:2: bad argument #1 to 'fit' (unknown option 'epoch' (did you mean 'epochs'?))")
    }
}
