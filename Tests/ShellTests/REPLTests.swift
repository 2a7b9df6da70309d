import Foundation
import LuaBridge
import Testing

/// The REPL, black-box: `sashell -i` fed through a pipe with empty prompts, as Lua's own test
/// suite runs `lua -i`.
@Suite struct REPLTests {
    /// Runs `sashell -i` with empty prompts on `input`.
    func repl(_ input: String, _ extra: [String] = []) throws -> Sashell.Run {
        try Sashell.run(["-i", "-e", "_PROMPT='' _PROMPT2=''"] + extra, stdin: input)
    }

    /// Standard output after the version banner that -i prints.
    func transcript(_ run: Sashell.Run) -> String {
        String(run.stdout.drop { $0 != "\n" }.dropFirst())
    }

    @Test func bannerComesFirst() throws {
        let run = try repl("")
        #expect(run.stdout.hasPrefix("sashell "))
        #expect(run.status == 0)
    }

    @Test func expressionsStatementsAndEqualsSign() throws {
        let run = try repl("x = 1\n=x+1\nx * 10\nprint(x)\n")
        #expect(transcript(run) == "2\n10\n1\n\n")
        #expect(run.stderr.isEmpty)
    }

    /// The transcript of Lua 5.4's own test suite (main.lua, "test interactive mode").
    @Test func luaTestSuiteTranscript() throws {
        let run = try repl("(6*2-6) -- ===\na =\n10\nprint(a)\na")
        #expect(transcript(run) == "6\n10\n10\n\n")
    }

    @Test func multipleResultsAreTabSeparated() throws {
        let run = try repl("1, 'two', nil, 3.5\n")
        #expect(transcript(run) == "1\t\"two\"\tnil\t3.5\n\n")
    }

    @Test func multiLineChunk() throws {
        let run = try repl("for i = 1, 3 do\nlocal j = i * 2\nprint(j)\nend\n")
        #expect(transcript(run) == "2\n4\n6\n\n")
    }

    @Test func errorThenRecovery() throws {
        let run = try repl("error('boom')\nprint('still here')\n")
        #expect(transcript(run) == "still here\n\n")
        #expect(run.stderr.hasPrefix("stdin:1: boom\nstack traceback:\n"))
        #expect(run.status == 0)
    }

    @Test func syntaxErrorIsReportedWithoutProgramName() throws {
        let run = try repl("x = = 1\n")
        #expect(run.stderr == "stdin:1: unexpected symbol near '='\n")
    }

    @Test func incompleteChunkAtEndOfInputIsReported() throws {
        let run = try repl("if true then\n")
        #expect(run.stderr == "stdin:1: 'end' expected near <eof>\n")
        #expect(run.status == 0)
    }

    @Test func promptsAreHonouredThroughTostring() throws {
        let run = try Sashell.run(["-i", "-e", "_PROMPT=setmetatable({}, {__tostring=function() return 'P:' end}) _PROMPT2=2"],
                                  stdin: "if true then\nend\n")
        #expect(transcript(run) == "P:2P:\n")
    }

    @Test func defaultPrompts() throws {
        let run = try Sashell.run(["-i"], stdin: "do\nend\n")
        #expect(transcript(run) == "> >> > \n")
    }

    @Test func scriptRunsBeforeTheREPL() throws {
        let directory = try TemporaryDirectory()
        try directory.write("y = ...", to: "script.lua")
        let run = try Sashell.run(["-i", "-e", "_PROMPT='' _PROMPT2=''", "script.lua", "42"], stdin: "y\n", in: directory.url)
        #expect(transcript(run) == "\"42\"\n\n")
    }

    @Test func failingScriptSkipsTheREPL() throws {
        let run = try Sashell.run(["-i", "-e", "error('early')"], stdin: "print('not run')\n")
        #expect(run.status == 1)
        #expect(!run.stdout.contains("not run"))
    }

    @Test func tablesArePrettyPrinted() throws {
        let run = try repl("{1, 2, {a = 1, b = 'x'}, n = 3}\n")
        #expect(transcript(run) == "{1, 2, {a = 1, b = \"x\"}, n = 3}\n\n")
    }

    @Test func globalPrintIsLuasOwn() throws {
        let run = try repl("print('a', {} ~= nil, 1.0)\n")
        #expect(transcript(run) == "a\ttrue\t1.0\n\n")
    }

    @Test func noColourThroughAPipe() throws {
        let run = try repl("1, 'x'\n")
        #expect(!run.stdout.contains("\u{1B}"))
    }

    /// Ctrl-C stops a running loop with "interrupted!" and the shell keeps answering.
    @Test(.timeLimit(.minutes(1))) func interruptStopsALoop() throws {
        let shell = try InteractiveSashell(["-i", "-e", "_PROMPT='' _PROMPT2=''"])
        // The loop says it has started (so the REPL's handler is in place) before it spins.
        try shell.send("print('looping') io.stdout:flush() while true do end\n")
        try shell.waitForOutput { $0.contains("looping\n") }
        shell.interrupt()
        try shell.waitForError { $0.contains("interrupted!") }
        try shell.send("=6*7\n")
        try shell.waitForOutput { $0.contains("42\n") }
        let status = try shell.finish()
        #expect(status == 0)
    }

