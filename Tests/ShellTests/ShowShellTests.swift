import Foundation
import Testing

/// `sa.show` decides on colour from where its output goes, as the REPL does: shaded on a
/// terminal, plain through a pipe or with NO_COLOR set.
@Suite struct ShowShellTests {
    static let script = "sa.show({'the', 'film'}, {attention={0.2, 0.8}})\n"

    @Test func plainThroughAPipe() throws {
        let run = try Sashell.run(["-"], stdin: Self.script)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("\u{1B}"))
        #expect(run.stdout.contains("attention  0.200  0.800"), "\(run.stdout)")
    }

    @Test(arguments: [false, true])
    func shadedOnATerminalUnlessNoColor(noColor: Bool) throws {
        let files = try TemporaryDirectory()
        let script = try files.write(Self.script, to: "show.lua")
        // One run under a pseudo-terminal (util-linux `script`), standard output a terminal.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qfec", "\(Sashell.executable.path) \(script)", "/dev/null"]
        var environment = ProcessInfo.processInfo.environment.filter { $0.key != "NO_COLOR" && !$0.key.hasPrefix("LUA_") }
        environment["TERM"] = "xterm-256color"
        if noColor { environment["NO_COLOR"] = "1" }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("\u{1B}[48;5;") == !noColor, "\(text)")
        #expect(text.contains("attention") && text.contains("film"))
    }
}
