import CLua

// Docstrings. Every function, class and module registered from Swift carries a one-paragraph help
// text, kept in a registry table keyed by the documented value itself (the function, the class's
// metatable, the module table), so `help` finds it from the value alone, however the value was
// reached. The table's keys are weak: documenting a value does not keep it alive.
extension LuaStack {
    /// The registry field holding the docstring table.
    private static let documentationField = "sashell.documentation"

    /// Records `doc` as the docstring of the value at `index`, a function, table or userdata.
    public func document(valueAt index: Int32, _ doc: String) {
        let index = absoluteIndex(index)
        // Other values are not objects of their own (and nil cannot be a key).
        precondition([.function, .table, .userdata].contains(type(at: index)), "only functions, tables and userdata carry docstrings")
        pushDocumentationTable()
        pushCopy(of: index)
        push(doc)
        lua_rawset(L, -3)
        pop()
    }

    /// The docstring of the value at `index`, or nil if it has none.
    public func documentation(ofValueAt index: Int32) -> String? {
        let index = absoluteIndex(index)
        pushDocumentationTable()
        pushCopy(of: index)
        lua_rawget(L, -2)
        defer { pop(2) }
        return type(at: -1) == .string ? value(at: -1, as: String.self) : nil
    }

    /// Pushes `function` as a Lua function documented by `doc`.
    public func push(function: @escaping LuaFunction, doc: String) {
        push(function: function)
        document(valueAt: -1, doc)
    }

    /// Sets global `name` to `function`, documented by `doc`.
    public func register(_ name: String, doc: String, function: @escaping LuaFunction) {
        push(function: function, doc: doc)
        setGlobal(name)
    }

    /// Pushes the docstring table, creating it with weak keys on first use.
    private func pushDocumentationTable() {
        let registry = sa_lua_registryindex()
        guard rawGet(tableAt: registry, field: Self.documentationField) != .table else { return }
        pop()
        newTable()
        newTable(recordCount: 1)
        push("k")
        rawSet(tableAt: -2, field: "__mode")
        lua_setmetatable(L, -2)
        pushCopy(of: -1)
        rawSet(tableAt: registry, field: Self.documentationField)
    }
}
