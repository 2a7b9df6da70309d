import Autodiff
import Foundation
import TestSupport
import Testing

@Suite struct SafetensorsTests {
    /// A fresh file path in a directory removed after the test.
    private final class Scratch {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("safetensors-\(UUID().uuidString)").path
        init() throws { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: directory) }
        func path(_ name: String) -> String { directory + "/" + name }
    }

    /// The spec, by hand: header length, the JSON header padded to 8 bytes, little-endian scalars.
    private func handWritten(header: String, scalars: [Float]) -> [UInt8] {
        var json = Array(header.utf8)
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }
        var bytes = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(json.count) >> (8 * $0)) }
        bytes += json
        for scalar in scalars {
            bytes += (0..<4).map { UInt8(truncatingIfNeeded: scalar.bitPattern >> (8 * $0)) }
        }
        return bytes
    }

    private func writeBytes(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    private func readError(_ path: String) -> String? {
        do {
            _ = try Safetensors.read(from: path)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test func roundTripKeepsTensorsAndMetadata() throws {
        let scratch = try Scratch()
        let path = scratch.path("model.safetensors")
        let tensors = ["w": Tensor(shape: [2, 3], scalars: [1, -2, 3.5, 0, .infinity, -0.25]),
                       "b": Tensor(shape: [3], scalars: [0.1, 0.2, 0.3]),
                       "empty": Tensor(shape: [0, 4], scalars: []),
                       "scalar": Tensor(shape: [], scalars: [7])]
        let metadata = ["format": "pt", "quote\"d": "line\nbreak"]
        try Safetensors.write(tensors, metadata: metadata, to: path)
        let read = try Safetensors.read(from: path)
        #expect(read.tensors == tensors)
        #expect(read.metadata == metadata)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.directory)
        #expect(leftovers == ["model.safetensors"])
    }

    @Test func writeProducesTheSpecBytes() throws {
        let scratch = try Scratch()
        let path = scratch.path("tiny.safetensors")
        let expected = handWritten(
            header: #"{"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1,1],"data_offsets":[8,12]}}"#,
            scalars: [1.5, -2, 0.25])
        try Safetensors.write(["b": Tensor(shape: [1, 1], scalars: [0.25]), "a": Tensor(shape: [2], scalars: [1.5, -2])],
                              metadata: ["k": "v"], to: path)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == expected)

        let other = scratch.path("hand.safetensors")
        try writeBytes(expected, to: other)
        let read = try Safetensors.read(from: other)
        #expect(read.tensors == ["a": Tensor(shape: [2], scalars: [1.5, -2]), "b": Tensor(shape: [1, 1], scalars: [0.25])])
        #expect(read.metadata == ["k": "v"])
    }

    @Test func truncatedFilesAreErrorsAtEveryCut() throws {
        let scratch = try Scratch()
        let path = scratch.path("full.safetensors")
        try Safetensors.write(["x": Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]), "y": Tensor(shape: [1], scalars: [5])], to: path)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let cut = scratch.path("cut.safetensors")
        for length in 0..<bytes.count {
            try writeBytes(Array(bytes[..<length]), to: cut)
            let error = readError(cut)
            #expect(error?.hasPrefix(cut + ": ") == true, "cut at \(length)")
        }
    }

    @Test(arguments: [
        (#"{"x":{"dtype":"F16","shape":[1],"data_offsets":[0,4]}}"#, "tensor 'x' has dtype F16; only F32 is supported"),
        (#"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, "tensor 'x' of shape [2] does not fit its 4 bytes"),
        (#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}}"#, "tensor 'x' ends at byte 8, past the 4 bytes of data"),
        (#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, "tensor 'x' has no valid data_offsets (two increasing non-negative integers)"),
        (#"{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, "tensor 'x' has no valid shape (an array of non-negative integers)"),
        (#"{"x":{"dtype":"F32","shape":[],"data_offsets":[0,0]}}"#, "tensor 'x' of shape [] does not fit its 0 bytes"),
        (#"{}"#, "bytes 0..<4 of the data belong to no tensor"),
        (#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"y":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, "overlaps another tensor's data"),
        (#"{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"__metadata__":{"a":1}}"#, "metadata 'a' is not a string"),
        (#"{"x":3}"#, "tensor 'x' is not an object"),
        (#"{"x":"#, "header is not a JSON object"),
        (#"[1,2]"#, "header is not a JSON object"),
    ])
    func corruptHeadersAreClearErrors(header: String, problem: String) throws {
        let scratch = try Scratch()
        let path = scratch.path("bad.safetensors")
        try writeBytes(handWritten(header: header, scalars: [1]), to: path)
        let error = try #require(readError(path))
        #expect(error.hasPrefix(path + ": "))
        #expect(error.contains(problem), "\(error)")
    }

    @Test func oversizedHeaderLengthIsAnError() throws {
        let scratch = try Scratch()
        let path = scratch.path("huge.safetensors")
        try writeBytes([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7B, 0x7D], to: path)
        #expect(readError(path) == "\(path): header length 18446744073709551615 exceeds the 2 bytes after it")
        #expect(readError(scratch.path("missing"))?.contains("cannot read the file") == true)
    }

    @Test func failedWriteLeavesNoFile() throws {
        let scratch = try Scratch()
        let path = scratch.path("no/such/dir/x.safetensors")
        #expect(throws: SafetensorsError.self) { try Safetensors.write(["x": Tensor.zeros([1])], to: path) }
        #expect(throws: SafetensorsError.self) { try Safetensors.write(["__metadata__": Tensor.zeros([1])], to: scratch.path("m")) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.directory).isEmpty)
    }
}
