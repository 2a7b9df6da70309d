import Foundation
import JSON

/// Named Float32 tensors in a file, in the safetensors format that model checkpoints use:
///
///     8 bytes     N, the header's length, a little-endian UInt64
///     N bytes     a JSON object: for each tensor {"dtype": "F32", "shape": [...], "data_offsets":
///                 [begin, end]}, plus an optional "__metadata__" object of strings
///     the rest    the tensors' little-endian scalars; offsets count from the byte after the header
///
/// Writing lays the tensors out in the order of their sorted names, with no gaps, and pads the
/// header with spaces to a multiple of 8 bytes (as the reference implementation does, so the data
/// is aligned). Reading trusts nothing in the file: every inconsistency is a `SafetensorsError`.
public enum Safetensors {
    /// The header key of the string-to-string metadata, which is not a tensor.
    static let metadataKey = "__metadata__"

    /// Writes `tensors` and `metadata` to `path`, atomically: the file is either replaced whole
    /// or left as it was, so an interrupted save never leaves a half-written checkpoint.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to path: String) throws {
        if tensors.keys.contains(metadataKey) {
            throw SafetensorsError(path: path, problem: "'\(metadataKey)' is reserved and cannot name a tensor")
        }
        do {
            try writeAtomically(encode(tensors, metadata: metadata), to: path)
        } catch {
            throw SafetensorsError(path: path, problem: error.problem)
        }
    }

    /// Reads every tensor and the metadata of the file at `path`.
    public static func read(from path: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        let bytes: [UInt8]
        do {
            bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw SafetensorsError(path: path, problem: "cannot read the file (\(error.localizedDescription))")
        }
        do {
            return try decode(bytes)
        } catch {
            throw SafetensorsError(path: path, problem: error.text)
        }
    }

    /// The file's bytes.
    static func encode(_ tensors: [String: Tensor], metadata: [String: String]) -> [UInt8] {
        var entries: [String] = []
        if !metadata.isEmpty {
            let fields = metadata.keys.sorted().map { "\(JSONValue.quoted($0)):\(JSONValue.quoted(metadata[$0]!))" }
            entries.append("\(JSONValue.quoted(metadataKey)):{\(fields.joined(separator: ","))}")
        }
        var data: [UInt8] = []
        for name in tensors.keys.sorted() {
            let tensor = tensors[name]!
            let begin = data.count
            for scalar in tensor.scalars {
                withUnsafeBytes(of: scalar.bitPattern.littleEndian) { data.append(contentsOf: $0) }
            }
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append("\(JSONValue.quoted(name)):{\"dtype\":\"F32\",\"shape\":[\(shape)],\"data_offsets\":[\(begin),\(data.count)]}")
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: (8 - header.count % 8) % 8))
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes.append(contentsOf: $0) }
        return bytes + header + data
    }

    /// The tensors and metadata in `bytes`, or the first problem found.
    static func decode(_ bytes: [UInt8]) throws(Problem) -> (tensors: [String: Tensor], metadata: [String: String]) {
        guard bytes.count >= 8 else { throw Problem("file too short for a header length (\(bytes.count) bytes)") }
        let declared = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard declared <= UInt64(bytes.count - 8) else {
            throw Problem("header length \(declared) exceeds the \(bytes.count - 8) bytes after it")
        }
        let dataStart = 8 + Int(declared)
        let json = bytes[8..<dataStart].withUnsafeBufferPointer { try? JSONValue.parse($0) }
        guard case .object(let header)? = json else { throw Problem("header is not a JSON object") }

        var metadata: [String: String] = [:]
        if let entry = header[metadataKey] {
            guard case .object(let fields) = entry else { throw Problem("'\(metadataKey)' is not an object") }
            for (key, value) in fields {
                guard case .string(let text) = value else { throw Problem("metadata '\(key)' is not a string") }
                metadata[key] = text
            }
        }

        let dataCount = bytes.count - dataStart
        var layout: [(name: String, shape: [Int], range: Range<Int>)] = []
        for (name, entry) in header where name != metadataKey {
            guard case .object(let fields) = entry else { throw Problem("tensor '\(name)' is not an object") }
            guard case .string(let dtype)? = fields["dtype"] else { throw Problem("tensor '\(name)' has no dtype") }
            guard dtype == "F32" else { throw Problem("tensor '\(name)' has dtype \(dtype); only F32 is supported") }
            guard let shape = naturals(fields["shape"]) else {
                throw Problem("tensor '\(name)' has no valid shape (an array of non-negative integers)")
            }
            guard let offsets = naturals(fields["data_offsets"]), offsets.count == 2, offsets[0] <= offsets[1] else {
                throw Problem("tensor '\(name)' has no valid data_offsets (two increasing non-negative integers)")
            }
            guard offsets[1] <= dataCount else {
                throw Problem("tensor '\(name)' ends at byte \(offsets[1]), past the \(dataCount) bytes of data")
            }
            guard let count = Tensor.validatedCount(of: shape), count * 4 == offsets[1] - offsets[0] else {
                throw Problem("tensor '\(name)' of shape \(shape) does not fit its \(offsets[1] - offsets[0]) bytes")
            }
            layout.append((name, shape, offsets[0]..<offsets[1]))
        }

        // The tensors must tile the data exactly: no overlaps, no gaps, nothing left over.
        var covered = 0
        for entry in layout.sorted(by: { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }) {
            guard entry.range.lowerBound == covered else {
                throw Problem(entry.range.lowerBound < covered
                    ? "tensor '\(entry.name)' overlaps another tensor's data"
                    : "bytes \(covered)..<\(entry.range.lowerBound) of the data belong to no tensor")
            }
            covered = entry.range.upperBound
        }
        guard covered == dataCount else { throw Problem("bytes \(covered)..<\(dataCount) of the data belong to no tensor") }

        var tensors: [String: Tensor] = [:]
        for entry in layout {
            let start = dataStart + entry.range.lowerBound
            tensors[entry.name] = Tensor(shape: entry.shape, scalars: (0..<entry.range.count / 4).map { i in
                let at = start + 4 * i
                let bits = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
                return Float(bitPattern: bits)
            })
        }
        return (tensors, metadata)
    }

    /// What is wrong with a file's contents, before the file's path is known to say so.
    struct Problem: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }
}

/// A safetensors file that cannot be read or written, naming the file and the problem.
public struct SafetensorsError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let problem: String

    public var description: String { "\(path): \(problem)" }
}

/// A JSON array of non-negative integers as Ints, or nil for anything else.
private func naturals(_ value: JSONValue?) -> [Int]? {
    guard case .array(let elements)? = value else { return nil }
    var result: [Int] = []
    for element in elements {
        guard let value = element.number, value >= 0, value < 0x1p53, value == value.rounded() else { return nil }
        result.append(Int(value))
    }
    return result
}
