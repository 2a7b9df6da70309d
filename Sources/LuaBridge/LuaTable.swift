import CLua

// Tables are accessed raw, without metamethods: a metamethod may raise an error, and Swift code
// must not be crossed by one (see CLua/shim.h).
extension LuaStack {
    /// Pushes a new empty table, preallocated for `arrayCount` sequence elements and
    /// `recordCount` other fields.
    public func newTable(arrayCount: Int32 = 0, recordCount: Int32 = 0) {
        lua_createtable(L, arrayCount, recordCount)
    }

    /// Pops a value and stores it as t[index], where t is the table at `table`.
    public func rawSet(tableAt table: Int32, index: Int) {
        lua_rawseti(L, table, lua_Integer(index))
    }

    /// Pushes t[index], where t is the table at `table`, and returns its type.
    @discardableResult
    public func rawGet(tableAt table: Int32, index: Int) -> LuaType {
        LuaType(code: lua_rawgeti(L, table, lua_Integer(index)))
    }

    /// Pops a value and stores it as t[field], where t is the table at `table`.
    public func rawSet(tableAt table: Int32, field: String) {
        let table = absoluteIndex(table)
        push(field)
        insert(at: -2)
        lua_rawset(L, table)
    }

    /// Pushes t[field], where t is the table at `table`, and returns its type.
    @discardableResult
    public func rawGet(tableAt table: Int32, field: String) -> LuaType {
        let table = absoluteIndex(table)
        push(field)
        return LuaType(code: lua_rawget(L, table))
    }

    /// The raw length of the value at `index`: #t without __len for a table, the byte count
    /// of a string, the size of a userdata; 0 otherwise.
    public func rawLength(at index: Int32) -> Int {
        Int(lua_rawlen(L, index))
    }
}

extension LuaStack {
    /// Pushes a new table with the given fields, in order: `{name = value, ...}`.
    public func pushRecord(_ fields: KeyValuePairs<String, any LuaPushable>) {
        push(LuaRecord(fields.map { ($0.key, $0.value) }))
    }

    /// Calls `body` for each key-value pair of the table at `table`, in lua_next's order, with
    /// the key at -2 and the value at -1; `body` must leave the stack as it found it. Keys must
    /// not be converted in place (a number read as a string would derail lua_next): read a copy.
    public func forEachPair(inTableAt table: Int32, _ body: () throws -> Void) rethrows {
        let table = absoluteIndex(table)
        pushNil()
        while lua_next(L, table) != 0 {
            do {
                try body()
            } catch {
                pop(2)
                throw error
            }
            pop()
        }
    }
}

/// A table built from Swift fields, pushed as `{key = value, ...}`.
public struct LuaRecord: LuaPushable {
    public let fields: [(String, any LuaPushable)]

    public init(_ fields: [(String, any LuaPushable)]) {
        self.fields = fields
    }

    public func push(onto stack: LuaStack) {
        stack.newTable(recordCount: Int32(clamping: fields.count))
        for (key, value) in fields {
            value.push(onto: stack)
            stack.rawSet(tableAt: -2, field: key)
        }
    }
}
