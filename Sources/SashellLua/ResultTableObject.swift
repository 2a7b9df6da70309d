import LuaBridge
import SashellCore

/// `sa.table`: a results table an experiment script fills row by row, prints, and saves as
/// Markdown, CSV and JSON (`ResultTable`).
final class LuaResultTable: LuaObject {
    static let luaTypeName = "table"

    var table: ResultTable
    /// The files' base name in `t:save(dir)`.
    let name: String

    init(_ table: ResultTable, name: String) {
        self.table = table
        self.name = name
    }

    static var module: LuaModule {
        LuaModule("sa", doc: SashellLibrary.doc, functions: [
            .init("table", doc: """
                sa.table{name=, title=, columns={...} [, notes={...}, digits=3]} is an empty results \
                table: t:add(row) appends a row, print(t) shows it aligned, t:save(dir) writes \
                dir/name.md, .csv and .json. A cell is a string, a number, an array (or tensor) of \
                numbers, one per seed or example, shown as "mean ± sd (n)", or an array of such arrays, \
                one per seed, shown as the pooled "mean ± sd (n)" and, with two seeds or more, the \
                standard deviation of the seeds' means: "0.312 ± 0.231 (600); seeds ± 0.018 (3)". \
                Integers show without decimals.
                """) { stack in
                let options = try stack.options(1, [.string("name"), .string("title"), .table("columns"),
                                                    .table("notes"), .integer("digits", default: 3)])
                guard let name = options.value("name", as: String.self), isFileName(name) else {
                    throw LuaArgumentError(argument: 1, problem: .invalid(
                        "option 'name' must be a file name without a directory (letters, digits, '-', '_', '.'), such as \"table3\""))
                }
                let columns = try strings(stack, options, "columns")
                guard !columns.isEmpty else {
                    throw LuaArgumentError(argument: 1, problem: .invalid("option 'columns' must be a non-empty array of strings"))
                }
                let digits = options.value("digits", as: Int.self)!
                guard (0...12).contains(digits) else {
                    throw LuaArgumentError(argument: 1, problem: .invalid("option 'digits' must be in 0...12, got \(digits)"))
                }
                let table = ResultTable(title: options.value("title") ?? name, columns: columns,
                                        notes: try strings(stack, options, "notes"), digits: digits)
                stack.push(LuaResultTable(table, name: name))
                return 1
            },
        ])
    }

    static var luaClass: LuaClass<LuaResultTable> {
        LuaClass(
            doc: "A results table (sa.table): t:add(row), print(t), t:save(dir), #t rows, t.columns.",
            methods: [
                .init("add", doc: """
                    t:add(row) appends a row: an array of cells in column order ({"sst", 0.81, {0.80, \
                    0.82}}), or a table keyed by column names ({dataset="sst", ours=0.81}); missing cells \
                    are empty. A cell of arrays, one per seed ({{0.8, 0.7}, {0.9}}), also shows the \
                    spread across seeds. Returns t.
                    """) { t, stack in
                    guard stack.type(at: 2) == .table else { throw LuaArgumentError(argument: 2, problem: .wrongType(expected: "table")) }
                    t.table.append(try row(stack, at: 2, columns: t.table.columns))
                    stack.pushCopy(of: 1)
                    return 1
                },
                .init("save", doc: """
                    t:save(dir) writes dir/name.md, dir/name.csv and dir/name.json (each replaced \
                    atomically; dir is made if needed) and returns their paths.
                    """) { t, stack in
                    let directory = try stack.argument(2, as: String.self)
                    do {
                        stack.push(try t.table.save(directory: directory, name: t.name))
                    } catch {
                        throw ScriptError("t:save: \(error)")
                    }
                    return 1
                },
            ],
            metamethods: [
                .index: { stack in
                    let t = try stack.argument(1, as: LuaResultTable.self)
                    switch try stack.fieldName(at: 2, of: "table", fields: ["columns", "title", "name"]) {
                    case "columns": stack.push(t.table.columns)
                    case "title": stack.push(t.table.title)
                    default: stack.push(t.name)
                    }
                    return 1
                },
                .toString: { stack in
                    stack.push(try stack.argument(1, as: LuaResultTable.self).table.text)
                    return 1
                },
                .length: { stack in
                    stack.push(try stack.argument(1, as: LuaResultTable.self).table.rows.count)
                    return 1
                },
            ])
    }

