import CLua

/// A Swift value that can be pushed onto a Lua stack.
public protocol LuaPushable {
    /// Pushes `self` as one Lua value.
    func push(onto stack: LuaStack)
}

/// A Swift value that can be read from a Lua stack.
public protocol LuaReadable {
    /// The Lua type name expected in argument errors, such as "number".
    static var luaTypeName: String { get }

    /// The value at `index`, or nil if it is not (convertible to) a `Self`. Never raises.
    static func read(from stack: LuaStack, at index: Int32) -> Self?

    /// Why the value at `index`, which `read` refused, is a bad argument.
    static func argumentProblem(in stack: LuaStack, at index: Int32) -> LuaArgumentError.Problem
}

extension LuaReadable {
    /// By default a refused value is of the wrong type, as in "number expected, got table".
    public static func argumentProblem(in stack: LuaStack, at index: Int32) -> LuaArgumentError.Problem {
        .wrongType(expected: luaTypeName)
    }
}

/// A Swift value that goes both ways.
public typealias LuaConvertible = LuaPushable & LuaReadable

extension LuaStack {
    /// Pushes `value`.
    public func push(_ value: some LuaPushable) {
        value.push(onto: self)
    }

    /// Pushes nil.
    public func pushNil() {
        lua_pushnil(L)
    }

    /// The value at `index` as a `T`, or nil if it is not one (see each type's `read`).
    public func value<T: LuaReadable>(at index: Int32, as type: T.Type = T.self) -> T? {
        T.read(from: self, at: index)
    }
}

// MARK: - Basic types

extension Optional: LuaPushable where Wrapped: LuaPushable {
    /// Pushes the wrapped value, or nil.
    public func push(onto stack: LuaStack) {
        switch self {
        case .some(let value): value.push(onto: stack)
        case .none: stack.pushNil()
        }
    }
}

extension Bool: LuaConvertible {
    public static var luaTypeName: String { "boolean" }

    public func push(onto stack: LuaStack) {
        lua_pushboolean(stack.L, self ? 1 : 0)
    }

    /// Only a boolean reads as a Bool: Lua's truthiness would hide mistakes in option tables.
    public static func read(from stack: LuaStack, at index: Int32) -> Bool? {
        guard stack.type(at: index) == .boolean else { return nil }
        return lua_toboolean(stack.L, index) != 0
    }
}

extension Int: LuaConvertible {
    public static var luaTypeName: String { "number" }

    public func push(onto stack: LuaStack) {
        lua_pushinteger(stack.L, lua_Integer(self))
    }

    /// An integer, a float with an exact integer value, or a string of one, as lua_tointegerx.
    public static func read(from stack: LuaStack, at index: Int32) -> Int? {
        var isInteger: Int32 = 0
        let value = lua_tointegerx(stack.L, index, &isInteger)
        return isInteger != 0 ? Int(value) : nil
    }

    /// A number that is not an integer gets luaL_checkinteger's message.
    public static func argumentProblem(in stack: LuaStack, at index: Int32) -> LuaArgumentError.Problem {
        lua_isnumber(stack.L, index) != 0
            ? .invalid("number has no integer representation")
            : .wrongType(expected: luaTypeName)
    }
}

extension Double: LuaConvertible {
    public static var luaTypeName: String { "number" }

    public func push(onto stack: LuaStack) {
        lua_pushnumber(stack.L, self)
    }

    /// A number, or a string convertible to one, as lua_tonumberx.
    public static func read(from stack: LuaStack, at index: Int32) -> Double? {
        var isNumber: Int32 = 0
        let value = lua_tonumberx(stack.L, index, &isNumber)
        return isNumber != 0 ? value : nil
    }
}

extension String: LuaConvertible {
    public static var luaTypeName: String { "string" }

    /// Pushes the UTF-8 bytes, embedded zeros included.
    public func push(onto stack: LuaStack) {
        var string = self
        string.withUTF8 { bytes in
            _ = bytes.withMemoryRebound(to: CChar.self) { lua_pushlstring(stack.L, $0.baseAddress, $0.count) }
        }
    }

    /// A string, or a number converted to one in place (as lua_tolstring does). Invalid UTF-8
    /// is repaired with replacement characters.
    public static func read(from stack: LuaStack, at index: Int32) -> String? {
        var length = 0
        guard let bytes = lua_tolstring(stack.L, index, &length) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
    }
}

extension Array: LuaPushable where Element: LuaPushable {
    /// Pushes a sequence: a table with the elements at 1...count.
    public func push(onto stack: LuaStack) {
        stack.newTable(arrayCount: Int32(clamping: count))
        for (offset, element) in enumerated() {
            stack.push(element)
            stack.rawSet(tableAt: -2, index: offset + 1)
        }
    }
}

extension Array: LuaReadable where Element: LuaReadable {
    public static var luaTypeName: String { "table" }

    /// A table's elements 1...#t (its raw length), if every one reads as an `Element`.
    public static func read(from stack: LuaStack, at index: Int32) -> [Element]? {
        guard stack.type(at: index) == .table else { return nil }
        let table = stack.absoluteIndex(index)
        var elements: [Element] = []
        for i in stride(from: 1, through: stack.rawLength(at: table), by: 1) {
            stack.rawGet(tableAt: table, index: i)
            defer { stack.pop() }
            guard let element = stack.value(at: -1, as: Element.self) else { return nil }
            elements.append(element)
        }
        return elements
    }
}
