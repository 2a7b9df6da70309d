import LuaBridge

/// Shows the REPL's results: strings quoted, tables as Lua constructors (arrays as arrays, other
/// keys sorted, nested tables indented, long tables elided, deep ones cut, cycles marked), and
/// everything else as `tostring` shows it (so userdata through its `__tostring`). It reads
/// tables raw and calls metamethods only under protection.
struct PrettyPrinter {
    let stack: LuaStack
    /// Whether to colour numbers, strings, keys and the like with ANSI escapes.
    var isColored = false

    /// How many levels of nested tables are shown before "{…}".
    static let maximumDepth = 6
    /// How many entries of one table are shown before "… (n more)".
    static let maximumEntries = 100
    /// How many tables one result may show in all, before the rest are shown as "{…}". Cycles
    /// are marked, but a table shared many times over (20 keys on each of 6 levels all naming
    /// the same subtable) would otherwise be shown 20⁶ times.
    static let maximumTables = 2_000

    /// Tables still to show for the current result, shared by the recursive calls.
    private final class Budget { var tables = 0 }
    private let budget = Budget()
    /// A table fits on one line if it is this short (and holds no multi-line table).
    static let lineWidth = 72
    static let indentUnit = "  "

    /// The ANSI colours of the kinds of text.
    private enum Style: String {
        case number = "36", string = "32", key = "33", constant = "35", opaque = "90"
    }

    /// The values at `first...top`, shown tab-separated as `print` separates them.
    func render(from first: Int32) -> String {
        guard first <= stack.top else { return "" }
        return (first...stack.top).map { render(at: $0) }.joined(separator: "\t")
    }

    /// The value at `index`.
    func render(at index: Int32) -> String {
        budget.tables = Self.maximumTables
        return render(at: stack.absoluteIndex(index), depth: 0, ancestors: [])
    }

    /// The value at the absolute `index`, nested `depth` tables deep inside the tables `ancestors`.
    private func render(at index: Int32, depth: Int, ancestors: Set<UnsafeRawPointer>) -> String {
        switch stack.type(at: index) {
        case .string:
            return paint(quoted(stack.value(at: index, as: String.self) ?? ""), .string)
        case .number:
            return paint(display(at: index), .number)
        case .nil, .boolean:
            return paint(display(at: index), .constant)
        case .table where !hasToString(at: index):
            return renderTable(at: index, depth: depth, ancestors: ancestors)
        default:
            return paint(display(at: index), .opaque)
        }
    }

    /// The table at `index`, in constructor syntax.
    private func renderTable(at index: Int32, depth: Int, ancestors: Set<UnsafeRawPointer>) -> String {
        guard let identity = stack.identity(at: index) else { return "{}" }
        if ancestors.contains(identity) {
            return paint("<cycle: \(display(at: index))>", .opaque)
        }
        budget.tables -= 1
        if depth >= Self.maximumDepth || budget.tables < 0 {
            return paint("{…}", .opaque)
        }
        guard stack.reserve(8) else { return paint(display(at: index), .opaque) }
        let inner = ancestors.union([identity])
        let arrayCount = stack.rawLength(at: index)
        var items: [String] = []  // the array part
        for i in stride(from: 1, through: min(arrayCount, Self.maximumEntries), by: 1) {
            stack.rawGet(tableAt: index, index: i)
            items.append(render(at: stack.top, depth: depth + 1, ancestors: inner))
            stack.pop()
        }
        if arrayCount > Self.maximumEntries {
            items.append(paint("… (\(arrayCount - Self.maximumEntries) more)", .opaque))
        }
        let fields = keyedFields(of: index, skippingArray: arrayCount, depth: depth, ancestors: inner)
        var keyed = fields.prefix(Self.maximumEntries).map { $0.text }
        if fields.count > Self.maximumEntries {
            keyed.append(paint("… (\(fields.count - Self.maximumEntries) more)", .opaque))
        }
        return layout(array: items, keyed: keyed, depth: depth)
    }

    /// A field outside the array part: how it sorts, and how it shows as `key = value`.
    private struct Field {
        /// Numbers first, then strings, then other keys by their text.
        let rank: Int
        let number: Double
        let name: String
        let text: String

        static func < (a: Field, b: Field) -> Bool {
            (a.rank, a.number, a.name) < (b.rank, b.number, b.name)
        }
    }

