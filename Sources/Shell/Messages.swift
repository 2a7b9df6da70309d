import Foundation
import LuaBridge
import SashellCore

/// The shell's own version: SashellCore's, re-exported for the shell's clients.
public var sashellVersion: String { SashellCore.sashellVersion }

/// Writes `text` to standard error, unbuffered.
func writeError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}

/// Prints `message` on standard error, prefixed with the program name (lua.c's l_message).
func printMessage(_ message: String, programName: String) {
    writeError("\(programName): \(message)\n")
}

/// Prints the version of sashell and of the Lua it embeds.
func printVersion() {
    print("sashell \(sashellVersion)  (\(LuaVersion.copyright))")
    fflush(nil)  // before anything that follows on standard error
}

/// Prints what is wrong with `badOption` and how to call sashell, on standard error.
func printUsage(_ badOption: BadOption, programName: String) {
    let problem = badOption.needsArgument ? "'\(badOption.option)' needs argument" : "unrecognized option '\(badOption.option)'"
    writeError("""
        \(programName): \(problem)
        usage: \(programName) [options] [script [args]]
        Available options are:
          -e stat   execute string 'stat'
          -i        enter interactive mode after executing 'script'
          -l mod    require library 'mod' into global 'mod'
          -l g=mod  require library 'mod' into global 'g'
          -q        quiet: no progress output
          -v        show version information
          -E        ignore environment variables
          -W        turn warnings on
          --        stop handling options
          -         stop handling options and execute stdin

        """)
}
