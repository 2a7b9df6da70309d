import JSON
import GRDB

/// Turns a filter such as `["dataset": "sst", "status": "finished", "projection": "sparsemax"]`
/// into SQL. A name that is a column of `runs` matches that column; any other name matches the
/// config field of that name, and a dotted name (`"fit.lr"`) a field of a nested config object.
/// Values match as JSON values: the number 0.0001 matches a stored 1e-4, a string never matches a
/// number, and `null` matches a config field that is null or absent.
public enum RunFilter {
    /// The columns of `runs` a filter can name (the JSON columns are matched through the config).
    public static let columns: Set<String> = [
        "id", "key", "status", "seed", "dataset", "dataset_version", "data_fingerprint", "sashell_version",
        "checkpoint_path", "error_message",
    ]

    /// A WHERE condition and its arguments; entries are taken in name order so that equal
    /// filters give equal SQL.
    static func sql(for filter: [String: JSONValue]) throws(RunStoreError) -> (String, StatementArguments) {
        var conditions = ["1"]
        var arguments = StatementArguments()
        for name in filter.keys.sorted() {
            let value = filter[name]!
            if columns.contains(name) {
                conditions.append(try columnCondition(name, value, &arguments))
            } else {
                conditions.append(try configCondition(name, value, &arguments))
            }
        }
        return (conditions.joined(separator: " AND "), arguments)
    }

    private static func columnCondition(_ column: String, _ value: JSONValue,
                                        _ arguments: inout StatementArguments) throws(RunStoreError) -> String {
        switch value {
        case .null: return "\(column) IS NULL"
        case let .number(number):
            arguments += [number]
            return "\(column) = ?"
        case let .string(text):
            arguments += [text]
            return "\(column) = ?"
        case .bool, .array, .object:
            throw .invalidValue("the run filter on '\(column)' must be a string or a number")
        }
    }

    private static func configCondition(_ name: String, _ value: JSONValue,
                                        _ arguments: inout StatementArguments) throws(RunStoreError) -> String {
        let path = try jsonPath(name)
        switch value {
        case .null:
            arguments += [path]
            return "IFNULL(json_type(config, ?), 'null') = 'null'"
        case let .bool(flag):
            arguments += [path, flag ? "true" : "false"]
            return "json_type(config, ?) = ?"
        case let .number(number):
            arguments += [path, path, number]
            return "(json_type(config, ?) IN ('integer', 'real') AND json_extract(config, ?) = ?)"
        case let .string(text):
            arguments += [path, path, text]
            return "(json_type(config, ?) = 'text' AND json_extract(config, ?) = ?)"
        case .array, .object:
            // Configs are stored as canonical JSON, so equal values have equal text.
            arguments += [path, try value.storedText(path: name)]
            return "json_extract(config, ?) = ?"
        }
    }

    /// The SQLite JSON path of a (possibly dotted) config field name: `fit.lr` is `$."fit"."lr"`.
    private static func jsonPath(_ name: String) throws(RunStoreError) -> String {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty && !$0.contains("\"") }) else {
            throw .invalidValue("'\(name)' cannot name a config field in a run filter")
        }
        return "$" + parts.map { ".\"\($0)\"" }.joined()
    }
}
