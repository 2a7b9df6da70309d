import LuaBridge
import Testing

/// Counts the vectors that Lua has created and released.
private final class Census {
    var created = 0
    var released = 0
}

/// A vector of numbers, exposed to Lua with methods, indexing and arithmetic.
private final class Vector: LuaObject {
    static let luaTypeName = "vector"

    var values: [Double]
    private let census: Census?

    init(_ values: [Double], census: Census? = nil) {
        self.values = values
        self.census = census
        census?.created += 1
    }

    deinit {
        census?.released += 1
    }

    static var luaClass: LuaClass<Vector> {
        LuaClass(
            doc: "A vector of numbers. v[i] is its i-th element, #v its length.",
            methods: [
                .init("sum", doc: "The sum of the elements. Adds them in order.") { vector, stack in
                    stack.push(vector.values.reduce(0, +))
                    return 1
                },
                .init("dot", doc: "v:dot(w) is the dot product of v and w.") { vector, stack in
                    let other = try stack.argument(2, as: Vector.self)
                    stack.push(zip(vector.values, other.values).map(*).reduce(0, +))
                    return 1
                },
            ],
            metamethods: [
                .toString: { stack in
                    stack.push("vector(\(try stack.argument(1, as: Vector.self).values.count))")
                    return 1
                },
                .length: { stack in
                    stack.push(try stack.argument(1, as: Vector.self).values.count)
                    return 1
                },
                .index: { stack in
                    let vector = try stack.argument(1, as: Vector.self)
                    if let i = stack.value(at: 2, as: Int.self), vector.values.indices.contains(i - 1) {
                        stack.push(vector.values[i - 1])
                    } else if stack.value(at: 2, as: String.self) == "size" {
                        stack.push(vector.values.count)
                    } else {
                        stack.pushNil()
                    }
                    return 1
                },
                .newIndex: { stack in
                    let vector = try stack.argument(1, as: Vector.self)
                    vector.values[try stack.argument(2, as: Int.self) - 1] = try stack.argument(3, as: Double.self)
                    return 0
                },
                .add: { stack in
                    // Either operand may be the vector: 1 + v calls this with (1, v).
                    let vectorFirst = stack.value(at: 1, as: Vector.self) != nil
                    let vector = try stack.argument(vectorFirst ? 1 : 2, as: Vector.self)
                    let other: Int32 = vectorFirst ? 2 : 1
                    if let number = stack.value(at: other, as: Double.self) {
                        stack.push(Vector(vector.values.map { $0 + number }))
                    } else {
                        stack.push(Vector(zip(vector.values, try stack.argument(other, as: Vector.self).values).map(+)))
                    }
                    return 1
                },
                .negate: { stack in
                    stack.push(Vector(try stack.argument(1, as: Vector.self).values.map(-)))
                    return 1
                },
                .equal: { stack in
                    stack.push(try stack.argument(1, as: Vector.self).values == stack.argument(2, as: Vector.self).values)
                    return 1
                },
            ])
    }
}

/// An object whose class hooks nothing.
private final class Handle: LuaObject {
    static let luaTypeName = "handle"
    static var luaClass: LuaClass<Handle> { LuaClass(doc: "An opaque handle.") }
}

extension LuaStack {
    /// A vector's elements or an array's, as a later `sa.kendall` would read them.
    fileprivate func vectorOrArray(_ position: Int32) throws -> [Double] {
        if let vector = value(at: position, as: Vector.self) { return vector.values }
        if let array = value(at: position, as: [Double].self) { return array }
        throw LuaArgumentError(argument: position, problem: .wrongType(expected: "vector or array"))
    }
}

@Suite struct Userdata {
    let lua = try! LuaState()
    private let census = Census()

    init() {
        let census = census
        lua.stack.register("vector") { stack in
            stack.push(Vector((1...stack.top).map { stack.value(at: $0, as: Double.self) ?? 0 }, census: census))
            return 1
        }
        lua.stack.register("handle") { stack in
            stack.push(Handle())
            return 1
        }
        lua.stack.register("kendall") { stack in
            stack.push(min(try stack.vectorOrArray(1).count, try stack.vectorOrArray(2).count))
            return 1
        }
        lua.stack.register(LuaModule("stats", doc: "Statistics.", functions: [
            .init("kendall", doc: "Kendall's tau.") { stack in
                stack.push(min(try stack.vectorOrArray(1).count, try stack.vectorOrArray(2).count))
                return 1
            },
        ]))
    }

    /// Runs `code` and returns global `result` as a `T`.
    private func result<T: LuaReadable>(of code: String, as _: T.Type = T.self) throws -> T? {
        try lua.stack.run(code, name: "=test")
        return lua.stack.global("result", as: T.self)
    }

    @Test func methodsWithColonSyntax() throws {
        #expect(try result(of: "v = vector(1, 2, 3); result = v:sum() + v:dot(vector(1, 1, 1))", as: Double.self) == 12)
    }

