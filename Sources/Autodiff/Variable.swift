/// A node of the autodiff graph: a tensor value, the op that made it, and (after a backward
/// pass) its gradient.
///
/// Every op records its inputs and a backward closure; `backward` replays the recorded ops in
/// reverse topological order, so the graph is the tape. Leaves made with `requiresGrad: true`
/// are parameters: their gradients accumulate across passes until `zeroGrad()`. An op whose
/// inputs need no gradient records nothing, which is how frozen weights and no-grad inference
/// cost no memory.
///
/// **Batched cotangents.** A backward pass may start from k seed gradients at once (a vectorised
/// Jacobian: the gradients of k different functions of the output). Every gradient buffer then
/// holds k copies laid out as `[k] + shape`, and every backward closure handles the leading k:
/// for row-wise ops and matrix products this just means k times more rows, so the k gradients
/// cost one pass of larger GEMMs instead of k passes.
///
/// **Restricted passes.** `backward(cotangents:wrt:)` returns the gradients of chosen inputs
/// only, running just the ops on a path to them and writing no variable's stored gradient, so
/// that feature importance needs no weight gradient and leaves a model's alone. A pass, full or
/// restricted, marks and writes the nodes of its graph: two passes must not run at the same
/// time over graphs that share a node (a model's parameters).
public final class Variable {
    /// Receives the output gradient (`k * value.count` scalars, layout `[k] + shape`) and adds
    /// each input's contribution with `accumulateGrad`.
    public typealias Backward = (_ outputGrad: UnsafePointer<Float>, _ k: Int) -> Void

    /// Set only by optimisers, in place, through `updateInPlace`.
    public internal(set) var value: Tensor
    /// True for parameters and for every value computed from one.
    public let requiresGrad: Bool
    /// Keep this intermediate value's gradient after the pass (leaves always keep theirs).
    public var retainsGrad = false

    private(set) var inputs: [Variable]
    private(set) var backwardFn: Backward?
    private var gradStorage: [Float]?
    private var gradCotangents = 1
    /// Set for the duration of a restricted pass (`backward(cotangents:wrt:)`) on the variables
    /// off the path to its inputs: they take no gradient, and ops skip the work of forming one.
    private var isCutOff = false

    /// Whether ops record their backward passes: false inside `withoutGradients`.
    @TaskLocal public static var isRecording = true

