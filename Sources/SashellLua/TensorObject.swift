import Autodiff
import LuaBridge

/// A tensor as Lua sees it: an immutable Autodiff tensor in a userdata. Indices are 1-based;
/// `t[i]` is a number of a 1-D tensor and a row (a tensor of one rank less) of a higher one.
final class LuaTensor: LuaObject {
    static let luaTypeName = "tensor"

    let tensor: Tensor

    init(_ tensor: Tensor) {
        self.tensor = tensor
    }

    static var luaClass: LuaClass<LuaTensor> {
        LuaClass(
            doc: """
                A tensor of 32-bit floats. #t is its first dimension, t[i] its i-th element (a number) \
                or row (a tensor); + - * / and unary minus apply elementwise with numbers and tensors \
                of the same shape; == compares shapes and values.
                """,
            methods: [
                .init("shape", doc: "t:shape() is the table of t's dimensions, such as {2, 3}.") { t, stack in
                    stack.push(t.tensor.shape)
                    return 1
                },
                .init("totable", doc: "t:totable() is t's values as a Lua array, nested as deep as t's rank.") { t, stack in
                    t.pushNested(onto: stack, dimension: 0, offset: 0)
                    return 1
                },
                .init("sum", doc: "t:sum() is the sum of all of t's values, added in double precision.") { t, stack in
                    stack.push(t.tensor.scalars.reduce(0) { $0 + Double($1) })
                    return 1
                },
                .init("mean", doc: "t:mean() is the mean of all of t's values; an error for an empty tensor.") { t, stack in
                    try t.requireValues("mean")
                    stack.push(t.tensor.scalars.reduce(0) { $0 + Double($1) } / Double(t.tensor.count))
                    return 1
                },
                .init("max", doc: "t:max() is the largest of t's values; an error for an empty tensor.") { t, stack in
                    try t.requireValues("max")
                    try t.requireOrderable("max")
                    stack.push(Double(t.tensor.scalars.max()!))
                    return 1
                },
                .init("argmax", doc: "t:argmax() is the 1-based index of the largest value of a 1-D tensor, the first if tied.") { t, stack in
                    let values = try t.vector("argmax")
                    try t.requireValues("argmax")
                    try t.requireOrderable("argmax")
                    stack.push(values.indices.max { values[$0] < values[$1] || (values[$0] == values[$1] && $0 > $1) }! + 1)
                    return 1
                },
                .init("topk", doc: """
                    t:topk(k) is the array of the 1-based indices of the k largest values of a 1-D tensor, \
                    largest first, ties broken by the lower index.
                    """) { t, stack in
                    let values = try t.vector("topk")
                    try t.requireOrderable("topk")
                    let k = try stack.argument(2, as: Int.self)
                    guard (0...values.count).contains(k) else {
                        throw LuaArgumentError(argument: 2, problem: .invalid("k must be in 0..\(values.count), got \(k)"))
                    }
                    let order = values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
                    stack.push(order.prefix(k).map { $0 + 1 })
                    return 1
                },
                .init("sort", doc: """
                    t:sort([{descending=false}]) is a sorted copy of a 1-D tensor, ascending unless \
                    descending is true.
                    """) { t, stack in
                    let values = try t.vector("sort")
                    try t.requireOrderable("sort")
                    let descending = try stack.options(2, [.boolean("descending", default: false)]).value("descending", as: Bool.self)!
                    stack.push(LuaTensor(Tensor(shape: t.tensor.shape, scalars: descending ? values.sorted(by: >) : values.sorted())))
                    return 1
                },
                .init("save", doc: """
                    t:save(path) writes t to a safetensors file as the tensor named "tensor"; the file \
                    is replaced atomically. sa.load(path) reads it back.
                    """) { t, stack in
                    let path = try stack.argument(2, as: String.self)
                    do {
                        try Safetensors.write(["tensor": t.tensor], to: path)
                    } catch {
                        throw ScriptError("cannot save tensor: \(error)")
                    }
                    return 0
                },
            ],
            metamethods: [
                .toString: { stack in
                    stack.push(try stack.argument(1, as: LuaTensor.self).tensor.preview)
                    return 1
                },
                .length: { stack in
                    stack.push(try stack.argument(1, as: LuaTensor.self).tensor.shape.first ?? 0)
                    return 1
                },
                .index: { stack in
                    try stack.argument(1, as: LuaTensor.self).pushElement(at: 2, of: stack)
                    return 1
                },
                .add: elementwise("+", +),
                .subtract: elementwise("-", -),
                .multiply: elementwise("*", *),
                .divide: elementwise("/", /),
                .negate: { stack in
                    stack.push(LuaTensor(try stack.argument(1, as: LuaTensor.self).tensor.map { -$0 }))
                    return 1
                },
                .equal: { stack in
                    // Lua calls __eq only when both operands are tensors.
                    let (a, b) = (try stack.argument(1, as: LuaTensor.self), try stack.argument(2, as: LuaTensor.self))
                    stack.push(a.tensor == b.tensor)
                    return 1
                },
            ])
    }

