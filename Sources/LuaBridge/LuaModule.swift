import CLua

/// A documented table of Swift functions published as a Lua global, such as `sa`, possibly with
/// documented submodules, such as `sa.fi`. `help()` lists the registered modules; `help(sa)` lists
/// a module's functions and submodules.
public struct LuaModule {
    /// A function of a module, with its docstring.
    public struct Function {
        public let name: String
        public let doc: String
        public let function: LuaFunction

        public init(_ name: String, doc: String, function: @escaping LuaFunction) {
            self.name = name
            self.doc = doc
            self.function = function
        }
    }

    public let name: String
    public let doc: String
    public let functions: [Function]
    public let submodules: [LuaModule]

    public init(_ name: String, doc: String, functions: [Function] = [], submodules: [LuaModule] = []) {
        self.name = name
        self.doc = doc
        self.functions = functions
        self.submodules = submodules
    }
}

extension LuaStack {
    /// The registry field of the table whose keys are the names of the registered modules.
    static let modulesField = "sashell.modules"

    /// Publishes `module` as a global. If the global is already a table, the module's functions
    /// and submodules are added to it (and its docstring replaced), so that several Swift files
    /// can each contribute to one module.
    public func register(_ module: LuaModule) {
        sa_lua_pushglobaltable(L)
        add(module, toTableAt: -1, path: module.name)
        pop()
        let registry = sa_lua_registryindex()
        if rawGet(tableAt: registry, field: Self.modulesField) != .table {
            pop()
            newTable()
            pushCopy(of: -1)
            rawSet(tableAt: registry, field: Self.modulesField)
        }
        push(true)
        rawSet(tableAt: -2, field: module.name)
        pop()
    }

    /// Stores `module` as field `module.name` of the table at `parent`, reusing a table there,
    /// and records it in package.loaded as `path` ("sa", "sa.stats").
    private func add(_ module: LuaModule, toTableAt parent: Int32, path: String) {
        let parent = absoluteIndex(parent)
        if rawGet(tableAt: parent, field: module.name) != .table {
            pop()
            newTable(recordCount: Int32(clamping: module.functions.count + module.submodules.count))
            pushCopy(of: -1)
            rawSet(tableAt: parent, field: module.name)
        }
        document(valueAt: -1, module.doc)
        markLoaded(path)
        for function in module.functions {
            push(function: function.function, doc: function.doc)
            rawSet(tableAt: -2, field: function.name)
        }
        for submodule in module.submodules {
            add(submodule, toTableAt: -1, path: path + "." + submodule.name)
        }
        pop()
    }

    /// Records the table on top of the stack in package.loaded (the registry's "_LOADED", Lua's
    /// LUA_LOADED_TABLE) as `path`, as luaL_requiref does for Lua's own libraries: `require`
    /// then finds it, and error messages name its functions ("bad argument #1 to 'sa.kendall'"),
    /// since Lua looks functions up there by value when a call site gives no name.
    private func markLoaded(_ path: String) {
        if rawGet(tableAt: sa_lua_registryindex(), field: "_LOADED") == .table {
            pushCopy(of: -2)
            rawSet(tableAt: -2, field: path)
        }
        pop()
    }
}
