import Foundation
import LuaBridge

// The read-eval-print loop, after lua.c's doREPL: a line is first tried as `return <line>`,
// then as a statement, reading more lines while the chunk is only incomplete; results are shown
// by the pretty printer; errors are reported and the loop goes on, until end of input.
extension Shell {
    /// The name of REPL chunks in messages, as in "stdin:1: attempt to call a nil value".
    static let replChunkName = "=stdin"

    /// Runs the REPL until end of input, then prints a newline; always succeeds.
    func runREPL() -> Bool {
        let reader = makeLineReader()
        let printer = PrettyPrinter(stack: stack, isColored: usesColor())
        while let loaded = loadLine(reader) {
            do {
                try loaded.get()
                try stack.callInterruptibly(results: LuaStack.allResults)
                try printResults(printer)
            } catch {
                fflush(nil)
                writeError(error.description + "\n")  // lua.c's REPL reports without the program name
            }
            stack.setTop(0)
        }
        print()
        return true
    }

    /// Shows the results on the stack, if any (lua.c's l_print, through the pretty printer).
    private func printResults(_ printer: PrettyPrinter) throws(LuaError) {
        guard stack.top > 0 else { return }
        guard stack.reserve(LuaStack.minimumFreeSlots) else {  // showing a value pushes a few
            throw LuaError(kind: .runtime, message: "too many results to print")
        }
        print(printer.render(from: 1))
    }

    /// Readline for a terminal, plain reading otherwise.
    private func makeLineReader() -> any LineReader {
        guard isatty(STDIN_FILENO) != 0 else { return PlainLineReader() }
        return ReadlineLineReader(stack: stack, historyPath: History.defaultPath(environment: ProcessInfo.processInfo.environment))
    }

    /// Whether results are coloured: on a terminal, unless NO_COLOR is set.
    private func usesColor() -> Bool {
        isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
    }

    /// Reads and compiles a chunk (lua.c's loadline), pushing its function on success; nil at end
    /// of input. The whole chunk is one history entry.
    private func loadLine(_ reader: some LineReader) -> Result<Void, LuaError>? {
        stack.setTop(0)
        Interrupt.clear()
        guard let line = readFirstLine(reader) else { return nil }
        return compile(line, reader)
    }

    /// Compiles the first line of a chunk: as an expression to show, else as a statement.
    private func compile(_ line: String, _ reader: some LineReader) -> Result<Void, LuaError>? {
        // Lua 5.4 still accepts "=expr" for "return expr".
        let code = line.hasPrefix("=") ? "return " + line.dropFirst() : line
        do {
            try stack.load("return " + code + ";", name: Self.replChunkName)
            reader.remember(line)
            return .success(())
        } catch {
            return loadStatement(code, typed: line, reader)
        }
    }

    /// Reads the first line of a chunk, skipping lines emptied by Ctrl-C; nil at end of input.
    private func readFirstLine(_ reader: some LineReader) -> String? {
        while true {
            let first = prompt(first: true)
            guard case let (line, interrupted)? = reader.readLine(prompt: first, freshPrompt: first) else { return nil }
            if !interrupted || !line.isEmpty { return line }
        }
    }

    /// Compiles `code` as a statement, adding lines while it is incomplete (lua.c's multiline).
    /// The history keeps the chunk as typed, its first line being `typed`.
    private func loadStatement(_ code: String, typed: String, _ reader: some LineReader) -> Result<Void, LuaError>? {
        var chunk = code
        var entry = typed
        while true {
            do {
                try stack.load(chunk, name: Self.replChunkName)
                reader.remember(entry)
                return .success(())
            } catch where error.isIncompleteInput {
                guard case let (line, interrupted)? = reader.readLine(prompt: prompt(first: false), freshPrompt: prompt(first: true)) else {
                    reader.remember(entry)
                    return .failure(error)
                }
                if interrupted {  // Ctrl-C abandons the chunk; a line typed after it starts anew
                    return line.isEmpty ? loadLine(reader) : compile(line, reader)
                }
                chunk += "\n" + line
                entry += "\n" + line
            } catch {
                reader.remember(entry)
                return .failure(error)
            }
        }
    }

    /// `_PROMPT` (first line of a chunk) or `_PROMPT2` (continuation lines), through `tostring`,
    /// or the default "> " and ">> ".
    private func prompt(first: Bool) -> String {
        let defaultPrompt = first ? "> " : ">> "
        guard stack.getGlobal(first ? "_PROMPT" : "_PROMPT2") != .nil else {
            stack.pop()
            return defaultPrompt
        }
        defer { stack.pop() }
        return (try? stack.displayString(at: -1)) ?? defaultPrompt
    }
}
