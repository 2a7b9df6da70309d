import JSON
import Foundation
@testable import SashellCore
import TestSupport
import Testing

/// The readers under the datasets: gzip lines, JSON, CSV/TSV records, tokenizers.
@Suite struct DataParsingTests {
    func lines(_ path: String) throws -> [String] {
        var lines: [String] = []
        try TextLines(path: path).forEach { line, number in
            #expect(number == lines.count + 1)
            lines.append(String(decoding: line, as: UTF8.self))
        }
        return lines
    }

    @Test func textLinesPlainAndGzip() throws {
        let scratch = try ScratchDirectory()
        let text = "first\r\nsecond\n\nlast without newline"
        let expected = ["first", "second", "", "last without newline"]
        #expect(try lines(scratch.write("a.txt", text)) == expected)
        #expect(try lines(scratch.writeGzip("a.txt.gz", text)) == expected)
        #expect(try lines(scratch.write("empty.txt", "")) == [])
        #expect(try lines(scratch.write("one.txt", "x\n")) == ["x"])
        // A line longer than a read chunk grows the buffer.
        let long = String(repeating: "abcdefgh", count: TextLines.chunkSize / 3)
        #expect(try lines(scratch.writeGzip("long.gz", "a\n" + long + "\nb")) == ["a", long, "b"])
    }