    /// Runs `body` recording no graph, as `torch.no_grad()`: what it computes requires no gradient,
    /// and ops keep nothing for a backward pass (the LSTM no per-step tape). For inference,
    /// evaluation and forward-only feature importance.
    public static func withoutGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
        try $isRecording.withValue(false, operation: body)
    }

    /// Whether an op over `inputs` records a backward pass: one of them requires a gradient, and
    /// the graph is being recorded. An op that saves work for its backward pass asks this first.
    public static func records(_ inputs: [Variable]) -> Bool {
        isRecording && inputs.contains { $0.requiresGrad }
    }

    /// A leaf: a constant input, or a parameter when `requiresGrad` is true.
    public init(_ value: Tensor, requiresGrad: Bool = false) {
        self.value = value
        self.requiresGrad = requiresGrad
        self.inputs = []
        self.backwardFn = nil
    }

    /// The result of an op. Records `backward` only if some input needs a gradient and the graph
    /// is being recorded (`records`).
    public init(_ value: Tensor, inputs: [Variable], backward: @escaping Backward) {
        self.value = value
        self.requiresGrad = Self.records(inputs)
        self.inputs = requiresGrad ? inputs : []
        self.backwardFn = requiresGrad ? backward : nil
    }

    /// Releases the graph behind this node without recursion. Left to ARC, freeing a node frees
    /// its inputs (held by `inputs` and by the backward closure), whose deinits free theirs, and
    /// so on: one stack frame per node of a chain, which overflows for a long one (a Lua loop
    /// summing a loss over a dataset). Instead each input this node alone holds is unlinked here
    /// from its own inputs and closure before it is freed, so every deinit is shallow.
    deinit {
        var pending = inputs
        inputs = []
        backwardFn = nil  // its captured inputs stay alive in `pending`
        while var node = pending.popLast() {
            guard isKnownUniquelyReferenced(&node) else { continue }  // still used elsewhere
            pending.append(contentsOf: node.inputs)
            node.inputs = []
            node.backwardFn = nil
        }
    }

    public var shape: [Int] { value.shape }
    public var isLeaf: Bool { backwardFn == nil }

    /// The gradient from the last backward pass(es): shape `shape` after `backward()` or
    /// `backward(seed:)`, `[k] + shape` after `backward(cotangents:)` with k seeds.
    public var grad: Tensor? {
        guard let g = gradStorage else { return nil }
        return Tensor(shape: gradShape, scalars: g)
    }
    private var gradShape: [Int] = []

    /// Forgets the accumulated gradient.
    public func zeroGrad() { gradStorage = nil }

    /// Whether the pass under way wants this variable's gradient: it requires one, and the pass
    /// is not restricted to inputs it does not lead to. Ops test it to skip a gradient's work.
    public var needsGradient: Bool { requiresGrad && !isCutOff }

    /// Adds into this variable's gradient buffer (`k * count` scalars, zero until first written).
    /// Does nothing when the pass needs no gradient for it (`needsGradient`), so ops skip the
    /// work for frozen inputs, and for parameters during a pass restricted to other inputs.
    public func accumulateGrad(_ k: Int, _ body: (UnsafeMutablePointer<Float>) -> Void) {
        guard needsGradient else { return }
        if gradStorage == nil {
            gradStorage = [Float](repeating: 0, count: k * value.count)
            gradCotangents = k
        }
        precondition(gradCotangents == k, "accumulated gradient has \(gradCotangents) cotangents, "
                     + "this pass has \(k): call zeroGrad() between passes of different k")
        gradStorage!.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }

    /// Gives an optimiser the value's and the gradient's scalars to rewrite in place (after a
    /// single-seed backward, so both have `value.count` of them); returns false, doing nothing,
    /// when there is no gradient. Nothing is allocated: copy-on-write copies the value only if
    /// something still shares it (a `Tensor` read from `value` earlier), which then keeps the
    /// old scalars.
    @discardableResult
    func updateInPlace(_ body: (_ value: UnsafeMutableBufferPointer<Float>,
                                _ grad: UnsafeMutableBufferPointer<Float>) -> Void) -> Bool {
        withSingleSeedGrad { grad in value.scalars.withUnsafeMutableBufferPointer { body($0, grad) } }
    }

    /// Replaces a leaf's value with one of the same shape: loading a checkpoint, or restoring
    /// the weights of a model's best epoch. Graphs built from the old value keep it.
    public func assign(_ newValue: Tensor) {
        precondition(isLeaf && newValue.shape == value.shape,
                     "assign: a leaf's value can only be replaced by one of its shape \(value.shape), got \(newValue.shape)")
        value = newValue
    }

    /// Gives the gradient's scalars (after a single-seed backward) to rewrite in place, leaving
    /// the value alone; returns false, doing nothing, when there is no gradient.
    @discardableResult
    func withSingleSeedGrad(_ body: (_ grad: UnsafeMutableBufferPointer<Float>) -> Void) -> Bool {
        guard gradStorage != nil else { return false }
        precondition(gradCotangents == 1, "an optimiser needs single-seed gradients, "
                     + "this one has \(gradCotangents) cotangents")
        gradStorage!.withUnsafeMutableBufferPointer { body($0) }
        return true
    }

    // MARK: Backward passes

    /// Backpropagates from a scalar output (d self / d self = 1).
    public func backward() {
        precondition(value.count == 1, "backward(): output has shape \(shape); pass a seed")
        propagate(seed: [1], k: 1, batched: false)
    }

    /// Backpropagates the vector–Jacobian product with `seed` (same shape as the output).
    public func backward(seed: Tensor) {
        precondition(seed.shape == shape, "backward(seed:): seed \(seed.shape) vs output \(shape)")
        propagate(seed: seed.scalars, k: 1, batched: false)
    }

    /// One pass for k seeds at once: `cotangents` has shape `[k] + shape`; afterwards every
    /// leaf's `grad` has shape `[k] + leaf.shape`, row j being the gradient for seed j.
    public func backward(cotangents: Tensor) {
        precondition(cotangents.rank >= 1 && Array(cotangents.shape.dropFirst()) == shape,
                     "backward(cotangents:): expected [k] + \(shape), got \(cotangents.shape)")
        let k = cotangents.shape[0]
        propagate(seed: cotangents.scalars, k: k, batched: true)
    }

    /// The gradients of this output with respect to `inputs` alone, for k seeds at once
    /// (`cotangents` of shape `[k] + shape`): one `[k] + input.shape` tensor per input, zeros
    /// for an input the output does not depend on (or that requires no gradient). The inputs may
    /// be leaves or intermediate values of the graph.
    ///
    /// Only the ops on a path from an input to this output run their backward closures, and no
    /// variable's stored gradient changes: parameters keep whatever gradient they had (so
    /// feature importance during or after training neither pollutes nor perturbs it), and ops
    /// skip the products that would form theirs (the LSTM skips its weight GEMMs).
    public func backward(cotangents: Tensor, wrt inputs: [Variable]) -> [Tensor] {
        precondition(cotangents.rank >= 1 && Array(cotangents.shape.dropFirst()) == shape,
                     "backward(cotangents:wrt:): expected [k] + \(shape), got \(cotangents.shape)")
        let k = cotangents.shape[0]
        return zip(restrictedPropagate(seed: cotangents.scalars, k: k, to: inputs), inputs).map { scalars, input in
            Tensor(shape: [k] + input.shape, scalars: scalars.isEmpty ? [Float](repeating: 0, count: k * input.value.count) : scalars)
        }
    }

    /// `backward(cotangents:wrt:)` for one seed of the output's shape: gradients of the inputs' shapes.
    public func backward(seed: Tensor, wrt inputs: [Variable]) -> [Tensor] {
        precondition(seed.shape == shape, "backward(seed:wrt:): seed \(seed.shape) vs output \(shape)")
        return zip(backward(cotangents: seed.reshaped([1] + shape), wrt: inputs), inputs).map { $0.reshaped($1.shape) }
    }

    /// Runs the backward closures of the nodes on a path from `targets` to this output, the
    /// rest cut off; returns each target's gradient scalars (empty when it got none). Every node
    /// the pass touches gets its stored gradient back afterwards.
    private func restrictedPropagate(seed: [Float], k: Int, to targets: [Variable]) -> [[Float]] {
        guard requiresGrad else { return targets.map { _ in [] } }
        let order = topologicalOrder()
        let wanted = Set(targets.map(ObjectIdentifier.init))
        // Inputs come before the nodes that use them, so one sweep finds every node that leads to a target.
        var onPath = Set<ObjectIdentifier>()
        for node in order where wanted.contains(ObjectIdentifier(node))
            || node.inputs.contains(where: { onPath.contains(ObjectIdentifier($0)) }) {
            onPath.insert(ObjectIdentifier(node))
        }
        let path = order.filter { onPath.contains(ObjectIdentifier($0)) }
        let saved = path.map { ($0.gradStorage, $0.gradCotangents, $0.gradShape) }
        for node in order where !onPath.contains(ObjectIdentifier(node)) { node.isCutOff = true }
        for node in path { node.gradStorage = nil }
        defer {
            for node in order { node.isCutOff = false }
            for (node, (storage, cotangents, gradShape)) in zip(path, saved) {
                (node.gradStorage, node.gradCotangents, node.gradShape) = (storage, cotangents, gradShape)
            }
        }
        guard onPath.contains(ObjectIdentifier(self)) else { return targets.map { _ in [] } }
        accumulateGrad(k) { g in for i in 0..<seed.count { g[i] += seed[i] } }
        for node in path.reversed() {
            // A target whose own inputs lead to no other target is where the pass stops.
            guard let backwardFn = node.backwardFn, let g = node.gradStorage,
                  node.inputs.contains(where: { onPath.contains(ObjectIdentifier($0)) }) else { continue }
            g.withUnsafeBufferPointer { backwardFn($0.baseAddress!, k) }
            if !wanted.contains(ObjectIdentifier(node)) { node.gradStorage = nil }
        }
        return targets.map { $0.gradStorage ?? [] }
    }

    private func propagate(seed: [Float], k: Int, batched: Bool) {
        guard requiresGrad else { return }
        let order = topologicalOrder()
        for node in order where !node.isLeaf { node.gradStorage = nil }
        accumulateGrad(k) { g in for i in 0..<seed.count { g[i] += seed[i] } }
        for node in order.reversed() {
            node.gradShape = batched ? [k] + node.shape : node.shape
            guard let backwardFn = node.backwardFn, let g = node.gradStorage else { continue }
            g.withUnsafeBufferPointer { backwardFn($0.baseAddress!, k) }
            if !node.retainsGrad { node.gradStorage = nil }
        }
    }

    /// The nodes that need a gradient, each after all of its inputs (iterative depth-first search,
    /// so long chains cannot overflow the stack).
    private func topologicalOrder() -> [Variable] {
        var order: [Variable] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(node: Variable, nextInput: Int)] = [(self, 0)]
        visited.insert(ObjectIdentifier(self))
        while let (node, next) = stack.last {
            if next < node.inputs.count {
                stack[stack.count - 1].nextInput += 1
                let input = node.inputs[next]
                if input.requiresGrad && visited.insert(ObjectIdentifier(input)).inserted {
                    stack.append((input, 0))
                }
            } else {
                order.append(node)
                stack.removeLast()
            }
        }
        return order
    }
}

extension Variable: CustomStringConvertible {
    public var description: String {
        "Variable(\(shape)\(requiresGrad ? ", requiresGrad" : ""))"
    }
}
