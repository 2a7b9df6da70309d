/// The options of a command line, collected as lua.c's `collectargs` does: options come first,
/// and the first argument that is not one is the script, followed by its own arguments.
struct ShellOptions {
    /// An option run in command-line order, before the script.
    enum Action: Equatable {
        /// `-e stat`: run `stat`.
        case execute(String)
        /// `-l mod` or `-l g=mod`: require `mod` into global `mod` or `g`.
        case require(String)
        /// `-W`: turn warnings on.
        case enableWarnings
    }

    /// The command line, program name at 0.
    let arguments: [String]
    private(set) var actions: [Action] = []
    /// `-v`
    private(set) var showsVersion = false
    /// `-E`
    private(set) var ignoresEnvironment = false
    /// `-i`: enter the REPL after the script and `-e` (it implies `-v`, as in lua.c).
    private(set) var entersREPL = false
    /// `-q`: no progress output on standard error.
    private(set) var isQuiet = false
    /// The index of the script in `arguments`, or `arguments.count` if there is none.
    private(set) var scriptIndex: Int

    /// Whether a script (a file, or "-" for standard input) follows the options.
    var hasScript: Bool { scriptIndex < arguments.count }

    /// Whether some `-e` was given: with `-v`, it stops the shell from reading standard input.
    var executesStatements: Bool {
        actions.contains { if case .execute = $0 { true } else { false } }
    }

    /// Collects the options of `arguments`; throws the first bad one.
    init(_ arguments: [String]) throws(BadOption) {
        self.arguments = arguments
        scriptIndex = arguments.count
        var i = 1
        while i < arguments.count {
            let argument = arguments[i]
            switch argument {
            case _ where !argument.hasPrefix("-"), "-":  // the script, or "-" for standard input
                scriptIndex = i
                return
            case "--":  // what follows is the script
                scriptIndex = i + 1
                return
            case "-E": ignoresEnvironment = true
            case "-W": actions.append(.enableWarnings)
            case "-v": showsVersion = true
            case "-i":
                entersREPL = true
                showsVersion = true
            case "-q": isQuiet = true
            case _ where argument.hasPrefix("-e") || argument.hasPrefix("-l"):
                // The value is either glued to the option or the next argument, not an option.
                var value = String(argument.dropFirst(2))
                if value.isEmpty {
                    i += 1
                    guard i < arguments.count, !arguments[i].hasPrefix("-") else { throw BadOption(argument) }
                    value = arguments[i]
                }
                actions.append(argument.hasPrefix("-e") ? .execute(value) : .require(value))
            default:
                throw BadOption(argument)
            }
            i += 1
        }
    }
}

/// An unknown option, or `-e`/`-l` without its value.
struct BadOption: Error {
    let option: String

    init(_ option: String) {
        self.option = option
    }

    /// Whether the option is known but lacks its value.
    var needsArgument: Bool {
        option == "-e" || option == "-l"
    }
}
