import Foundation
import LuaBridge
import SashellCore

/// `sa.show` and `sa.show_html`: one example's tokens with measures over them (attention,
/// gradients, leave-one-out …) as rows of shades, in the terminal or as an HTML page.
enum ShowFunctions {
    static var module: LuaModule {
        LuaModule("sa", doc: SashellLibrary.doc, functions: [
            .init("show", doc: """
                sa.show(ex, measures [, {color=, width=, digits=3}]) prints ex's tokens with each \
                measure as a row of background shades: measures is a table such as \
                {attention=out.attention, gradient=g, loo=d} of arrays or 1-D tensors over the tokens \
                (without <SOS> and <EOS>); ex is an example or an array of tokens. Each row is \
                shaded from 0 (unshaded) to its own largest value (dark red; negative values blue); \
                the legend gives each row's maximum. Colour (256-colour ANSI) is used when standard \
                output is a terminal and NO_COLOR is not set, or as color says; otherwise the \
                values are printed under the tokens with digits decimals. Rows wrap at width \
                (default: the terminal's). Rows come in the order attention, gradient, loo, then \
                the other names alphabetically.
                """) { stack in
                let display = try display(stack, example: 1, measures: 2)
                let options = try stack.options(3, [.boolean("color"), .integer("width"), .integer("digits", default: 3)])
                let width = options.value("width", as: Int.self) ?? terminalWidth()
                guard width >= 20 else { throw LuaArgumentError(argument: 3, problem: .invalid("option 'width' must be at least 20, got \(width)")) }
                let digits = try checkedDigits(options, at: 3)
                let color = options.value("color", as: Bool.self) ?? colorIsWanted()
                try write(display.terminalText(color: color, width: width, digits: digits), stack)
                return 0
            },
            .init("show_html", doc: """
                sa.show_html(path, ex, measures [, {title=, digits=3}]) writes what sa.show prints as \
                a small standalone HTML page (tokens shaded per measure, each value in its token's \
                tooltip) and returns path. The file is replaced atomically.
                """) { stack in
                let path = try stack.argument(1, as: String.self)
                let display = try display(stack, example: 2, measures: 3)
                let options = try stack.options(4, [.string("title"), .integer("digits", default: 3)])
                do {
                    try display.writeHTML(to: path, title: options.value("title"), digits: checkedDigits(options, at: 4))
                } catch let error as PlotError {
                    throw ScriptError("show_html: \(error)")
                }
                stack.push(path)
                return 1
            },
        ])
    }

    /// The measures every researcher shows first, in this order; others follow by name.
    static let knownOrder = ["attention", "gradient", "loo"]

    /// The display of the example (or tokens) at `example` and the measures table at `measures`.
    private static func display(_ stack: LuaStack, example: Int32, measures position: Int32) throws -> TokenDisplay {
        let tokens: [String]
        var caption: String?
        if let object = stack.value(at: example, as: LuaExample.self) {
            tokens = object.example.tokens
            caption = "example \(object.example.id) · label \(object.example.label)"
        } else if stack.type(at: example) == .table, let array = stack.value(at: example, as: [String].self) {
            tokens = array
        } else {
            throw LuaArgumentError(argument: example, problem: .wrongType(expected: "example or array of tokens"))
        }
        guard stack.type(at: position) == .table else {
            throw LuaArgumentError(argument: position, problem: .wrongType(expected: "table of measures"))
        }
        var measures: [TokenDisplay.Measure] = []
        try stack.forEachPair(inTableAt: position) {
            guard stack.type(at: -2) == .string, let name = stack.value(at: -2, as: String.self) else {
                throw LuaArgumentError(argument: position, problem: .invalid("measures must be named, as {attention=..., gradient=...}"))
            }
            measures.append(.init(name: name, values: try stack.vector(at: -1, named: "measure '\(name)'", argument: position)))
        }
        measures.sort { a, b in
            let (i, j) = (knownOrder.firstIndex(of: a.name) ?? knownOrder.count, knownOrder.firstIndex(of: b.name) ?? knownOrder.count)
            return i != j ? i < j : a.name < b.name
        }
        do {
            return try TokenDisplay(tokens: tokens, measures: measures, caption: caption)
        } catch {
            throw ScriptError(error.description)
        }
    }

    private static func checkedDigits(_ options: LuaOptions, at position: Int32) throws(LuaArgumentError) -> Int {
        let digits = options.value("digits", as: Int.self)!
        guard (0...10).contains(digits) else {
            throw LuaArgumentError(argument: position, problem: .invalid("option 'digits' must be 0 to 10, got \(digits)"))
        }
        return digits
    }

    /// Whether to colour: standard output is a terminal and NO_COLOR (https://no-color.org) is
    /// unset or empty, as the REPL decides.
    static func colorIsWanted() -> Bool {
        isatty(STDOUT_FILENO) != 0 && (ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true)
    }

    /// The terminal's width: $COLUMNS, else the terminal's own, else 80.
    static func terminalWidth() -> Int {
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        if withUnsafeMutablePointer(to: &size, { ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), $0) }) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        return 80
    }

    /// Writes `text` through Lua's `io.write`, so that it goes wherever the script's output goes.
    private static func write(_ text: String, _ stack: LuaStack) throws {
        if stack.getGlobal("io") == .table {
            stack.rawGet(tableAt: -1, field: "write")
            stack.remove(at: -2)
        }
        guard stack.type(at: -1) == .function else {
            stack.pop()
            throw ScriptError("show needs io.write")
        }
        stack.push(text)
        try stack.call(arguments: 1)
    }
}
