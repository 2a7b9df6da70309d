import Autodiff
import LuaBridge
import SashellCore

/// `sa.tensor`, `sa.zeros` and `sa.load`: making tensors from Lua values and files (and models from checkpoints).
enum TensorFunctions {
    static var module: LuaModule {
        LuaModule("sa", doc: SashellLibrary.doc, functions: [
            .init("tensor", doc: """
                sa.tensor(a) is a tensor of the numbers in the array a, nested as deep as the tensor's \
                rank (up to 3): sa.tensor{0.2, 0.3, 0.5} or sa.tensor{{1, 2}, {3, 4}}. Every row must \
                be as long as the first; a tensor argument is returned as it is.
                """) { stack in
                let tensor = try stack.tensorArgument(1)
                stack.push(LuaTensor(tensor))
                return 1
            },
            .init("zeros", doc: "sa.zeros(d1, d2, ...) is a tensor of zeros of shape {d1, d2, ...}, one to three dimensions.") { stack in
                guard (1...3).contains(stack.top) else {
                    throw ScriptError("zeros takes one to three dimensions, got \(stack.top)")
                }
                let shape = try (1...stack.top).map { position throws(LuaArgumentError) in
                    let dimension = try stack.argument(position, as: Int.self)
                    guard dimension >= 0 else {
                        throw LuaArgumentError(argument: position, problem: .invalid("dimension must be non-negative, got \(dimension)"))
                    }
                    return dimension
                }
                guard Tensor.validatedCount(of: shape) != nil else {
                    throw ScriptError("zeros: shape \(shape) is too large (at most \(Tensor.maximumCount) elements)")
                }
                stack.push(LuaTensor(Tensor.zeros(shape)))
                return 1
            },
            .init("load", doc: """
                sa.load(path) reads a safetensors file: a model checkpoint (as m:save writes) gives \
                the model, with its vocabulary, tokenizer and m.history; a file of one tensor (as \
                t:save writes) gives that tensor, any other a table from names to tensors.
                """) { stack in
                let path = try stack.argument(1, as: String.self)
                let tensors: [String: Tensor]
                do {
                    let file = try Safetensors.read(from: path)
                    if file.metadata["format"] == Checkpoint.format {
                        do {
                            stack.push(try LuaModel(checkpoint: path))
                        } catch {
                            throw ScriptError("cannot load the model: \(error)")
                        }
                        return 1
                    }
                    tensors = file.tensors
                } catch let error as ScriptError {
                    throw error
                } catch {
                    throw ScriptError("cannot load tensors: \(error)")
                }
                if tensors.count == 1 {
                    stack.push(LuaTensor(tensors.first!.value))
                } else {
                    stack.newTable(recordCount: Int32(clamping: tensors.count))
                    for (name, tensor) in tensors {
                        stack.push(LuaTensor(tensor))
                        stack.rawSet(tableAt: -2, field: name)
                    }
                }
                return 1
            },
        ])
    }
}
