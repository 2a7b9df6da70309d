/// How Lua sees a Swift class (see LuaObject): its docstring, its methods, called with colon
/// syntax (`t:sum()`), and the metamethods it hooks. The bridge adds `__name`, `__gc` and
/// `__close` itself.
public struct LuaClass<Object: LuaObject> {
    /// A method: a Swift function whose first argument is the object itself.
    public struct Method {
        public let name: String
        public let doc: String
        /// Receives the object (Lua's argument 1, `self`) and the stack, where its other
        /// arguments are at 2...top, as in any LuaFunction. Lua numbers them from 1 in messages.
        public let function: (Object, LuaStack) throws -> Int32

        public init(_ name: String, doc: String, function: @escaping (Object, LuaStack) throws -> Int32) {
            self.name = name
            self.doc = doc
            self.function = function
        }
    }

    public let doc: String
    public let methods: [Method]
    /// The operators and events the class answers. Each is an ordinary LuaFunction receiving
    /// Lua's operands: for binary operators either one may be the object (`2 * t` as well as
    /// `t * 2`). `.index` is consulted only for keys that are not methods.
    public let metamethods: [LuaMetamethod: LuaFunction]

    public init(doc: String, methods: [Method] = [], metamethods: [LuaMetamethod: LuaFunction] = [:]) {
        self.doc = doc
        self.methods = methods
        self.metamethods = metamethods
    }
}

/// The metamethods a class may hook, named after their fields in the metatable.
public enum LuaMetamethod: String, Sendable {
    case toString = "__tostring", length = "__len", call = "__call"
    case index = "__index", newIndex = "__newindex"
    case add = "__add", subtract = "__sub", multiply = "__mul", divide = "__div", negate = "__unm"
    case equal = "__eq", lessThan = "__lt", lessOrEqual = "__le", concatenate = "__concat"
}
