import CLua

/// A Swift class whose instances Lua holds as full userdata, as liolib.c holds files: the
/// userdata retains the object and releases it when Lua collects it (`__gc`) or, earlier, when a
/// `local t <close>` variable goes out of scope (`__close`); a released object reads as "closed".
///
/// `luaTypeName` (from LuaReadable) is the class's `__name`: `tostring` without a `.toString`
/// hook gives "tensor: 0x...", and argument errors say "tensor expected, got string" or
/// "number expected, got tensor". It is also the key of the class's metatable in the registry,
/// so it must be unique among the classes of a state.
public protocol LuaObject: AnyObject, LuaConvertible {
    /// The class as Lua sees it, read when the first object is pushed onto a state.
    static var luaClass: LuaClass<Self> { get }
}

extension LuaObject {
    /// Pushes a userdata holding `self`, retained.
    public func push(onto stack: LuaStack) {
        let slot = lua_newuserdatauv(stack.L, MemoryLayout<UnsafeMutableRawPointer?>.size, 0)!
        slot.storeBytes(of: Unmanaged<AnyObject>.passRetained(self).toOpaque(), as: UnsafeMutableRawPointer?.self)
        stack.pushMetatable(of: Self.self)
        lua_setmetatable(stack.L, -2)
    }

    /// The object held by the userdata at `index`, if it is one of this class and not closed.
    public static func read(from stack: LuaStack, at index: Int32) -> Self? {
        guard let slot = stack.objectSlot(at: index, of: Self.self),
              let object = slot.load(as: UnsafeMutableRawPointer?.self)
        else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(object).takeUnretainedValue() as? Self
    }

    /// A closed object is the right type but unusable, as liolib's "attempt to use a closed file".
    public static func argumentProblem(in stack: LuaStack, at index: Int32) -> LuaArgumentError.Problem {
        stack.objectSlot(at: index, of: Self.self) == nil
            ? .wrongType(expected: luaTypeName)
            : .invalid("attempt to use a closed \(luaTypeName)")
    }
}

extension LuaStack {
    /// The metatable field holding the methods table, which `__index` also is unless the class
    /// hooks `.index`.
    static let methodsField = "__methods"

    /// The type name luaL_typeerror gives the value at `index`: a userdata's `__name` if it has
    /// one, else its basic type name.
    func luaTypeName(at index: Int32) -> String {
        let index = absoluteIndex(index)
        guard type(at: index) == .userdata, lua_getmetatable(L, index) != 0 else { return typeName(at: index) }
        defer { pop(2) }
        rawGet(tableAt: -1, field: "__name")
        return type(at: -1) == .string ? value(at: -1, as: String.self)! : typeName(at: index)
    }

    /// The object slot of the userdata at `index` if its metatable is `Object`'s (luaL_testudata).
    fileprivate func objectSlot<Object: LuaObject>(at index: Int32, of _: Object.Type) -> UnsafeMutableRawPointer? {
        luaL_testudata(L, index, Object.luaTypeName)
    }

    /// Pushes `Object`'s metatable, creating it from `Object.luaClass` the first time in this state
    /// (luaL_newmetatable: it is registry[luaTypeName] and its `__name` is luaTypeName).
    fileprivate func pushMetatable<Object: LuaObject>(of _: Object.Type) {
        guard luaL_newmetatable(L, Object.luaTypeName) != 0 else { return }
        let luaClass = Object.luaClass
        document(valueAt: -1, luaClass.doc)
        newTable(recordCount: Int32(clamping: luaClass.methods.count))
        for method in luaClass.methods {
            push(function: { stack in try method.function(stack.receiver(of: Object.self), stack) }, doc: method.doc)
            rawSet(tableAt: -2, field: method.name)
        }
        // The stack holds the metatable and the methods table; next, the value of __index.
        if let index = luaClass.metamethods[.index] {
            push(function: { stack in
                // Methods first, so colon syntax works whatever keys the hook accepts.
                try stack.pushMethod(of: Object.self) ? 1 : index(stack)
            })
        } else {
            pushCopy(of: -1)
        }
        rawSet(tableAt: -3, field: LuaMetamethod.index.rawValue)
        rawSet(tableAt: -2, field: Self.methodsField)
        for (metamethod, function) in luaClass.metamethods where metamethod != .index {
            push(function: function)
            rawSet(tableAt: -2, field: metamethod.rawValue)
        }
        for event in ["__gc", "__close"] {
            push(function: { stack in
                try stack.releaseObject(of: Object.self)
                return 0
            })
            rawSet(tableAt: -2, field: event)
        }
    }

    /// The object a method is called on, at 1. A closed one is misuse rather than a bad argument
    /// (which Lua would report as "calling 'sum' on bad self"), reported as liolib reports a
    /// closed file: "attempt to use a closed tensor".
    private func receiver<Object: LuaObject>(of _: Object.Type) throws -> Object {
        if let object = value(at: 1, as: Object.self) { return object }
        guard objectSlot(at: 1, of: Object.self) == nil else { throw ClosedObjectError(className: Object.luaTypeName) }
        throw LuaArgumentError(argument: 1, problem: .wrongType(expected: Object.luaTypeName))
    }

    /// For `__index` (object, key): pushes the method named by the key, if there is one.
    private func pushMethod<Object: LuaObject>(of _: Object.Type) -> Bool {
        sa_luaL_getmetatable(L, Object.luaTypeName)
        rawGet(tableAt: -1, field: Self.methodsField)
        pushCopy(of: 2)
        let found = LuaType(code: lua_rawget(L, -2)) != .nil
        if found {
            insert(at: -3)
            pop(2)
        } else {
            pop(3)
        }
        return found
    }

    /// For `__gc` and `__close`: releases the object held by the userdata at 1, which then reads
    /// as closed. Releasing twice (`__close`, then `__gc`) is harmless.
    private func releaseObject<Object: LuaObject>(of _: Object.Type) throws(LuaArgumentError) {
        guard let slot = objectSlot(at: 1, of: Object.self) else {
            throw LuaArgumentError(argument: 1, problem: .wrongType(expected: Object.luaTypeName))
        }
        guard let object = slot.load(as: UnsafeMutableRawPointer?.self) else { return }
        slot.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
        Unmanaged<AnyObject>.fromOpaque(object).release()
    }
}

/// A method called on a closed object.
private struct ClosedObjectError: Error, CustomStringConvertible {
    let className: String

    var description: String { "attempt to use a closed \(className)" }
}
