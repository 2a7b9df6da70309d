import Foundation
import Testing

@Suite struct ManualPageTests {
    /// man/sashell.1, found from this file's place in the repository.
    static let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../man/sashell.1").standardizedFileURL.path

    /// mandoc's linter (Debian `mandoc`, installed by scripts/bootstrap) reports nothing.
    @Test func manualPageIsLintClean() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["mandoc", "-Tlint", Self.page]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "mandoc -Tlint: \(report)")
        #expect(report.isEmpty, "mandoc -Tlint: \(report)")
    }
}
