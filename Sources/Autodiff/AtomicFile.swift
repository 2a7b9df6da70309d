import Foundation

/// A file that could not be written, and why.
public struct FileWriteError: Error, CustomStringConvertible {
    public let path: String
    public let problem: String

    public var description: String { "\(path): \(problem)" }
}

/// Replaces `path` with `bytes` through a temporary file in the same directory (so the rename
/// stays on one file system and is atomic), flushed to disk before it takes the name: a reader,
/// or a run stopped half-way, sees the old file or the new one, never a part of one. With
/// `makingDirectories`, missing directories on the way are made (a script's `results/figures/`);
/// without, a missing directory is an error (a mistyped checkpoint path).
public func writeAtomically(_ bytes: [UInt8], to path: String, makingDirectories: Bool = false) throws(FileWriteError) {
    // Up to the last slash; a bare file name is in the current directory. (Not NSString's
    // deletingLastPathComponent, which traps on a one-character path such as "a" in
    // swift-corelibs-foundation 6.)
    let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
    if makingDirectories, !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
        // A failure shows as mkstemp's, below, with the reason.
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    let parent = path.hasPrefix("/") && directory.isEmpty ? "" : directory.isEmpty ? "." : directory
    var template = Array((parent + "/.sashell-XXXXXX").utf8CString)
    let descriptor = mkstemp(&template)
    guard descriptor >= 0 else {
        throw FileWriteError(path: path, problem: "cannot create a temporary file (\(String(cString: strerror(errno))))")
    }
    let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    // mkstemp makes the file private; what sashell writes are ordinary files.
    fchmod(descriptor, 0o644)
    var failure: String?
    var written = 0
    while failure == nil, written < bytes.count {
        let result = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        if result < 0, errno != EINTR { failure = "cannot write (\(String(cString: strerror(errno))))" }
        written += max(result, 0)
    }
    if failure == nil, fsync(descriptor) != 0 { failure = "cannot flush (\(String(cString: strerror(errno))))" }
    close(descriptor)
    if failure == nil, rename(temporary, path) != 0 { failure = "cannot replace the file (\(String(cString: strerror(errno))))" }
    if let failure {
        unlink(temporary)
        throw FileWriteError(path: path, problem: failure)
    }
}

/// `writeAtomically` of a text's UTF-8.
public func writeAtomically(_ text: String, to path: String, makingDirectories: Bool = false) throws(FileWriteError) {
    try writeAtomically(Array(text.utf8), to: path, makingDirectories: makingDirectories)
}
