import Autodiff
import Foundation
import JSON

/// A table of results as an experiment script reports it: printed aligned in the terminal and
/// saved as Markdown (to paste), CSV (to plot elsewhere) and JSON (to read back exactly).
///
/// A cell is a text, a number, or a sample of numbers (one per seed or per example) shown as
/// "mean ± sd (n)"; in CSV a sample column becomes three (name, name_sd, name_n), in JSON an
/// object with every value.
public struct ResultTable {
    public enum Cell: Equatable {
        case text(String)
        /// A count, shown without decimals.
        case integer(Int)
        case number(Double)
        case sample([Double])
        case missing
    }

    public var title: String
    public var columns: [String]
    public private(set) var rows: [[Cell]] = []
    /// Lines printed under the table: where the numbers come from, what differs from the paper.
    public var notes: [String]
    /// Decimals of numbers and of means and standard deviations.
    public var digits: Int

    public init(title: String, columns: [String], notes: [String] = [], digits: Int = 3) {
        self.title = title
        self.columns = columns
        self.notes = notes
        self.digits = digits
    }

    /// Appends a row of at most `columns.count` cells; missing trailing cells are empty.
    public mutating func append(_ row: [Cell]) {
        precondition(row.count <= columns.count, "a row of \(row.count) cells in a table of \(columns.count) columns")
        rows.append(row + Array(repeating: .missing, count: columns.count - row.count))
    }

    /// A cell as the terminal and Markdown show it.
    public func format(_ cell: Cell) -> String {
        switch cell {
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .number(let value): return fixed(value)
        case .sample(let values):
            guard let (mean, sd) = try? meanAndStandardDeviation(values) else { return values.isEmpty ? "–" : "NaN" }
            return values.count == 1 ? fixed(mean) : "\(fixed(mean)) ± \(fixed(sd)) (\(values.count))"
        case .missing: return ""
        }
    }

    private func fixed(_ value: Double) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "\(value)"
    }

    /// The table aligned for a terminal: text left-aligned, numbers right-aligned, the title
    /// above and the notes below.
    public var text: String {
        let cells = rows.map { $0.map(format) }
        let widths = columns.indices.map { c in ([columns[c]] + cells.map { $0[c] }).map(\.count).max() ?? 0 }
        func isNumeric(_ c: Int) -> Bool {
            rows.allSatisfy { row in if case .text = row[c] { false } else { true } }
        }
        func line(_ values: [String]) -> String {
            values.indices.map { c in
                let padding = String(repeating: " ", count: widths[c] - values[c].count)
                return isNumeric(c) ? padding + values[c] : values[c] + padding
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var lines = [title, line(columns), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += cells.map(line)
        lines += notes
        return lines.joined(separator: "\n")
    }

    /// The table in GitHub Markdown, the title as a heading and the notes as a paragraph.
    public var markdown: String {
        func escaped(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["## \(title)", "", "| " + columns.map(escaped).joined(separator: " | ") + " |",
                     "|" + columns.map { _ in " --- |" }.joined()]
        lines += rows.map { "| " + $0.map { escaped(format($0)) }.joined(separator: " | ") + " |" }
        if !notes.isEmpty { lines += [""] + notes }
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 4180 CSV with full-precision numbers; a sample column is mean, sd and n columns.
    public var csv: String {
        let samples = columns.indices.map { c in rows.contains { if case .sample = $0[c] { true } else { false } } }
        func quoted(_ field: String) -> String {
            field.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        var header: [String] = []
        for (c, name) in columns.enumerated() { header += samples[c] ? [name, name + "_sd", name + "_n"] : [name] }
        var lines = [header.map(quoted).joined(separator: ",")]
        for row in rows {
            var fields: [String] = []
            for (c, cell) in row.enumerated() {
                switch cell {
                case .text(let text): fields.append(text)
                case .integer(let value): fields.append(String(value))
                case .number(let value): fields.append("\(value)")
                case .missing: fields.append("")
                case .sample(let values):
                    let summary = try? meanAndStandardDeviation(values)
                    fields += [summary.map { "\($0.mean)" } ?? "", summary.map { "\($0.sd)" } ?? "", "\(values.count)"]
                    continue
                }
                if samples[c] { fields += ["", ""] }
            }
            lines.append(fields.map(quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// {title, columns, rows, notes}; a sample cell is {mean, sd, n, values}. Non-finite numbers
    /// are null, as JSON has none.
    public var json: JSONValue {
        func value(_ cell: Cell) -> JSONValue {
            switch cell {
            case .text(let text): .string(text)
            case .integer(let number): .number(Double(number))
            case .number(let number): .finite(number)
            case .missing: .null
            case .sample(let values):
                .object(["mean": (try? meanAndStandardDeviation(values)).map { .finite($0.mean) } ?? .null,
                         "sd": (try? meanAndStandardDeviation(values)).map { .finite($0.sd) } ?? .null,
                         "n": .number(Double(values.count)), "values": .array(values.map(JSONValue.finite))])
            }
        }
        return .object(["title": .string(title), "columns": .array(columns.map(JSONValue.string)),
                        "rows": .array(rows.map { .array($0.map(value)) }), "notes": .array(notes.map(JSONValue.string))])
    }

    /// Writes `<directory>/<name>.md`, `.csv` and `.json` (each atomically), making the directory
    /// if needed; returns the three paths.
    public func save(directory: String, name: String) throws -> [String] {
        let base = (directory as NSString).appendingPathComponent(name)
        let files = [(base + ".md", markdown), (base + ".csv", csv), (base + ".json", try json.canonicalText(path: "table") + "\n")]
        for (path, text) in files { try writeAtomically(text, to: path, makingDirectories: true) }
        return files.map(\.0)
    }
}
