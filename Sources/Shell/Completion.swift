import LuaBridge

/// Tab completion of Lua code, as pure functions of the text before the cursor and the Lua
/// state, so that it can be tested without a terminal. It reads tables and metatables raw, so
/// completing never runs Lua code nor raises an error.
///
/// A word is completed as a keyword or global name, a field along `a.b.c`, or a method after
/// `obj:` (found through the `__index` tables of metatables, as for strings). A function gets
/// "(" appended, a keyword a space; a table gets nothing, so that "." or ":" can follow.
struct Completion {
    let stack: LuaStack

    /// Lua 5.4's reserved words.
    static let keywords = ["and", "break", "do", "else", "elseif", "end", "false", "for", "function",
                           "goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then",
                           "true", "until", "while"]

    /// How many `__index` links a lookup follows, so that a loop of metatables ends.
    static let maximumIndexDepth = 16

    /// The candidates replacing `word`, the text before the cursor back to a word break;
    /// `prefix` is the line before the word (it supplies a receiver such as `("x")` to ":up").
    func candidates(for word: String, after prefix: String = "") -> [String] {
        let base = stack.top
        defer { stack.setTop(base) }
        if let colon = word.lastIndex(of: ":") {
            let receiver = String(word[..<colon])
            let partial = String(word[word.index(after: colon)...])
            guard pushReceiver(receiver.isEmpty ? nil : receiver, prefix: prefix) else { return [] }
            return names(in: -1, startingWith: partial, methodsOnly: true).map { receiver + ":" + $0 }
        }
        if let dot = word.lastIndex(of: ".") {
            let path = String(word[..<dot])
            let partial = String(word[word.index(after: dot)...])
            guard pushPath(path) else { return [] }
            return names(in: -1, startingWith: partial, methodsOnly: false).map { path + "." + $0 }
        }
        stack.getGlobal("_G")
        let globals = names(in: -1, startingWith: word, methodsOnly: false)
        let keywords = Self.keywords.filter { $0.hasPrefix(word) }.map { $0 + " " }
        return (keywords + globals).sorted()
    }

    /// Pushes the value that `receiver` (a path) names, or, without one, a string if `prefix`
    /// ends in a string literal such as `("x")`; false if there is no such value.
    private func pushReceiver(_ receiver: String?, prefix: String) -> Bool {
        if let receiver { return pushPath(receiver) }
        let trimmed = prefix.reversed().drop { $0 == ")" || $0 == " " }
        guard let last = trimmed.first, last == "\"" || last == "'" || last == "]" else { return false }
        stack.push("")
        return true
    }

    /// Pushes the value at `path` ("a.b.c", from the globals); false if a step is not there.
    private func pushPath(_ path: String) -> Bool {
        stack.getGlobal("_G")
        for step in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard isIdentifier(String(step)), lookUp(String(step)) else { return false }
        }
        return true
    }

    /// Replaces the value on top with its field `name`, through `__index` tables; false if
    /// there is no such field.
    private func lookUp(_ name: String) -> Bool {
        for _ in 0..<Self.maximumIndexDepth {
            if stack.type(at: -1) == .table {
                if stack.rawGet(tableAt: -1, field: name) != .nil {
                    stack.remove(at: -2)
                    return true
                }
                stack.pop()
            }
            guard pushIndexTable(of: -1) else { return false }
            stack.remove(at: -2)
        }
        return false
    }

    /// Pushes the `__index` table of the metatable of the value at `index`; false if none.
    private func pushIndexTable(of index: Int32) -> Bool {
        guard stack.pushMetatable(ofValueAt: index) else { return false }
        if stack.rawGet(tableAt: -1, field: "__index") == .table {
            stack.remove(at: -2)
            return true
        }
        stack.pop(2)
        return false
    }

    /// The names starting with `partial` of the value at `index`'s fields and of its `__index`
    /// tables, with their suffixes, sorted; only functions if `methodsOnly`.
    private func names(in index: Int32, startingWith partial: String, methodsOnly: Bool) -> [String] {
        var found: [String: String] = [:]
        stack.pushCopy(of: index)
        for _ in 0..<Self.maximumIndexDepth {
            if stack.type(at: -1) == .table {
                collect(from: stack.top, startingWith: partial, methodsOnly: methodsOnly, into: &found)
            }
            guard pushIndexTable(of: -1) else { break }
            stack.remove(at: -2)
        }
        stack.pop()
        return found.map { $0.key + $0.value }.sorted()
    }

    /// Adds to `found` the identifier keys of the table at `table` that start with `partial`,
    /// each with its suffix; keys already found (nearer in the `__index` chain) win.
    private func collect(from table: Int32, startingWith partial: String, methodsOnly: Bool,
                         into found: inout [String: String]) {
        stack.pushNil()
        while stack.nextEntry(ofTableAt: table) {
            defer { stack.pop() }
            guard stack.type(at: -2) == .string, let key = stack.value(at: -2, as: String.self),
                  key.hasPrefix(partial), isIdentifier(key), found[key] == nil else { continue }
            let type = stack.type(at: -1)
            if methodsOnly && type != .function { continue }
            found[key] = type == .function ? "(" : ""
        }
    }
}
