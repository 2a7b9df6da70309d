import Autodiff
import Foundation
import TestSupport
import Testing

@Suite struct AtomicFileTests {
    /// A file in directories that do not exist yet is an error, unless asked to make them; it is
    /// written whole, no temporary file left behind; writing again replaces it.
    @Test func writesThroughMissingDirectoriesAndReplaces() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path + "/a/b/file.txt"
        #expect(throws: FileWriteError.self) { try writeAtomically("x", to: path) }
        try writeAtomically("first", to: path, makingDirectories: true)
        try writeAtomically("second", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/a/b") == ["file.txt"])
    }

    @Test func unwritablePlaceIsAnError() {
        #expect(throws: FileWriteError.self) { try writeAtomically("x", to: "/proc/none/file.txt") }
    }
}
