import CReadline
import Foundation
import LuaBridge

/// Where the REPL gets its lines: readline on a terminal, plain reading otherwise.
protocol LineReader {
    /// Reads a line after showing `prompt`, without its newline; nil at end of input. An
    /// `interrupted` line was typed after Ctrl-C abandoned the line, under `freshPrompt`.
    func readLine(prompt: String, freshPrompt: String) -> (line: String, interrupted: Bool)?

    /// Keeps `entry` (a whole chunk, perhaps of several lines) in the history.
    func remember(_ entry: String)
}

/// Lines from standard input when it is not a terminal: the prompt is written to standard
/// output, as lua.c does without readline (Lua's tests set _PROMPT to '' for that reason).
struct PlainLineReader: LineReader {
    func readLine(prompt: String, freshPrompt: String) -> (line: String, interrupted: Bool)? {
        print(prompt, terminator: "")
        fflush(nil)
        return Swift.readLine(strippingNewline: true).map { ($0, false) }
    }

    func remember(_ entry: String) {}
}

/// Lines from GNU readline, with persistent history and Lua completion.
struct ReadlineLineReader: LineReader {
    let history: History

    /// Sets readline up for `stack`'s completions and loads the history from `historyPath`.
    init(stack: LuaStack, historyPath: String?) {
        ReadlineCompletion.stack = stack
        sa_rl_configure({ text, start, _ in ReadlineCompletion.matches(for: text, start: start) })
        history = History(path: historyPath)
    }

    func readLine(prompt: String, freshPrompt: String) -> (line: String, interrupted: Bool)? {
        var interrupted: Int32 = 0
        guard let line = sa_rl_readline(prompt, freshPrompt, &interrupted) else { return nil }
        defer { free(line) }
        return (String(cString: line), interrupted != 0)
    }

    func remember(_ entry: String) {
        history.add(entry)
    }
}
