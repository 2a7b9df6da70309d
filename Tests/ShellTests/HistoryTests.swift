import Foundation
@testable import Shell
import Testing

/// The REPL's history: readline's list and file (process-wide state, hence serialized).
@Suite(.serialized) struct HistoryTests {
    @Test func pathFollowsTheEnvironment() {
        #expect(History.defaultPath(environment: ["SASHELL_HISTORY": "/x/h", "XDG_STATE_HOME": "/s", "HOME": "/home/u"]) == "/x/h")
        #expect(History.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/home/u"]) == "/s/sashell/history")
        #expect(History.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.local/state/sashell/history")
        #expect(History.defaultPath(environment: ["XDG_STATE_HOME": "relative", "HOME": "/home/u"]) == "/home/u/.local/state/sashell/history")
        #expect(History.defaultPath(environment: [:]) == nil)
    }

    @Test func entriesSkipEmptyLinesAndRepeats() throws {
        let directory = try TemporaryDirectory()
        let history = History(path: directory.url.appendingPathComponent("h").path)
        for entry in ["a = 1", "", "a = 1", "a", "a = 1"] {
            history.add(entry)
        }
        #expect(history.entries == ["a = 1", "a", "a = 1"])
    }

    @Test func directoryIsCreated() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("state/sashell/history").path
        History(path: path).add("x")
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func multiLineChunkIsOneEntryAfterRestart() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("h").path
        History(path: path).add("for i = 1, 2 do\nprint(i)\nend")
        History(path: path).add("x")
        #expect(History(path: path).entries == ["for i = 1, 2 do\nprint(i)\nend", "x"])
    }

    @Test func sequentialShellsAppend() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("h").path
        let first = History(path: path)
        first.add("one")
        let second = History(path: path)  // as another shell started meanwhile
        second.add("two")
        first.add("three")
        #expect(History(path: path).entries == ["one", "two", "three"])
    }

    @Test func sizeIsCapped() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("h").path
        let history = History(path: path, capacity: 5)
        for i in 1...12 {
            history.add("x = \(i)")
        }
        #expect(history.entries == (8...12).map { "x = \($0)" })
        #expect(History(path: path, capacity: 5).entries == (8...12).map { "x = \($0)" })
    }

    /// One run under a pseudo-terminal (util-linux `script`), so readline is used for real.
    @Test func terminalSessionWritesHistory() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("history").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qfec", Sashell.executable.path, "/dev/null"]
        process.environment = ProcessInfo.processInfo.environment.merging(["SASHELL_HISTORY": path, "TERM": "dumb"]) { $1 }
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        try input.fileHandleForWriting.write(contentsOf: Data("x = 1\nfor i = 1, 2 do\nprint(i)\nend\nx\n".utf8))
        // Ctrl-D only once readline has taken the lines: the terminal would otherwise read it first.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").hasSuffix("\nx\n") {
            Thread.sleep(forTimeInterval: 0.05)
        }
        try input.fileHandleForWriting.write(contentsOf: Data("\u{4}".utf8))
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(History(path: path).entries == ["x = 1", "for i = 1, 2 do\nprint(i)\nend", "x"])
    }
}
