import CZlib
import Foundation

/// The lines of a text file, gzip-compressed or not (zlib reads plain files unchanged), streamed
/// in chunks so that a file is decompressed once and never held whole in memory.
public struct TextLines: Sendable {
    public let path: String

    /// Bytes decompressed per read; lines longer than this grow the buffer.
    static let chunkSize = 1 << 20

    public init(path: String) {
        self.path = path
    }

    /// Calls `body` with each line's bytes, without its "\n" or "\r\n", and its 1-based number.
    /// The bytes are valid only during the call. A final line without a newline counts; an
    /// empty file has no lines.
    public func forEach(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        guard let file = gzopen(path, "rb") else {
            throw DataError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { gzclose_r(file) }
        gzbuffer(file, UInt32(Self.chunkSize))
        var buffer = [UInt8](repeating: 0, count: Self.chunkSize)
        var filled = 0
        var lineNumber = 0
        while true {
            if filled == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            let read = buffer.withUnsafeMutableBytes { bytes in
                gzread(file, bytes.baseAddress! + filled, UInt32(bytes.count - filled))
            }
            guard read >= 0 else { throw DataError("cannot read \(path): \(zlibError(file))") }
            if read == 0 {
                var code: Int32 = Z_OK
                gzerror(file, &code)
                if code == Z_BUF_ERROR { throw DataError("cannot read \(path): the gzip stream is truncated") }
                if code != Z_OK { throw DataError("cannot read \(path): \(zlibError(file))") }
                break
            }
            let end = filled + Int(read)
            let consumed = try buffer.withUnsafeBufferPointer { bytes in
                try Self.completeLines(in: UnsafeBufferPointer(rebasing: bytes[..<end]), from: &lineNumber, body)
            }
            buffer.withUnsafeMutableBytes { bytes in
                bytes.baseAddress!.copyMemory(from: bytes.baseAddress! + consumed, byteCount: end - consumed)
            }
            filled = end - consumed
        }
        if filled > 0 {
            lineNumber += 1
            try buffer.withUnsafeBufferPointer { bytes in
                try body(Self.trimmingReturn(UnsafeBufferPointer(rebasing: bytes[..<filled])), lineNumber)
            }
        }
    }

    /// Passes each "\n"-terminated line of `bytes` to `body`; returns the count of bytes used.
    private static func completeLines(in bytes: UnsafeBufferPointer<UInt8>, from lineNumber: inout Int,
                                      _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var start = 0
        while let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) {
            let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            lineNumber += 1
            try body(trimmingReturn(UnsafeBufferPointer(rebasing: bytes[start..<newline])), lineNumber)
            start = newline + 1
        }
        return start
    }

    /// The whole file, its lines joined by "\n": for files read as one value, such as a vocabulary.
    public func joined() throws -> [UInt8] {
        var text: [UInt8] = []
        try forEach { line, _ in
            text.append(contentsOf: line)
            text.append(UInt8(ascii: "\n"))
        }
        return text
    }

    /// `line` without a trailing "\r", so that files with Windows line ends read the same.
    private static func trimmingReturn(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        line.last == UInt8(ascii: "\r") ? UnsafeBufferPointer(rebasing: line.dropLast()) : line
    }
}

/// zlib's message for the last error on `file` (or the system's, for an I/O error).
private func zlibError(_ file: gzFile) -> String {
    var code: Int32 = Z_OK
    let message = String(cString: gzerror(file, &code))
    return code == Z_ERRNO ? String(cString: strerror(errno)) : message
}