    /// Showing a result runs its __tostring interruptibly: Ctrl-C stops one that loops.
    @Test(.timeLimit(.minutes(1))) func interruptStopsALoopingToString() throws {
        let shell = try InteractiveSashell(["-i", "-e", "_PROMPT='' _PROMPT2=''"])
        try shell.send("print('showing') io.stdout:flush()\n")
        try shell.waitForOutput { $0.contains("showing\n") }
        try shell.send("setmetatable({}, {__tostring = function() while true do end end})\n")
        Thread.sleep(forTimeInterval: 0.5)  // let it reach the loop; a later Ctrl-C is also fine
        shell.interrupt()
        try shell.send("=6*7\n")
        try shell.waitForOutput { $0.contains("42\n") }
        #expect(try shell.finish() == 0)
    }

    /// A table shared many times over is shown within a budget, not 20⁶ times.
    @Test(.timeLimit(.minutes(1))) func sharedSubtablesAreShownWithinABudget() throws {
        let run = try repl("local a = {} for l = 1, 7 do local b = {} for i = 1, 20 do b['k' .. i] = a end a = b end return a\n=1+1\n")
        #expect(run.stdout.hasSuffix("2\n\n"))
        #expect(run.stdout.contains("{…}"))
    }

    /// A script is interruptible as lua.c's are: Ctrl-C stops it with "interrupted!" and a
    /// traceback, and the exit status is 1 (not death by the signal).
    @Test(.timeLimit(.minutes(1))) func interruptStopsAScript() throws {
        let script = try TemporaryDirectory()
        let path = try script.write("print('looping') io.stdout:flush()\nwhile true do end\n", to: "spin.lua")
        let shell = try InteractiveSashell([path])
        try shell.waitForOutput { $0.contains("looping\n") }
        shell.interrupt()
        try shell.waitForError { $0.contains("interrupted!") && $0.contains("stack traceback:") }
        let status = try shell.finish()
        #expect(status == 1)
        #expect(shell.process.terminationReason == .exit)
    }
}

/// sashell running with a pipe on standard input, for tests that interact with it.
final class InteractiveSashell {
    let process = Process()
    let input = Pipe()
    let files: TemporaryDirectory
    let output: String
    let errors: String

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        files = try TemporaryDirectory()
        output = try files.write("", to: "stdout")
        errors = try files.write("", to: "stderr")
        process.executableURL = Sashell.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("LUA_") }
            .merging(environment) { $1 }
        process.standardInput = input
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle(forWritingAtPath: errors)
        try process.run()
    }

    deinit {
        if process.isRunning { process.terminate() }
    }

    /// Types `text`.
    func send(_ text: String) throws {
        try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    /// Sends SIGINT to the shell (as Ctrl-C would).
    func interrupt() {
        if process.isRunning { process.interrupt() }
    }

    /// Waits (up to 30 s) until standard output satisfies `condition`.
    func waitForOutput(_ condition: (String) -> Bool) throws {
        try wait(for: output, condition)
    }

    /// Waits (up to 30 s) until standard error satisfies `condition`.
    func waitForError(_ condition: (String) -> Bool) throws {
        try wait(for: errors, condition)
    }

    /// Polls the file at `path` until its text satisfies `condition`.
    private func wait(for path: String, _ condition: (String) -> Bool) throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if condition((try? String(contentsOfFile: path, encoding: .utf8)) ?? "") { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        Issue.record("timed out waiting; got: \(text)")
        throw CancellationError()
    }

    /// Closes standard input (Ctrl-D) and returns the exit status.
    func finish() throws -> Int32 {
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

/// The interrupt flag that Swift loops poll, in process: a SIGINT during an interruptible call
/// stops a Swift loop called from Lua at its next step.
@Suite(.serialized) struct InterruptTests {
    @Test func swiftLoopStopsAtItsNextStep() throws {
        let lua = try LuaState()
        lua.stack.register("train") { _ in
            for step in 1...1_000_000 {
                if step == 3 { raise(SIGINT) }  // as if Ctrl-C were pressed during step 3
                try Interrupt.check()
            }
            return 0
        }
        Interrupt.clear()
        try lua.stack.load("train()", name: "=stdin")
        #expect(throws: LuaError.self) { try lua.stack.callInterruptibly() }
        #expect(Interrupt.isRequested)
        Interrupt.clear()
        #expect(!Interrupt.isRequested)
        #expect(throws: Never.self) { try Interrupt.check() }
    }

    @Test func interruptedLuaCodeReportsInterrupted() throws {
        let lua = try LuaState()
        lua.stack.register("ctrlC") { _ in raise(SIGINT); return 0 }
        try lua.stack.load("ctrlC() while true do end", name: "=stdin")
        do {
            try lua.stack.callInterruptibly()
            Issue.record("the loop was not interrupted")
        } catch {
            #expect(error.message.hasSuffix("interrupted!"))
        }
        Interrupt.clear()
    }
}
