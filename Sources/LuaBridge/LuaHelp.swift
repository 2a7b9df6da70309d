import CLua

// The `help` global: shows the docstrings of functions, classes and modules registered from
// Swift (see LuaDocumentation.swift). It writes through `io.write`, so it goes wherever Lua's own
// output goes (and `io.output` redirects it).
extension LuaStack {
    private static let helpDoc = """
        help([x]) prints documentation. help() lists the modules; help(sa) lists a module's \
        functions; help(sa.f) or help("sa.f") shows a function's docstring; help(obj) describes \
        an object's class and lists its methods.
        """

    /// Sets global `help`.
    public func registerHelp() {
        register("help", doc: Self.helpDoc) { stack in
            try stack.write(stack.helpText())
            return 0
        }
    }

    /// What `help` prints for its arguments, at 1...top.
    private func helpText() -> String {
        guard type(at: 1) != .none else { return overview() }
        guard type(at: 1) == .string, let name = value(at: 1, as: String.self) else {
            return help(forValueAt: 1, subject: "this \(luaTypeName(at: 1))")
        }
        pushValue(atPath: name)
        defer { pop() }
        guard type(at: -1) != .nil else { return "nothing is named '\(name)'\n" }
        return help(forValueAt: -1, subject: "'\(name)'")
    }

    /// The help for a value: a function's docstring, an object's class, a module's contents.
    private func help(forValueAt index: Int32, subject: String) -> String {
        let index = absoluteIndex(index)
        if type(at: index) == .userdata, lua_getmetatable(L, index) != 0 {
            defer { pop() }
            if let doc = documentation(ofValueAt: -1) {
                rawGet(tableAt: -1, field: "__name")
                let name = value(at: -1, as: String.self) ?? "object"
                rawGet(tableAt: -2, field: Self.methodsField)
                defer { pop(2) }
                return "\(name): \(doc)\n" + listing("Methods", ofTableAt: -1, type: .function)
            }
        } else if let doc = documentation(ofValueAt: index) {
            guard type(at: index) == .table else { return doc + "\n" }
            return doc + "\n" + listing("Functions", ofTableAt: index, type: .function)
                + listing("Modules", ofTableAt: index, type: .table)
        }
        return "no help for \(subject): only functions, objects and modules registered from Swift are documented\n"
    }

    /// `help()`: the registered modules and how to go further.
    private func overview() -> String {
        sa_lua_pushglobaltable(L)
        rawGet(tableAt: sa_lua_registryindex(), field: Self.modulesField)
        var modules: [(name: String, summary: String)] = []
        if type(at: -1) == .table {
            for name in stringKeys(ofTableAt: -1) {
                if rawGet(tableAt: -2, field: name) == .table {
                    modules.append((name, documentation(ofValueAt: -1).map(summary(of:)) ?? ""))
                }
                pop()
            }
        }
        pop(2)
        return (modules.isEmpty ? "No modules are registered.\n" : section("Modules", modules)) + """

            help(module) lists a module's functions, help(module.f) or help("module.f") shows one, \
            help(object) describes an object's class and its methods.

            """
    }

    /// A section listing the fields of `type` of the table at `index`, with their summaries;
    /// empty if there are none (or if the value at `index` is not a table).
    private func listing(_ title: String, ofTableAt index: Int32, type: LuaType) -> String {
        let index = absoluteIndex(index)
        guard self.type(at: index) == .table else { return "" }
        var entries: [(name: String, summary: String)] = []
        for name in stringKeys(ofTableAt: index) {
            if rawGet(tableAt: index, field: name) == type {
                entries.append((name, documentation(ofValueAt: -1).map(summary(of:)) ?? ""))
            }
            pop()
        }
        return entries.isEmpty ? "" : "\n" + section(title, entries)
    }

    /// The string keys of the table at `index`, sorted.
    private func stringKeys(ofTableAt index: Int32) -> [String] {
        let index = absoluteIndex(index)
        var keys: [String] = []
        pushNil()
        while lua_next(L, index) != 0 {
            // Only string keys are read: converting a number key in place would derail lua_next.
            if type(at: -2) == .string, let key = value(at: -2, as: String.self) {
                keys.append(key)
            }
            pop()
        }
        return keys.sorted()
    }

    /// Pushes the value that a dotted path such as "sa.fi.loo" names from the globals, or nil.
    private func pushValue(atPath path: String) {
        sa_lua_pushglobaltable(L)
        for name in path.split(separator: ".", omittingEmptySubsequences: false) {
            guard type(at: -1) == .table else {
                pop()
                pushNil()
                return
            }
            rawGet(tableAt: -1, field: String(name))
            remove(at: -2)
        }
    }

    /// Writes `text` with `io.write`.
    private func write(_ text: String) throws(LuaError) {
        if getGlobal("io") == .table {
            rawGet(tableAt: -1, field: "write")
            remove(at: -2)
        }
        guard type(at: -1) == .function else {
            pop()
            throw LuaError(kind: .runtime, message: "help needs io.write")
        }
        push(text)
        try call(arguments: 1)
    }
}

/// A titled list of names and summaries, the summaries aligned in a column.
private func section(_ title: String, _ entries: [(name: String, summary: String)]) -> String {
    let width = entries.map(\.name.count).max() ?? 0
    let lines = entries.map { entry in
        let gap = String(repeating: " ", count: width - entry.name.count + 2)
        return "  " + entry.name + (entry.summary.isEmpty ? "" : gap + entry.summary)
    }
    return title + ":\n" + lines.joined(separator: "\n") + "\n"
}

/// The first sentence of `doc`, as help lists it beside a name: up to the first full stop
/// followed by a space, or the end of the first line.
private func summary(of doc: String) -> String {
    let line = doc.prefix { $0 != "\n" }
    guard let stop = line.firstRange(of: ". ") else { return String(line) }
    return String(line[..<stop.upperBound].dropLast())
}
