import Foundation
import SashellCore

/// The real datasets beside the checkout (../shared/data), where the tests find them.
let sharedData: String = {
    let here = URL(fileURLWithPath: #filePath)
    return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data").path
}()

/// Built-in dataset `name` from the shared data.
func builtin(_ name: String, version: String = "current", lengthFilter: Bool = true,
             devFraction: Double = 0.2, seed: UInt64 = 0) throws -> Dataset {
    var options = BuiltinDatasetOptions()
    options.version = version
    options.dataDirectory = sharedData
    options.lengthFilter = lengthFilter
    options.devFraction = devFraction
    options.seed = seed
    return try Dataset(builtin: name, options: options)
}

/// A scratch directory for fixture files, removed when the test ends.
final class ScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("sashell-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` to `name` in the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Writes `text` gzip-compressed (by gzip(1)) to `name` and returns its path.
    @discardableResult
    func writeGzip(_ name: String, _ text: String) throws -> String {
        let plain = try write(name + ".plain", text)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "gzip -c '\(plain)' > '\(path)/\(name)'"]
        try process.run()
        process.waitUntilExit()
        return path + "/" + name
    }
}