    /// The cells of the row at `index`, an array or a table keyed by column names.
    private static func row(_ stack: LuaStack, at index: Int32, columns: [String]) throws -> [ResultTable.Cell] {
        let count = stack.rawLength(at: index)
        if count > 0 {
            guard count <= columns.count else {
                throw LuaArgumentError(argument: index, problem: .invalid("a row of \(count) cells for \(columns.count) columns"))
            }
            return try (1...count).map { i in
                stack.rawGet(tableAt: index, index: i)
                defer { stack.pop() }
                return try cell(stack, "cell \(i)")
            }
        }
        var cells = [ResultTable.Cell](repeating: .missing, count: columns.count)
        try stack.forEachPair(inTableAt: index) {
            guard stack.type(at: -2) == .string, let key = stack.value(at: -2, as: String.self),
                  let column = columns.firstIndex(of: key) else {
                throw LuaArgumentError(argument: index, problem: .invalid(
                    "a row's keys must be column names (\(columns.joined(separator: ", ")))"))
            }
            cells[column] = try cell(stack, "cell '\(key)'")
        }
        return cells
    }

    /// The cell at the top of the stack.
    private static func cell(_ stack: LuaStack, _ what: String) throws -> ResultTable.Cell {
        let expected = "a string, a number, an array of numbers or an array of arrays of numbers (one per seed)"
        switch stack.type(at: -1) {
        case .nil: return .missing
        case .string: return .text(stack.value(at: -1, as: String.self)!)
        case .number where stack.isInteger(at: -1): return .integer(stack.value(at: -1, as: Int.self)!)
        case .number: return .number(stack.value(at: -1, as: Double.self)!)
        case .table, .userdata:
            do {
                return try numbers(stack)
            } catch {
                throw ScriptError("t:add: \(what) must be \(expected) (\(error.description))")
            }
        default:
            throw ScriptError("t:add: \(what) must be \(expected), got \(stack.typeName(at: -1))")
        }
    }

    /// The array or tensor at the top of the stack as a sample, or as one sample per seed when
    /// its first element is itself an array or tensor.
    private static func numbers(_ stack: LuaStack) throws(ScriptError) -> ResultTable.Cell {
        let array = stack.top
        var perSeed = false
        if stack.type(at: array) == .table {
            perSeed = [.table, .userdata].contains(stack.rawGet(tableAt: array, index: 1))
            stack.pop()
        }
        guard perSeed else { return .sample(try vector(stack, at: array)) }
        return .seeds(try (1...stack.rawLength(at: array)).map { i throws(ScriptError) in
            let type = stack.rawGet(tableAt: array, index: i)
            defer { stack.pop() }
            switch type {
            // A seed may have no values, as when every τ of its model was undefined.
            case .table where stack.rawLength(at: -1) == 0: return []
            case .table, .userdata:
                do throws(ScriptError) {
                    return try vector(stack, at: stack.top)
                } catch {
                    throw ScriptError("in element [\(i)]: \(error.description)")
                }
            default:
                throw ScriptError("element [\(i)] is a \(stack.typeName(at: -1)) where element [1] is an array")
            }
        })
    }

    /// The array of numbers or 1-D tensor at `index`.
    private static func vector(_ stack: LuaStack, at index: Int32) throws(ScriptError) -> [Double] {
        do {
            return try stack.vectorArgument(index)
        } catch {
            let problem = switch error.problem {
            case .wrongType(let expected): "expected \(expected)"
            case .invalid(let message): message
            }
            throw ScriptError(problem)
        }
    }

    /// The array of strings in option `key` (empty when absent).
    private static func strings(_ stack: LuaStack, _ options: LuaOptions, _ key: String) throws -> [String] {
        guard options.push(key) == .table else {
            stack.pop()
            return []
        }
        defer { stack.pop() }
        let count = stack.rawLength(at: -1)
        return try (0..<count).map { i in
            defer { stack.pop() }
            guard stack.rawGet(tableAt: -1, index: i + 1) == .string, let text = stack.value(at: -1, as: String.self) else {
                throw LuaArgumentError(argument: 1, problem: .invalid("option '\(key)' must be an array of strings"))
            }
            return text
        }
    }

    /// A plain file name: no directory, nothing a shell or file system would read specially.
    private static func isFileName(_ name: String) -> Bool {
        !name.isEmpty && name.first != "." && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }
}
