import CLua

/// A Swift function callable from Lua. It finds its arguments at 1...top of `stack`, pushes its
/// results and returns how many. A thrown error becomes a Lua error, raised by C on its behalf
/// (see CLua/shim.h). A LuaArgumentError reads like luaL_argerror's; a LuaError (from Lua code the
/// function ran) passes on its message as it is; any other error gives its description, after the
/// position of the calling Lua code, as luaL_error does ("script.lua:3: no such dataset").
///
/// Use the `stack` passed in rather than capturing the LuaState: the state owns the closure, so
/// capturing it would keep both alive forever.
public typealias LuaFunction = (_ stack: LuaStack) throws -> Int32

extension LuaStack {
    /// Pushes `function` as a Lua function. The closure lives as long as the Lua function does.
    public func push(function: @escaping LuaFunction) {
        pushFunctionBox(LuaFunctionBox(function))
        sa_lua_pushswiftclosure(L, { L in
            let stack = LuaStack(L!)
            let arguments = stack.top
            do {
                return try LuaFunctionBox.inUpvalue(of: stack).function(stack)
            } catch let error as LuaArgumentError {
                stack.setTop(arguments)  // drop partial results: the message may inspect the arguments
                return error.pushForTrampoline(onto: stack)
            } catch let error as LuaError {
                stack.push(error.message)
                return SA_LUA_RAISE
            } catch {
                stack.push(String(describing: error))
                return SA_LUA_ERROR
            }
        }, 1)
    }

    /// Sets global `name` to `function`.
    public func register(_ name: String, function: @escaping LuaFunction) {
        push(function: function)
        setGlobal(name)
    }

    /// Pushes a userdata holding `box` retained, released when Lua collects the userdata.
    private func pushFunctionBox(_ box: LuaFunctionBox) {
        let slot = lua_newuserdatauv(L, MemoryLayout<UnsafeMutableRawPointer>.size, 0)!
        slot.storeBytes(of: Unmanaged.passRetained(box).toOpaque(), as: UnsafeMutableRawPointer.self)
        if luaL_newmetatable(L, LuaFunctionBox.metatableName) != 0 {
            sa_lua_pushswiftclosure(L, { L in
                let slot = lua_touserdata(L, 1)!
                Unmanaged<LuaFunctionBox>.fromOpaque(slot.load(as: UnsafeMutableRawPointer.self)).release()
                return 0
            }, 0)
            rawSet(tableAt: -2, field: "__gc")
        }
        lua_setmetatable(L, -2)
    }
}

/// Keeps a Swift closure alive for Lua, inside a userdata that is upvalue 2 of its trampoline.
private final class LuaFunctionBox {
    /// The registry name of the userdata's metatable, whose __gc releases the box.
    static let metatableName = "sashell.LuaFunctionBox"

    let function: LuaFunction

    init(_ function: @escaping LuaFunction) {
        self.function = function
    }

    /// The box of the Swift function running on `stack`.
    static func inUpvalue(of stack: LuaStack) -> LuaFunctionBox {
        let slot = lua_touserdata(stack.L, sa_lua_upvalueindex(2))!
        return Unmanaged.fromOpaque(slot.load(as: UnsafeMutableRawPointer.self)).takeUnretainedValue()
    }
}
