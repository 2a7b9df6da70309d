import Foundation
import LuaBridge

// Running the chunks the command line names: lua.c's dochunk, dostring, dofile, dolibrary,
// handle_script and handle_luainit. Each reports its own error and returns whether it succeeded.
extension Shell {
    /// Runs the function that `load` pushes, with no arguments.
    func doChunk(_ load: () throws(LuaError) -> Void) -> Bool {
        do {
            try load()
            try stack.callInterruptibly()
            return true
        } catch {
            report(error)
            return false
        }
    }

    /// Runs `code`, naming the chunk `name`.
    func doString(_ code: String, name: String) -> Bool {
        doChunk { () throws(LuaError) in try stack.load(code, name: name) }
    }

    /// Runs the file at `path`.
    func doFile(_ path: String) -> Bool {
        doChunk { () throws(LuaError) in try stack.load(file: path) }
    }

    /// Runs standard input as a chunk without arguments.
    func doStandardInput() -> Bool {
        doChunk { () throws(LuaError) in try stack.loadStandardInput() }
    }

    /// Runs `-l spec`: `g = require("mod")` for "g=mod", `mod = require("mod")` for "mod".
    func doLibrary(_ spec: String) -> Bool {
        let parts = spec.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let global = String(parts[0])
        let module = String(parts.count == 2 ? parts[1] : parts[0])
        do {
            stack.getGlobal("require")
            stack.push(module)
            try stack.callInterruptibly(arguments: 1, results: 1)
            stack.setGlobal(global)
            return true
        } catch {
            report(error)
            return false
        }
    }

    /// Runs LUA_INIT_5_4, or else LUA_INIT: "@file" runs the file, anything else is code.
    func handleLuaInit() -> Bool {
        let environment = ProcessInfo.processInfo.environment
        for name in ["LUA_INIT" + LuaVersion.suffix, "LUA_INIT"] {
            guard let value = environment[name] else { continue }
            return value.hasPrefix("@") ? doFile(String(value.dropFirst())) : doString(value, name: "=" + name)
        }
        return true
    }

    /// Sets global `arg`: the script at 0, its arguments at 1...n, the program and the options
    /// before it at negative indices. Without a script, the program is at 0.
    func createArgumentTable(_ options: ShellOptions) {
        let arguments = options.arguments
        let script = options.hasScript ? options.scriptIndex : 0
        stack.newTable(arrayCount: Int32(arguments.count - script - 1), recordCount: Int32(script + 1))
        for (i, argument) in arguments.enumerated() {
            stack.push(argument)
            stack.rawSet(tableAt: -2, index: i - script)
        }
        stack.setGlobal("arg")
    }

    /// Runs the script (a file, or standard input for "-" unless it follows "--"), passing it
    /// arg[1...#arg] as `...`.
    func handleScript(_ options: ShellOptions) -> Bool {
        let name = options.arguments[options.scriptIndex]
        let isStandardInput = name == "-" && options.arguments[options.scriptIndex - 1] != "--"
        let base = stack.top
        do {
            if isStandardInput {
                try stack.loadStandardInput()
            } else {
                try stack.load(file: name)
            }
            try stack.callInterruptibly(arguments: try pushScriptArguments())
            return true
        } catch {
            stack.setTop(base)  // drops the chunk if its arguments could not be pushed
            report(error)
            return false
        }
    }

    /// Pushes arg[1...#arg] (which -e code may have changed) and returns how many. On error it
    /// leaves the stack to its caller to restore.
    private func pushScriptArguments() throws(LuaError) -> Int32 {
        guard stack.getGlobal("arg") == .table else {
            throw LuaError(kind: .runtime, message: "'arg' is not a table")
        }
        let count = stack.rawLength(at: -1)
        guard stack.reserve(Int32(clamping: count) + 3) else {
            throw LuaError(kind: .runtime, message: "too many arguments to script")
        }
        let table = stack.top
        for i in stride(from: 1, through: count, by: 1) {
            stack.rawGet(tableAt: table, index: i)
        }
        stack.remove(at: table)
        return Int32(count)
    }
}
