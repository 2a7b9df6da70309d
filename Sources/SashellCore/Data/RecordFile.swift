import JSON
/// The formats of record files: one example per JSON Lines line, or per CSV/TSV row under a
/// header row that names the columns.
public enum RecordFormat: String, CaseIterable, Sendable {
    /// One JSON object per line; blank lines are skipped.
    case jsonl
    /// RFC 4180: comma-separated, fields optionally in double quotes ("" is a quote inside one),
    /// quoted fields may hold commas and newlines.
    case csv
    /// Tab-separated, without quoting (IANA text/tab-separated-values): a field cannot hold a
    /// tab or a newline.
    case tsv

    /// The format a file name implies (".jsonl", ".csv", ".tsv", each optionally ".gz"), if any.
    public init?(path: String) {
        let name = path.hasSuffix(".gz") ? String(path.dropLast(3)) : path
        switch name.split(separator: ".").last.map({ $0.lowercased() }) {
        case "jsonl", "json", "ndjson": self = .jsonl
        case "csv": self = .csv
        case "tsv", "tab": self = .tsv
        default: return nil
        }
    }
}

/// One record of a file: its fields by name, and the line it starts on (for messages).
public struct Record {
    public let line: Int
    public let fields: [String: JSONValue]
}

/// Reads the records of `path` in `format`, streaming, and calls `body` with each.
func forEachRecord(in path: String, format: RecordFormat, _ body: (Record) throws -> Void) throws {
    switch format {
    case .jsonl:
        try TextLines(path: path).forEach { line, number in
            guard line.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
            let value: JSONValue
            do {
                value = try JSONValue.parse(line)
            } catch {
                throw DataError.at(path, line: number, "\(error)")
            }
            guard case .object(let fields) = value else {
                throw DataError.at(path, line: number, "expected a JSON object, got \(value.kindName)")
            }
            try body(Record(line: number, fields: fields))
        }
    case .csv, .tsv:
        var parser = DelimitedParser(separator: format == .csv ? UInt8(ascii: ",") : UInt8(ascii: "\t"),
                                     quoting: format == .csv)
        var header: [String]?
        var start = 1
        try TextLines(path: path).forEach { line, number in
            if parser.isBetweenRecords {
                start = number
                // Blank lines between records are skipped, as by Python's csv module.
                if line.isEmpty { return }
            }
            let fields: [String]?
            do {
                fields = try parser.feed(number == 1 ? withoutByteOrderMark(line) : line)
            } catch {
                throw DataError.at(path, line: number, "\(error)")
            }
            guard let fields else { return }
            guard let names = header else {
                header = fields
                return
            }
            guard fields.count == names.count else {
                throw DataError.at(path, line: start, "\(fields.count) fields, but the header has \(names.count)")
            }
            try body(Record(line: start, fields: Dictionary(zip(names, fields.map(JSONValue.string)), uniquingKeysWith: { a, _ in a })))
        }
        if !parser.isBetweenRecords {
            throw DataError.at(path, line: start, "a quoted field is not closed before the end of the file")
        }
    }
}

/// `line` without the UTF-8 byte-order mark that spreadsheet programs put first.
private func withoutByteOrderMark(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    line.starts(with: [0xEF, 0xBB, 0xBF]) ? UnsafeBufferPointer(rebasing: line.dropFirst(3)) : line
}

/// Splits lines into fields, carrying a quoted field across lines.
struct DelimitedParser {
    let separator: UInt8
    let quoting: Bool
    private var fields: [String] = []
    private var field: [UInt8] = []
    /// Inside an open quoted field.
    private var inQuotes = false
    /// The current field was quoted (and its closing quote may have been read).
    private var quoted = false

    init(separator: UInt8, quoting: Bool) {
        self.separator = separator
        self.quoting = quoting
    }

    /// Whether the next line starts a new record.
    var isBetweenRecords: Bool { !inQuotes && fields.isEmpty && field.isEmpty && !quoted }

    /// Reads one line; returns the record's fields once it is complete.
    mutating func feed(_ line: UnsafeBufferPointer<UInt8>) throws(DataError) -> [String]? {
        var i = 0
        while i < line.count {
            let byte = line[i]
            i += 1
            if inQuotes {
                if byte != UInt8(ascii: "\"") {
                    field.append(byte)
                } else if i < line.count, line[i] == UInt8(ascii: "\"") {
                    field.append(byte)
                    i += 1
                } else {
                    inQuotes = false
                }
            } else if byte == separator {
                endField()
            } else if quoting, byte == UInt8(ascii: "\""), field.isEmpty, !quoted {
                inQuotes = true
                quoted = true
            } else if quoted {
                throw DataError("field \(fields.count + 1): unexpected text after a closing quote")
            } else {
                field.append(byte)
            }
        }
        if inQuotes {
            field.append(UInt8(ascii: "\n"))
            return nil
        }
        endField()
        defer { fields = [] }
        return fields
    }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field = []
        quoted = false
    }
}