    @Test func lengthIndexAndFields() throws {
        try lua.stack.run("v = vector(5, 6, 7); v[2] = 60")
        #expect(try result(of: "result = #v", as: Int.self) == 3)
        #expect(try result(of: "result = v[2]", as: Double.self) == 60)
        #expect(try result(of: "result = v.size", as: Int.self) == 3)
        #expect(try result(of: "result = v[4] == nil and v.nothing == nil", as: Bool.self) == true)
        #expect(try result(of: "result = type(v.sum)", as: String.self) == "function")
    }

    @Test func arithmeticAndComparison() throws {
        try lua.stack.run("v = vector(1, 2); w = vector(10, 20)")
        #expect(try result(of: "result = (v + w)[2]", as: Double.self) == 22)
        #expect(try result(of: "result = (1 + v)[1]", as: Double.self) == 2)
        #expect(try result(of: "result = (-v)[2]", as: Double.self) == -2)
        #expect(try result(of: "result = v == vector(1, 2) and v ~= w", as: Bool.self) == true)
    }

    @Test func tostringUsesTheHookOrTheClassName() throws {
        #expect(try result(of: "result = tostring(vector(1, 2))", as: String.self) == "vector(2)")
        let handle = try #require(try result(of: "result = tostring(handle())", as: String.self))
        #expect(handle.hasPrefix("handle: 0x"))
    }

    @Test func readsBackAsTheSwiftObject() throws {
        let vector = Vector([4, 2])
        lua.stack.setGlobal("v", to: vector)
        #expect(lua.stack.global("v", as: Vector.self) === vector)
        #expect(lua.stack.global("v", as: Handle.self) == nil)
    }

    @Test func collectingReleasesTheObjects() throws {
        try lua.stack.run("for i = 1, 1000 do local v = vector(i) end; kept = vector(1)")
        try lua.stack.run("collectgarbage(); collectgarbage()")
        #expect(census.created == 1000 + 1)
        #expect(census.released == 1000)
        try lua.stack.run("kept = nil; collectgarbage(); collectgarbage()")
        #expect(census.released == census.created)
    }

    @Test func closingTheStateReleasesTheObjects() throws {
        let census = Census()
        do {
            let lua = try LuaState()
            lua.stack.setGlobal("v", to: Vector([1], census: census))
        }
        #expect(census.created == 1)
        #expect(census.released == 1)
    }

    @Test func closeVariableReleasesAtScopeEnd() throws {
        try lua.stack.run("""
            do
                local v <close> = vector(1, 2)
                inside = v:sum()
            end
            """)
        #expect(lua.stack.global("inside", as: Double.self) == 3)
        #expect(census.released == 1)
    }

    @Test func closedObjectIsMisuse() throws {
        try lua.stack.run("""
            local escaped
            do
                local v <close> = vector(1, 2)
                escaped = v
            end
            _, method = pcall(function() return escaped:sum() end)
            _, argument = pcall(function() return vector(1):dot(escaped) end)
            """, name: "=test")
        #expect(lua.stack.global("method", as: String.self) == "test:6: attempt to use a closed vector")
        #expect(lua.stack.global("argument", as: String.self)
            == "test:7: bad argument #1 to 'dot' (attempt to use a closed vector)")
    }

    @Test func argumentErrorsNameTheFunctionAndPosition() throws {
        try lua.stack.run("""
            v = vector(1)
            _, global = pcall(function() return kendall(v, 'x') end)
            _, field = pcall(function() return stats.kendall({1}, handle()) end)
            _, method = pcall(function() return v:dot('x') end)
            _, badSelf = pcall(function() local t = {dot = v.dot}; return t:dot(v) end)
            _, wrongClass = pcall(function() return v:dot(handle()) end)
            _, asField = pcall(function() return v.dot(v, 3) end)
            """, name: "=test")
        let expected = [
            "global": "test:2: bad argument #2 to 'kendall' (vector or array expected, got string)",
            "field": "test:3: bad argument #2 to 'kendall' (vector or array expected, got handle)",
            "method": "test:4: bad argument #1 to 'dot' (vector expected, got string)",
            "badSelf": "test:5: calling 'dot' on bad self (vector expected, got table)",
            "wrongClass": "test:6: bad argument #1 to 'dot' (vector expected, got handle)",
            "asField": "test:7: bad argument #2 to 'dot' (vector expected, got number)",
        ]
        for (global, message) in expected {
            #expect(lua.stack.global(global, as: String.self) == message, "\(global)")
        }
    }

    @Test func lengthOfAnotherClassIsLuasOwnTypeError() throws {
        try lua.stack.run("_, message = pcall(function() return #handle() end)", name: "=test")
        #expect(lua.stack.global("message", as: String.self) == "test:1: attempt to get length of a handle value")
    }
}
