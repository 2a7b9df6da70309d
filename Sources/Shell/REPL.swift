import LuaBridge

extension Shell {
    /// The interactive session, for a terminal on standard input. Until the read-eval-print loop
    /// exists, it says so and runs what is typed, up to end of file, as one script.
    func runREPL() -> Bool {
        printVersion()
        print("(the interactive REPL is not there yet: type a script and end it with Ctrl-D)")
        return doStandardInput()
    }
}
