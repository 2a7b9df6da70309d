import Foundation
import Testing

/// The real datasets beside the checkout (../shared/data), found from this file's path so that
/// tests do not depend on the working directory.
public let sharedData: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/data").path

/// A scratch directory for fixture files, removed when the test is done with it.
public final class ScratchDirectory {
    public let path: String

    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("sashell-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` to `name` in the directory and returns the file's path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Writes `text` gzip-compressed (by gzip(1)) to `name` and returns the file's path.
    @discardableResult
    public func writeGzip(_ name: String, _ text: String) throws -> String {
        let plain = try write(name + ".plain", text)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c '\(plain)' > '\(path)/\(name)'"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return path + "/" + name
    }
}
