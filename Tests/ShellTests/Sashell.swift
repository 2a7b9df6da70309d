import Foundation

/// The built `sashell` executable, run as a subprocess the way a user runs it.
enum Sashell {
    /// What one run printed and returned.
    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The executable: `swift test` runs the test binary from the build products directory,
    /// where `sashell` is built too.
    static let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("sashell")

    /// Runs sashell with `arguments`, feeding it `stdin`, in `directory` if given. Lua's
    /// environment variables are cleared, then `environment` is added. Output goes through
    /// files, so a chatty process cannot block on a full pipe.
    static func run(_ arguments: [String], stdin: String = "", environment: [String: String] = [:],
                    in directory: URL? = nil) throws -> Run {
        let files = try TemporaryDirectory()
        let input = try files.write(stdin, to: "stdin")
        let output = try files.write("", to: "stdout")
        let errors = try files.write("", to: "stderr")

        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment
            .filter { !$0.key.hasPrefix("LUA_") }
            .merging(environment) { $1 }
        process.standardInput = FileHandle(forReadingAtPath: input)
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle(forWritingAtPath: errors)
        try process.run()
        process.waitUntilExit()
        return Run(status: process.terminationStatus,
                   stdout: try String(contentsOfFile: output, encoding: .utf8),
                   stderr: try String(contentsOfFile: errors, encoding: .utf8))
    }
}
