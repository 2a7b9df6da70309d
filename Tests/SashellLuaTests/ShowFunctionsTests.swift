import Foundation
import Testing
import TestSupport

@Suite struct ShowFunctionsTests {
    /// Runs `code` with `io.write` captured into the global `shown`.
    private func shown(_ lua: LuaSession, _ code: String) throws -> String {
        try lua.run("local out = {}; local write = io.write; io.write = function(...) for _, s in ipairs{...} do out[#out + 1] = s end end; "
            + code + "; io.write = write; shown = table.concat(out)")
        return try lua.evaluate("shown")
    }

    @Test func plainAndColour() throws {
        let lua = try LuaSession()
        let plain = try shown(lua, "sa.show({'the', 'film', 'rocks'}, {gradient={0.2, 0.3, 0.5}, attention=sa.tensor{0, 0.25, 0.75}}, {color=false, digits=2})")
        // Attention first whatever the table's order.
        #expect(plain == """
            3 tokens
                       the   film  rocks
            attention  0     0.25  0.75
            gradient   0.20  0.30  0.50

            """)
        let colour = try shown(lua, "sa.show({'the', 'film', 'rocks'}, {attention={0, 0.25, 0.75}}, {color=true})")
        #expect(colour.contains("attention  the \u{1B}[48;5;222;38;5;16mfilm\u{1B}[0m \u{1B}[48;5;124;38;5;231mrocks\u{1B}[0m"))
        #expect(colour.contains("largest"))
        // Other measures follow attention, gradient and loo, by name.
        let order = try shown(lua, "sa.show({'a'}, {zeta={1}, loo={1}, beta={1}, attention={1}}, {color=false})")
        #expect(order.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" } == ["1", "a", "attention", "loo", "beta", "zeta"])
    }

    @Test func examplesOfADataset() throws {
        let (scratch, lua) = try toyTaskSession()
        let text = try shown(lua, """
            ex = ds.test[2]
            local a = {}; for i = 1, #ex do a[i] = i / #ex end
            sa.show(ex, {attention=a}, {color=false, width=200})
            """)
        let id = try lua.evaluate("ex.id"), label = try lua.evaluate("ex.label"), length = try lua.evaluate("#ex")
        #expect(text.hasPrefix("example \(id) · label \(label) · \(length) tokens\n"), "\(text)")
        #expect(try text.contains(lua.evaluate("table.concat(ex.tokens, '  ')").split(separator: " ").first!))
        let error = try #require(lua.error("sa.show(ex, {attention={1, 2}})"))
        #expect(error == "test:1: measure 'attention' has 2 values but the example has \(length) tokens "
            + "(measures are over the tokens, without <SOS> and <EOS>)")

        let path = scratch.path + "/html/example.html"
        try lua.run("local ones = {}; for i = 1, #ex do ones[i] = 1 end; written = sa.show_html([[\(path)]], ex, {attention=sa.tensor(ones)}, {title='one example'})")
        #expect(try lua.evaluate("written") == path)
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.contains("<title>one example</title>") && html.contains("example \(id) · label \(label)"))
        #expect(try html.contains(">\(lua.evaluate("ex.tokens[1]"))</span>"))
    }

    @Test(arguments: [
        ("sa.show(1, {a={1}})", "test:1: bad argument #1 to 'show' (example or array of tokens expected, got number)"),
        ("sa.show({'a'}, 'x')", "test:1: bad argument #2 to 'show' (table of measures expected, got string)"),
        ("sa.show({'a'}, {{1}})", "test:1: bad argument #2 to 'show' (measures must be named, as {attention=..., gradient=...})"),
        ("sa.show({'a'}, {a='x'})", "test:1: bad argument #2 to 'show' (measure 'a': table or tensor expected, got string)"),
        ("sa.show({'a'}, {a={{1}}})", "test:1: bad argument #2 to 'show' (measure 'a': expected a 1-D array or tensor, got shape [1, 1])"),
        ("sa.show({'a'}, {})", "test:1: there are no measures to show (give e.g. {attention=...})"),
        ("sa.show({'a', 'b'}, {a={1, 0/0}})", "test:1: measure 'a': value 2 is not finite (nan)"),
        ("sa.show({'a'}, {a={1}}, {width=5})", "test:1: bad argument #3 to 'show' (option 'width' must be at least 20, got 5)"),
        ("sa.show({'a'}, {a={1}}, {digits=11})", "test:1: bad argument #3 to 'show' (option 'digits' must be 0 to 10, got 11)"),
        ("sa.show({'a'}, {a={1}}, {colour=true})", "test:1: bad argument #3 to 'show' (unknown option 'colour' (did you mean 'color'?))"),
        ("sa.show_html({}, {'a'}, {a={1}})", "test:1: bad argument #1 to 'show_html' (string expected, got table)"),
        ("sa.show_html('/proc/none/x.html', {'a'}, {a={1}})", "test:1: show_html: cannot write /proc/none/x.html: "),
    ])
    func errors(code: String, message: String) throws {
        let error = try #require(try LuaSession().error(code))
        #expect(error.hasPrefix(message), "\(error)")
    }

    @Test func documented() throws {
        let lua = try LuaSession()
        #expect(try lua.help("sa.show").hasPrefix("sa.show(ex, measures [, {color=, width=, digits=3}])"))
        #expect(try lua.help("sa.show_html").hasPrefix("sa.show_html(path, ex, measures [, {title=, digits=3}])"))
    }
}
