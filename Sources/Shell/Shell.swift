import Foundation
import LuaBridge
import SashellLua

/// Runs sashell with the command line `arguments` (program name first), as Lua's own `lua`
/// runs: options, then the script, then (without either) standard input. Returns the exit status.
public func runShell(arguments: [String]) -> Int32 {
    let arguments = arguments.isEmpty ? ["sashell"] : arguments
    let programName = arguments[0].split(separator: "/").last.map(String.init) ?? "sashell"
    let options: ShellOptions
    do {
        options = try ShellOptions(arguments)
    } catch {
        printUsage(error, programName: programName)
        return EXIT_FAILURE
    }
    if options.showsVersion {
        printVersion()
    }
    let lua: LuaState
    do {
        lua = try LuaState(ignoringEnvironment: options.ignoresEnvironment)
    } catch {
        printMessage(error.description, programName: programName)
        return EXIT_FAILURE
    }
    let shell = Shell(lua: lua, programName: programName)
    return shell.run(options) ? EXIT_SUCCESS : EXIT_FAILURE
}

/// One run of the shell: a Lua state, and where to report errors.
struct Shell {
    let lua: LuaState
    /// Prefixes error messages, as in "sashell: script.lua:3: boom".
    let programName: String

    var stack: LuaStack { lua.stack }

    /// Does what `options` ask, in lua.c's order (its `pmain`); false if anything failed.
    func run(_ options: ShellOptions) -> Bool {
        lua.useGenerationalGarbageCollector()
        stack.registerHelp()
        SashellLibrary.register(on: stack)
        ProgressMeter.isSilenced.store(options.isQuiet, ordering: .relaxed)
        createArgumentTable(options)
        if !options.ignoresEnvironment && !handleLuaInit() {
            return false
        }
        if !runActions(options.actions) {
            return false
        }
        if options.hasScript && !handleScript(options) {
            return false
        }
        if options.entersREPL {
            return runREPL()
        }
        if !options.hasScript && !options.executesStatements && !options.showsVersion {
            guard isatty(STDIN_FILENO) != 0 else { return doStandardInput() }
            printVersion()
            return runREPL()
        }
        return true
    }

    /// Runs the `-e`, `-l` and `-W` options in order; stops at the first failure.
    private func runActions(_ actions: [ShellOptions.Action]) -> Bool {
        for action in actions {
            switch action {
            case .execute(let statement):
                guard doString(statement, name: "=(command line)") else { return false }
            case .require(let library):
                guard doLibrary(library) else { return false }
            case .enableWarnings:
                lua.setWarnings(enabled: true)
            }
        }
        return true
    }

    /// Reports `error` on standard error, message and traceback (lua.c's `report`).
    func report(_ error: LuaError) {
        printMessage(error.description, programName: programName)
    }
}