    @Test func textLinesErrors() throws {
        let scratch = try ScratchDirectory()
        #expect(throws: DataError("cannot open \(scratch.path)/missing.gz: No such file or directory")) {
            try lines(scratch.path + "/missing.gz")
        }
        // A gzip stream cut short is an error, not a silently shorter file.
        let whole = try Data(contentsOf: URL(fileURLWithPath: scratch.writeGzip("whole.gz", String(repeating: "line\n", count: 20000))))
        let cut = scratch.path + "/cut.gz"
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: cut))
        let error = #expect(throws: DataError.self) { try lines(cut) }
        #expect(error?.description.contains("truncated") == true)
    }

    @Test func jsonValues() throws {
        let value = try JSONValue.parse(#" {"a": [1, -2.5e2, true, false, null], "b": "x\"\\\/\n\u00e9\ud83d\ude00", "c": {}} "#)
        #expect(value == .object([
            "a": .array([.number(1), .number(-250), .bool(true), .bool(false), .null]),
            "b": .string("x\"\\/\né😀"),
            "c": .object([:]),
        ]))
        #expect(try JSONValue.parse("\"\\u0085\"") == .string("\u{85}"))
        #expect(try JSONValue.parse("[]") == .array([]))
        #expect(try JSONValue.parse(#"{"k": 1, "k": 2}"#) == .object(["k": .number(2)]))
        // A lone surrogate reads as U+FFFD, as a lenient decoder does.
        #expect(try JSONValue.parse(#""\ud800x""#) == .string("\u{FFFD}x"))
    }

    @Test func jsonErrors() {
        let cases: [(String, String)] = [
            ("", "invalid JSON at column 1: unexpected end of input, expected a value"),
            ("{\"a\" 1}", "invalid JSON at column 6: expected ':'"),
            ("[1,]", "invalid JSON at column 4: unexpected character ']', expected a value"),
            ("[1 2]", "invalid JSON at column 4: expected ',' or ']'"),
            ("\"abc", "invalid JSON at column 5: unterminated string"),
            ("01", "invalid JSON at column 2: unexpected text after the JSON value"),
            ("1.", "invalid JSON at column 3: invalid number: no digits after '.'"),
            ("1e999", "invalid JSON at column 1: number 1e999 is out of range"),
            ("tru", "invalid JSON at column 1: invalid literal, expected true"),
            ("\"a\tb\"", "invalid JSON at column 3: control character in a string (it must be escaped)"),
            ("\"\\x\"", "invalid JSON at column 3: invalid escape '\\x'"),
            ("{1: 2}", "invalid JSON at column 2: expected a string key"),
        ]
        for (text, message) in cases {
            #expect(throws: JSONError.self) { try JSONValue.parse(text) }
            do {
                _ = try JSONValue.parse(text)
            } catch {
                #expect(error.description == message, "\(text)")
            }
        }
        let deep = String(repeating: "[", count: 10000)
        #expect(throws: JSONError.self) { try JSONValue.parse(deep) }
        // Invalid UTF-8 inside a string.
        let bytes: [UInt8] = [0x22, 0xFF, 0x22]
        #expect(throws: JSONError.self) { try bytes.withUnsafeBufferPointer { try JSONValue.parse($0) } }
    }

    func records(_ text: String, _ format: RecordFormat) throws -> [[String: String]] {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("data", text)
        var records: [[String: String]] = []
        try forEachRecord(in: path, format: format) { record in
            records.append(record.fields.mapValues { if case .string(let s) = $0 { s } else { "?" } }
                .merging(["line": String(record.line)]) { a, _ in a })
        }
        return records
    }

    @Test func csvQuoting() throws {
        let csv = "\u{FEFF}text,label\r\n\"a, b\",1\n\"she said \"\"hi\"\"\nand left\",0\n\nplain,1\n\"\",0\n"
        #expect(try records(csv, .csv) == [
            ["text": "a, b", "label": "1", "line": "2"],
            ["text": "she said \"hi\"\nand left", "label": "0", "line": "3"],
            ["text": "plain", "label": "1", "line": "6"],
            ["text": "", "label": "0", "line": "7"],
        ])
        #expect(try records("text,label\n5\" tall,1", .csv) == [["text": "5\" tall", "label": "1", "line": "2"]])
    }

    @Test func tsvHasNoQuoting() throws {
        #expect(try records("label\ttext\n1\t\"quoted\" stays\n0\tx,y\n", .tsv) == [
            ["text": "\"quoted\" stays", "label": "1", "line": "2"],
            ["text": "x,y", "label": "0", "line": "3"],
        ])
    }

    @Test func recordErrors() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("bad.csv", "text,label\n\"open,1\nmore\n")
        #expect(throws: DataError("\(path):2: a quoted field is not closed before the end of the file")) {
            try forEachRecord(in: path, format: .csv) { _ in }
        }
        let short = try scratch.write("short.tsv", "text\tlabel\nonly one field\n")
        #expect(throws: DataError("\(short):2: 1 fields, but the header has 2")) {
            try forEachRecord(in: short, format: .tsv) { _ in }
        }
        let junk = try scratch.write("junk.csv", "text,label\n\"a\"b,1\n")
        #expect(throws: DataError("\(junk):2: field 1: unexpected text after a closing quote")) {
            try forEachRecord(in: junk, format: .csv) { _ in }
        }
        let json = try scratch.write("bad.jsonl", "{\"text\": \"a\", \"label\": 1}\n\n[1]\n")
        #expect(throws: DataError("\(json):3: expected a JSON object, got an array")) {
            try forEachRecord(in: json, format: .jsonl) { _ in }
        }
        let broken = try scratch.write("broken.jsonl", "{\"text\": \"a\", \"label\": 1\n")
        #expect(throws: DataError("\(broken):1: invalid JSON at column 25: unexpected end of input, expected ',' or '}'")) {
            try forEachRecord(in: broken, format: .jsonl) { _ in }
        }
    }

    @Test func formatFromFileName() {
        #expect(RecordFormat(path: "a/train.jsonl.gz") == .jsonl)
        #expect(RecordFormat(path: "x.CSV") == .csv)
        #expect(RecordFormat(path: "x.tsv.gz") == .tsv)
        #expect(RecordFormat(path: "x.txt") == nil)
    }

    @Test func tokenizers() {
        #expect(Tokenizer.space.tokens("a  b ") == ["a", "", "b", ""])
        #expect(Tokenizer.whitespace.tokens(" A\tb\n c ") == ["A", "b", "c"])
        #expect(Tokenizer.lower.tokens("The CAT") == ["the", "cat"])
        // Keras: ASCII lowercased, punctuation but the apostrophe split off, <br /> becomes "br".
        #expect(Tokenizer.keras.tokens("It's GREAT!<br /><br />Ünïcode stays,fine") == ["it's", "great", "br", "br", "Ünïcode", "stays", "fine"])
    }
}
