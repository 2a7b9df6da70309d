import Autodiff
import LuaBridge

// Reading numbers from Lua arguments. Functions that take "a vector" accept a Lua array of
// numbers or a 1-D tensor; those that take "a matrix" too, a nested array or a 2-D tensor.

extension LuaStack {
    /// Argument `position` as a tensor of one of `ranks`: a tensor object, or a Lua array nested
    /// as deep as its rank. Ragged nesting, non-numbers and empty arrays are bad arguments.
    func tensorArgument(_ position: Int32, ranks: ClosedRange<Int> = 1...3) throws(LuaArgumentError) -> Tensor {
        guard type(at: position) == .table || value(at: position, as: LuaTensor.self) != nil else {
            throw LuaArgumentError(argument: position, problem: .wrongType(expected: "table or tensor"))
        }
        do {
            return try tensor(at: position, ranks: ranks)
        } catch {
            throw LuaArgumentError(argument: position, problem: .invalid(error.description))
        }
    }

    /// The tensor, or nested array, at `index` if it has one of `ranks`; else what is wrong with it.
    func tensor(at index: Int32, ranks: ClosedRange<Int>) throws(ScriptError) -> Tensor {
        let tensor: Tensor
        if let object = value(at: index, as: LuaTensor.self) {
            tensor = object.tensor
        } else if type(at: index) == .table {
            let array = try nestedArray(at: index)
            tensor = Tensor(shape: array.shape, scalars: array.scalars.map(Float.init))
        } else {
            throw ScriptError("expected a table or tensor, got \(typeName(at: index))")
        }
        try check(tensor.shape, isOf: ranks)
        return tensor
    }

    /// Argument `position` as a vector of doubles, for the statistics. An array is read in double
    /// precision, so that Lua numbers reach the statistics without Float32 rounding.
    func vectorArgument(_ position: Int32) throws(LuaArgumentError) -> [Double] {
        guard type(at: position) == .table else { return try tensorArgument(position, ranks: 1...1).scalars.map(Double.init) }
        do {
            let array = try nestedArray(at: position)
            try check(array.shape, isOf: 1...1)
            return array.scalars
        } catch {
            throw LuaArgumentError(argument: position, problem: .invalid(error.description))
        }
    }

    private func check(_ shape: [Int], isOf ranks: ClosedRange<Int>) throws(ScriptError) {
        guard !ranks.contains(shape.count) else { return }
        let wanted = ranks.count == 1 ? "\(ranks.lowerBound)-D" : "\(ranks.lowerBound)-D to \(ranks.upperBound)-D"
        throw ScriptError("expected a \(wanted) array or tensor, got shape \(shape)")
    }

    /// The deepest nesting an array argument may have: the rank of the largest tensors.
    static let maximumNesting = 3

    /// The nested array of numbers at `index`, or what is wrong with it.
    private func nestedArray(at index: Int32) throws(ScriptError) -> (shape: [Int], scalars: [Double]) {
        var shape: [Int] = []
        var scalars: [Double] = []
        try readNested(at: absoluteIndex(index), depth: 0, path: "", shape: &shape, scalars: &scalars)
        return (shape, scalars)
    }

    /// Appends the numbers of the (sub)array at `index` to `scalars`. The first array met at each
    /// depth fixes that dimension of `shape`; every later one must agree. `path` names the
    /// subarray in messages, as "[2][1]".
    private func readNested(at index: Int32, depth: Int, path: String, shape: inout [Int], scalars: inout [Double]) throws(ScriptError) {
        // No tensor has more than 3 dimensions; stopping here also keeps a table that contains
        // itself (or a chain of 100,000 nested tables) from recursing until the stack overflows.
        guard depth < Self.maximumNesting else {
            throw ScriptError("arrays nested deeper than \(Self.maximumNesting) levels")
        }
        let count = rawLength(at: index)
        let place = path.isEmpty ? "array" : "element \(path)"
        guard count > 0 else { throw ScriptError("\(place) is empty") }
        if depth == shape.count {
            // The first array this deep fixes the dimension; its first element, the nesting below.
            shape.append(count)
        } else if shape[depth] != count {
            throw ScriptError("ragged nesting: \(place) has \(count) elements, expected \(shape[depth])")
        }
        guard reserve(2) else { throw ScriptError("arrays nested too deep") }
        for i in 1...count {
            let elementPath = path + "[\(i)]"
            defer { pop() }
            switch rawGet(tableAt: index, index: i) {
            case .number where depth == shape.count - 1:
                scalars.append(value(at: -1, as: Double.self)!)
            case .table where depth < shape.count - 1 || (i == 1 && scalars.isEmpty):
                try readNested(at: absoluteIndex(-1), depth: depth + 1, path: elementPath, shape: &shape, scalars: &scalars)
            case .number, .table:
                throw ScriptError("ragged nesting: element \(elementPath) is a \(typeName(at: -1)) where its neighbours are not")
            default:
                throw ScriptError("element \(elementPath) is a \(typeName(at: -1)), expected a number")
            }
        }
    }
}