    /// The scalars of a 1-D tensor, for the methods that only make sense on one.
    private func vector(_ method: String) throws(ScriptError) -> [Float] {
        guard tensor.rank == 1 else { throw ScriptError("\(method) needs a 1-D tensor, got shape \(tensor.shape)") }
        return tensor.scalars
    }

    private func requireValues(_ method: String) throws(ScriptError) {
        guard tensor.count > 0 else { throw ScriptError("\(method) of an empty tensor") }
    }

    /// For the methods that order values: NaN has no place in an order, and left in it would
    /// make the result depend on where it sits.
    private func requireOrderable(_ method: String) throws(ScriptError) {
        guard !tensor.scalars.contains(where: \.isNaN) else {
            throw ScriptError("\(method): the tensor holds NaN, which has no order")
        }
    }

    /// For `t[key]`, key at `index`: element or row `key` (1-based). Any other key is an error
    /// rather than nil, so that a typo is not mistaken for a missing value.
    private func pushElement(at index: Int32, of stack: LuaStack) throws(ScriptError) {
        guard let count = tensor.shape.first else { throw ScriptError("a 0-D tensor cannot be indexed") }
        let range = count == 0 ? "(the tensor is empty)" : "(valid: 1..\(count))"
        if stack.type(at: index) == .string {
            throw ScriptError("tensor has no method '\(stack.value(at: index, as: String.self)!)'")
        }
        guard stack.type(at: index) == .number, let i = stack.value(at: index, as: Int.self) else {
            let key = stack.type(at: index) == .number ? "\(stack.value(at: index, as: Double.self)!)" : "a \(stack.typeName(at: index))"
            throw ScriptError("tensor index must be an integer, got \(key) \(range)")
        }
        guard count > 0, (1...count).contains(i) else { throw ScriptError("tensor index \(i) out of range \(range)") }
        if tensor.rank == 1 {
            stack.push(Double(tensor.scalars[i - 1]))
        } else {
            let rowShape = Array(tensor.shape.dropFirst())
            let size = rowShape.reduce(1, *)
            stack.push(LuaTensor(Tensor(shape: rowShape, scalars: Array(tensor.scalars[(i - 1) * size..<i * size]))))
        }
    }

    /// Pushes the block of dimension `dimension` from scalar `offset` as a nested array.
    private func pushNested(onto stack: LuaStack, dimension: Int, offset: Int) {
        guard dimension < tensor.rank else {
            stack.push(Double(tensor.scalars[offset]))
            return
        }
        let stride = tensor.shape[(dimension + 1)...].reduce(1, *)
        stack.newTable(arrayCount: Int32(clamping: tensor.shape[dimension]))
        for i in 0..<tensor.shape[dimension] {
            pushNested(onto: stack, dimension: dimension + 1, offset: offset + i * stride)
            stack.rawSet(tableAt: -2, index: i + 1)
        }
    }

    /// A binary operator's metamethod: either operand may be a number, or both same-shaped tensors.
    private static func elementwise(_ symbol: String, _ operation: @escaping (Float, Float) -> Float) -> LuaFunction {
        { stack in
            let (a, b) = (stack.value(at: 1, as: LuaTensor.self)?.tensor, stack.value(at: 2, as: LuaTensor.self)?.tensor)
            let result: Tensor
            switch (a, b) {
            case let (a?, b?):
                guard a.shape == b.shape else {
                    throw ScriptError("cannot apply '\(symbol)' to tensors of shapes \(a.shape) and \(b.shape)")
                }
                result = Tensor(shape: a.shape, scalars: zip(a.scalars, b.scalars).map(operation))
            case let (a?, nil):
                let b = Float(try stack.argument(2, as: Double.self))
                result = a.map { operation($0, b) }
            case let (nil, b?):
                let a = Float(try stack.argument(1, as: Double.self))
                result = b.map { operation(a, $0) }
            case (nil, nil):
                throw ScriptError("'\(symbol)' needs a tensor operand")
            }
            stack.push(LuaTensor(result))
            return 1
        }
    }
}
