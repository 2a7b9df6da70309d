import Autodiff
import Foundation
import JSON

/// A table of results as an experiment script reports it: printed aligned in the terminal and
/// saved as Markdown (to paste), CSV (to plot elsewhere) and JSON (to read back exactly).
///
/// A cell is a text, a number, a sample of numbers (one per seed or per example) shown as
/// "mean ± sd (n)", or one sample per seed; in CSV a sample column becomes three (name, name_sd,
/// name_n), in JSON an object with every value.
public struct ResultTable {
    public enum Cell: Equatable {
        case text(String)
        /// A count, shown without decimals.
        case integer(Int)
        case number(Double)
        case sample([Double])
        /// One sample per seed (per-example values of each seed's model), so that a table shows
        /// how much a result owes to the seed as well as how it varies over examples. Shown as the
        /// pooled sample, followed, when at least two seeds have values, by the spread across
        /// seeds — the standard deviation of the seeds' means and how many seeds it is over:
        /// "0.312 ± 0.231 (600); seeds ± 0.018 (3)". A seed without values (all of its values
        /// undefined, say) is left out of the spread. In CSV the column gains name_seed_sd and
        /// name_seeds; in JSON the pooled summary holds every seed's sample.
        case seeds([[Double]])
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
        case .sample(let values): return formatSample(values)
        case .seeds(let seeds):
            let pooled = formatSample(seeds.flatMap { $0 })
            let spread = Self.seedSpread(seeds)
            guard let sd = spread.sd, spread.count > 1 else { return pooled }
            return "\(pooled); seeds ± \(fixed(sd)) (\(spread.count))"
        case .missing: return ""
        }
    }

    private func formatSample(_ values: [Double]) -> String {
        guard let (mean, sd) = try? meanAndStandardDeviation(values) else { return values.isEmpty ? "–" : "NaN" }
        return values.count == 1 ? fixed(mean) : "\(fixed(mean)) ± \(fixed(sd)) (\(values.count))"
    }

    /// The spread across seeds: the standard deviation of the means of the seeds that have
    /// values, and how many those are; `sd` is nil when none has or a value is not finite.
    private static func seedSpread(_ seeds: [[Double]]) -> (sd: Double?, count: Int) {
        let seeds = seeds.filter { !$0.isEmpty }
        let means = seeds.compactMap { try? meanAndStandardDeviation($0).mean }
        guard means.count == seeds.count else { return (nil, seeds.count) }
        return ((try? meanAndStandardDeviation(means))?.sd, seeds.count)
    }

    /// `value` with `digits` decimals; one too small to show a digit there (a p-value of 1e-7)
    /// in scientific notation instead of as a misleading 0.000.
    private func fixed(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value != 0 && abs(value) < 0.5 * pow(10, -Double(digits)) { return String(format: "%.1e", value) }
        return String(format: "%.\(digits)f", value)
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

    /// RFC 4180 CSV with full-precision numbers; a sample column is mean, sd and n columns, and a
    /// column with samples per seed adds the spread across seeds and how many seeds it is over.
    public var csv: String {
        func fields(_ cell: Cell) -> [String] {
            switch cell {
            case .text(let text): return [text]
            case .integer(let value): return [String(value)]
            case .number(let value): return ["\(value)"]
            case .missing: return [""]
            case .sample(let values):
                let summary = try? meanAndStandardDeviation(values)
                return [summary.map { "\($0.mean)" } ?? "", summary.map { "\($0.sd)" } ?? "", "\(values.count)"]
            case .seeds(let seeds):
                let spread = Self.seedSpread(seeds)
                return fields(.sample(seeds.flatMap { $0 })) + [spread.sd.map { "\($0)" } ?? "", "\(spread.count)"]
            }
        }
        func quoted(_ field: String) -> String {
            field.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        let cells = rows.map { $0.map(fields) }
        // Each column is as wide as its widest cell; narrower cells are padded with empty fields.
        let widths = columns.indices.map { c in cells.map { $0[c].count }.max() ?? 1 }
        let suffixes = ["", "_sd", "_n", "_seed_sd", "_seeds"]
        let header = columns.indices.flatMap { c in suffixes.prefix(widths[c]).map { columns[c] + $0 } }
        let lines = [header] + cells.map { row in
            row.indices.flatMap { c in row[c] + Array(repeating: "", count: widths[c] - row[c].count) }
        }
        return lines.map { $0.map(quoted).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// {title, columns, rows, notes}; a sample cell is {mean, sd, n, values}, a cell of samples
    /// per seed {mean, sd, n, seed_sd, seeds} of the pooled values with each seed's sample in
    /// `seeds`. Non-finite numbers are null, as JSON has none.
    public var json: JSONValue {
        func summary(_ values: [Double]) -> [String: JSONValue] {
            let summary = try? meanAndStandardDeviation(values)
            return ["mean": summary.map { .finite($0.mean) } ?? .null, "sd": summary.map { .finite($0.sd) } ?? .null,
                    "n": .number(Double(values.count))]
        }
        func sample(_ values: [Double]) -> JSONValue {
            .object(summary(values).merging(["values": .array(values.map(JSONValue.finite))]) { $1 })
        }
        func value(_ cell: Cell) -> JSONValue {
            switch cell {
            case .text(let text): .string(text)
            case .integer(let number): .number(Double(number))
            case .number(let number): .finite(number)
            case .missing: .null
            case .sample(let values): sample(values)
            case .seeds(let seeds):
                .object(summary(seeds.flatMap { $0 }).merging([
                    "seed_sd": Self.seedSpread(seeds).sd.map(JSONValue.finite) ?? .null,
                    "seeds": .array(seeds.map(sample)),
                ]) { $1 })
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