    /// The fields of the table at `index` other than 1...arrayCount, sorted.
    private func keyedFields(of index: Int32, skippingArray arrayCount: Int, depth: Int,
                             ancestors: Set<UnsafeRawPointer>) -> [Field] {
        var fields: [Field] = []
        stack.pushNil()
        while stack.nextEntry(ofTableAt: index) {
            let key = stack.top - 1
            if stack.isInteger(at: key), let i = stack.value(at: key, as: Int.self), i >= 1 && i <= arrayCount {
                stack.pop()
                continue
            }
            let value = render(at: stack.top, depth: depth + 1, ancestors: ancestors)
            fields.append(field(key: key, value: value, depth: depth, ancestors: ancestors))
            stack.pop()
        }
        return fields.sorted(by: <)
    }

    /// The field with the key at `key` and the shown `value`.
    private func field(key: Int32, value: String, depth: Int, ancestors: Set<UnsafeRawPointer>) -> Field {
        switch stack.type(at: key) {
        case .number:
            let number = stack.value(at: key, as: Double.self) ?? 0
            return Field(rank: 0, number: number, name: "", text: "[\(paint(display(at: key), .number))] = \(value)")
        case .string:
            let name = stack.value(at: key, as: String.self) ?? ""
            let shown = isIdentifier(name) ? paint(name, .key) : "[\(paint(quoted(name), .string))]"
            return Field(rank: 1, number: 0, name: name, text: "\(shown) = \(value)")
        default:
            let shown = render(at: key, depth: depth + 1, ancestors: ancestors)
            return Field(rank: 2, number: 0, name: shown, text: "[\(shown)] = \(value)")
        }
    }

    /// The array items and keyed fields in braces: on one line if they are short, else on
    /// indented lines, array items filled into lines and fields one per line.
    private func layout(array: [String], keyed: [String], depth: Int) -> String {
        let items = array + keyed
        if items.isEmpty { return "{}" }
        let line = "{" + items.joined(separator: ", ") + "}"
        if !line.contains("\n") && visibleCount(line) + depth * Self.indentUnit.count <= Self.lineWidth {
            return line
        }
        let inner = String(repeating: Self.indentUnit, count: depth + 1)
        let outer = String(repeating: Self.indentUnit, count: depth)
        let lines = packed(array, width: Self.lineWidth - inner.count) + keyed.map { $0 + "," }
        return "{\n" + lines.map { inner + $0 + "\n" }.joined() + outer + "}"
    }

    /// `items`, each followed by a comma, filled into lines of at most `width` characters; an
    /// item of several lines stands alone.
    private func packed(_ items: [String], width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for item in items {
            let piece = item + ","
            if !current.isEmpty && (item.contains("\n") || visibleCount(current) + 1 + visibleCount(piece) > width) {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + piece
            if item.contains("\n") {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// The value at `index` as `tostring` shows it, or what went wrong in its `__tostring`.
    private func display(at index: Int32) -> String {
        do {
            return try stack.displayString(at: index)
        } catch {
            return "<error in __tostring: \(error.message)>"
        }
    }

    /// Whether the value at `index` has a metatable with `__tostring` or `__name`.
    private func hasToString(at index: Int32) -> Bool {
        guard stack.pushMetatable(ofValueAt: index) else { return false }
        defer { stack.pop(3) }
        let toString = stack.rawGet(tableAt: -1, field: "__tostring")
        let name = stack.rawGet(tableAt: -2, field: "__name")
        return toString != .nil || name == .string
    }

    /// `text` in the colour of `style`, when colouring.
    private func paint(_ text: String, _ style: Style) -> String {
        isColored ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// The characters of `text` that take room on screen, leaving out ANSI escapes.
    private func visibleCount(_ text: String) -> Int {
        var count = 0
        var inEscape = false
        for character in text.unicodeScalars {
            if character == "\u{1B}" { inEscape = true }
            else if inEscape { inEscape = character != "m" }
            else { count += 1 }
        }
        return count
    }
}

/// `text` as a Lua string literal in double quotes, with control characters escaped.
func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x7F:
            let digits = String(scalar.value)  // three digits: a digit may follow
            result += "\\" + String(repeating: "0", count: 3 - digits.count) + digits
        default: result.unicodeScalars.append(scalar)
        }
    }
    return result + "\""
}

/// Whether `name` can be written as `t.name` (a Lua name that is not a keyword).
func isIdentifier(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
    return name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }
        && !Completion.keywords.contains(name)
}
