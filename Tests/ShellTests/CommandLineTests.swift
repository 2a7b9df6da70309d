import Foundation
import LuaBridge
import Shell
import Testing

/// The command line, black-box: the built binary, its output and its exit status.
@Suite struct CommandLineTests {
    @Test func executableIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Sashell.executable.path),
                "sashell is expected next to the test binary, at \(Sashell.executable.path)")
    }

    @Test func versionNamesSashellAndLua() throws {
        let run = try Sashell.run(["-v"], stdin: "print('stdin was read')")
        #expect(run.status == 0)
        #expect(run.stdout == "sashell \(sashellVersion)  (\(LuaVersion.copyright))\n")
        #expect(LuaVersion.copyright.hasPrefix("Lua 5.4."))
        #expect(LuaVersion.copyright.contains("Copyright (C) 1994-"))
        #expect(run.stderr.isEmpty)
    }

    @Test func executeStatement() throws {
        let run = try Sashell.run(["-e", "print(1+1)"])
        #expect(run.status == 0)
        #expect(run.stdout == "2\n")
        #expect(run.stderr.isEmpty)
    }

    @Test func statementsRunInCommandLineOrder() throws {
        let run = try Sashell.run(["-e", "x = 1", "-ex = x * 10", "-e", "print(x)", "-e", "print(x + 1)"])
        #expect(run.status == 0)
        #expect(run.stdout == "10\n11\n")
    }

    @Test func scriptGetsItsArguments() throws {
        let directory = try TemporaryDirectory()
        try directory.write("print(arg[0], arg[1], arg[2], #arg, ...)", to: "script.lua")
        let run = try Sashell.run(["script.lua", "one", "two"], in: directory.url)
        #expect(run.status == 0)
        #expect(run.stdout == "script.lua\tone\ttwo\t2\tone\ttwo\n")
    }

    @Test func interpreterAndOptionsAreAtNegativeIndices() throws {
        let directory = try TemporaryDirectory()
        try directory.write("print(arg[-3] == ..., arg[-2], arg[-1], arg[0], arg[1])", to: "script.lua")
        let run = try Sashell.run(["-e", "", "script.lua", Sashell.executable.path], in: directory.url)
        #expect(run.status == 0)
        #expect(run.stdout == "true\t-e\t\tscript.lua\t\(Sashell.executable.path)\n")
    }

    @Test func scriptArgumentsAreReadBackFromArg() throws {
        let directory = try TemporaryDirectory()
        try directory.write("print(...)", to: "script.lua")
        let changed = try Sashell.run(["-e", "arg = {'changed'}", "script.lua", "original"], in: directory.url)
        #expect(changed.stdout == "changed\n")
        let removed = try Sashell.run(["-e", "arg = nil", "script.lua"], in: directory.url)
        #expect(removed.status == 1)
        #expect(removed.stderr == "sashell: 'arg' is not a table\n")
    }

    @Test func dashRunsStandardInputWithArguments() throws {
        let run = try Sashell.run(["-", "a", "b"], stdin: "print(arg[0], ...)")
        #expect(run.status == 0)
        #expect(run.stdout == "-\ta\tb\n")
    }

    @Test func standardInputRunsWithoutArguments() throws {
        let run = try Sashell.run([], stdin: "print('from stdin')")
        #expect(run.status == 0)
        #expect(run.stdout == "from stdin\n")
    }

    @Test func doubleDashStopsOptions() throws {
        let directory = try TemporaryDirectory()
        try directory.write("print('file named dash', ...)", to: "-")
        let run = try Sashell.run(["--", "-", "-v"], stdin: "print('stdin was read')", in: directory.url)
        #expect(run.status == 0)
        #expect(run.stdout == "file named dash\t-v\n")
    }

    @Test func errorInScriptReportsMessageAndTraceback() throws {
        let directory = try TemporaryDirectory()
        try directory.write("print('before')\nlocal function f() error('boom') end\nf()\nprint('after')\n", to: "boom.lua")
        let run = try Sashell.run(["boom.lua"], in: directory.url)
        #expect(run.status == 1)
        #expect(run.stdout == "before\n")
        #expect(run.stderr.hasPrefix("sashell: boom.lua:2: boom\nstack traceback:\n"))
        #expect(run.stderr.contains("boom.lua:3: in main chunk"))
    }

    @Test func syntaxErrorIsReportedWithoutTraceback() throws {
        let run = try Sashell.run(["-e", "x = = 1"])
        #expect(run.status == 1)
        #expect(run.stderr == "sashell: (command line):1: unexpected symbol near '='\n")
    }

    @Test func failingStatementStopsTheCommandLine() throws {
        let run = try Sashell.run(["-e", "error('first')", "-e", "print('second')"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("sashell: (command line):1: first\nstack traceback:\n"))
    }

    @Test func errorInStandardInputFails() throws {
        let run = try Sashell.run([], stdin: "error({})")
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("sashell: (error object is a table value)\nstack traceback:\n"))
    }

    @Test func unknownOptionPrintsUsage() throws {
        let run = try Sashell.run(["-x", "script.lua"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("sashell: unrecognized option '-x'\nusage: sashell [options] [script [args]]\n"))
        #expect(run.stderr.contains("  -e stat   execute string 'stat'\n"))
    }

    @Test func optionWithoutItsValuePrintsUsage() throws {
        let run = try Sashell.run(["-e"])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("sashell: '-e' needs argument\nusage: sashell"))
    }

    @Test func missingScript() throws {
        let directory = try TemporaryDirectory()
        let run = try Sashell.run(["missing.lua"], in: directory.url)
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("sashell: cannot open missing.lua"))
    }

    @Test func requireLibraryIntoGlobal() throws {
        let run = try Sashell.run(["-l", "s=string", "-lutf8", "-e", "print(s.upper('a'), utf8 ~= nil)"])
        #expect(run.status == 0)
        #expect(run.stdout == "A\ttrue\n")
        let missing = try Sashell.run(["-l", "no_such_module"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("sashell: module 'no_such_module' not found:"))
    }

    @Test func warningsOption() throws {
        let run = try Sashell.run(["-W", "-e", "warn('careful')"])
        #expect(run.status == 0)
        #expect(run.stderr == "Lua warning: careful\n")
        #expect(try Sashell.run(["-e", "warn('careful')"]).stderr.isEmpty)
    }

    @Test func luaInitRunsFirstUnlessIgnored() throws {
        let luaInit = ["LUA_INIT": "print('init')"]
        #expect(try Sashell.run(["-e", "print('main')"], environment: luaInit).stdout == "init\nmain\n")
        #expect(try Sashell.run(["-E", "-e", "print('main')"], environment: luaInit).stdout == "main\n")
        let versioned = luaInit.merging(["LUA_INIT" + LuaVersion.suffix: "print('versioned')"]) { $1 }
        #expect(try Sashell.run(["-e", "print('main')"], environment: versioned).stdout == "versioned\nmain\n")
    }

    @Test func luaInitNamesAFile() throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("greeting = 'hello'", to: "init.lua")
        let run = try Sashell.run(["-e", "print(greeting)"], environment: ["LUA_INIT": "@" + path])
        #expect(run.stdout == "hello\n")
        let failing = try Sashell.run(["-e", "print('main')"], environment: ["LUA_INIT": "error('bad init')"])
        #expect(failing.status == 1)
        #expect(failing.stdout.isEmpty)
        #expect(failing.stderr.hasPrefix("sashell: LUA_INIT:1: bad init\n"))
    }

    @Test func ignoringEnvironmentIgnoresLuaPath() throws {
        let path = ["LUA_PATH": "/custom/?.lua"]
        #expect(try Sashell.run(["-e", "print(package.path)"], environment: path).stdout == "/custom/?.lua\n")
        #expect(try Sashell.run(["-E", "-e", "print(package.path)"], environment: path).stdout != "/custom/?.lua\n")
    }
}

/// The options of issue 3: -i and -q.
@Suite struct InteractiveOptionTests {
    @Test func interactiveImpliesVersion() throws {
        let run = try Sashell.run(["-i"], stdin: "")
        #expect(run.status == 0)
        #expect(run.stdout == "sashell \(sashellVersion)  (\(LuaVersion.copyright))\n> \n")
    }

    @Test func quietIsAccepted() throws {
        let run = try Sashell.run(["-q", "-e", "print(1)"])
        #expect(run.status == 0)
        #expect(run.stdout == "1\n")
    }

    @Test func usageListsTheNewOptions() throws {
        let run = try Sashell.run(["-x"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("  -i        enter interactive mode after executing 'script'\n"))
        #expect(run.stderr.contains("  -q        quiet: no progress output\n"))
    }

    @Test func interactiveOptionMustStandAlone() throws {
        let run = try Sashell.run(["-ix"])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("sashell: unrecognized option '-ix'\n"))
    }

    @Test func ctrlDExitsWithANewline() throws {
        let run = try Sashell.run(["-i", "-e", "_PROMPT=''"], stdin: "")
        #expect(run.status == 0)
        #expect(run.stdout.hasSuffix(")\n\n"))
    }
}
