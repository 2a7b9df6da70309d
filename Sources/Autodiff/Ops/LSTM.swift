#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fused LSTM layer: every time step of one or both directions is one op, with a hand-written
/// backward pass through time, instead of hundreds of tape nodes.

/// Weights of one LSTM direction in PyTorch's layout (`weight_ih`, `weight_hh`, `bias_ih`,
/// `bias_hh` of `nn.LSTM`): the four gates stacked in the order i, f, g, o.
public struct LSTMWeights {
    /// W_ih, [4H, E].
    public var inputWeight: Variable
    /// W_hh, [4H, H].
    public var hiddenWeight: Variable
    /// b_ih, [4H].
    public var inputBias: Variable
    /// b_hh, [4H].
    public var hiddenBias: Variable

    public init(inputWeight: Variable, hiddenWeight: Variable, inputBias: Variable, hiddenBias: Variable) {
        self.inputWeight = inputWeight
        self.hiddenWeight = hiddenWeight
        self.inputBias = inputBias
        self.hiddenBias = hiddenBias
    }

    /// Parameters for `input` features and `hidden` units, initialised as PyTorch does: every
    /// entry uniform in (−1/√H, 1/√H).
    public static func random(input: Int, hidden: Int, generator: inout RandomGenerator) -> LSTMWeights {
        let bound = 1 / Float(hidden).squareRoot()
        func parameter(_ shape: [Int]) -> Variable {
            Variable(.uniform(shape, low: -bound, high: bound, generator: &generator), requiresGrad: true)
        }
        return LSTMWeights(inputWeight: parameter([4 * hidden, input]), hiddenWeight: parameter([4 * hidden, hidden]),
                           inputBias: parameter([4 * hidden]), hiddenBias: parameter([4 * hidden]))
    }

    /// The four tensors in PyTorch's order.
    public var parameters: [Variable] { [inputWeight, hiddenWeight, inputBias, hiddenBias] }
}

/// An LSTM layer over a padded batch: PyTorch's `nn.LSTM(E, H, batch_first=True,
/// bidirectional=reverse != nil)` applied to a packed sequence, from zero initial states.
///
/// - x: [B, T, E]; `lengths`: the B real lengths, each in 1...T (they may differ).
/// - Returns [B, T, H], or [B, T, 2H] with a reverse direction: its states follow the forward
///   ones on the last axis. The forward direction reads t = 0..<length; the reverse direction
///   starts from a zero state at each sequence's real last token and runs down to t = 0.
///   Positions t ≥ length are exactly 0, and what x holds there reaches no output, state or dx.
///   It must be finite, though: the dW_ih product runs over all B·T rows, and padded rows add
///   0 · x, which is 0 only for finite x. (Packing x to its real tokens would lift this and save
///   the padded rows' work; with bucketed batches they are a few percent.)
///
/// Per step, with z = W_ih x + b_ih + W_hh h + b_hh in four blocks: i, f, o = σ(z_i, z_f, z_o),
/// g = tanh(z_g); c' = f ⊙ c + i ⊙ g; h' = o ⊙ tanh(c').
///
/// The two directions run on two threads. The backward pass forms no gradient for an input that
/// does not require one (frozen weights cost nothing; asking only for dx skips every dW).
public func lstm(_ x: Variable, lengths: [Int], forward: LSTMWeights, reverse: LSTMWeights? = nil) -> Variable {
    let directions = [forward] + (reverse.map { [$0] } ?? [])
    let layer = FusedLSTM(x, lengths: lengths, directions: directions,
                          keepsTape: Variable.records([x] + directions.flatMap(\.parameters)))
    let y = layer.forward()
    return Variable(y, inputs: [x] + layer.directions.flatMap(\.parameters)) { dy, k in layer.backward(dy, k) }
}

/// The batch sorted by length, longest first, as a packed sequence is: at step s the sequences
/// still running are the first `active[s]` sorted rows, so every step works on a prefix of rows,
/// and the per-step activations of all steps pack into `tokens` rows, step s from `offsets[s]`.
struct PackedBatch {
    /// Sorted row r is batch row `order[r]`, of length `lengths[r]`.
    let order: [Int]
    let lengths: [Int]
    let active: [Int]
    let offsets: [Int]
    /// T, the padded length of the [B, T, …] tensors.
    let timeSteps: Int

    init(lengths: [Int], timeSteps: Int) {
        order = lengths.indices.sorted { a, b in lengths[a] != lengths[b] ? lengths[a] > lengths[b] : a < b }
        let sorted = order.map { lengths[$0] }
        self.lengths = sorted
        active = (0..<(sorted.first ?? 0)).map { s in sorted.count { $0 > s } }
        offsets = active.reduce(into: [0]) { $0.append($0.last! + $1) }
        self.timeSteps = timeSteps
    }

    /// The number of steps: the longest length.
    var steps: Int { active.count }
    var tokens: Int { offsets.last! }

    /// The packed row of sorted row r at step s.
    func row(_ r: Int, step s: Int) -> Int { offsets[s] + r }

    /// The row of the [B·T] layout of x and of the output that sorted row r handles at step s:
    /// time s forwards; time length − 1 − s backwards, so that the reverse pass of every
    /// sequence starts at its own last token.
    func position(_ r: Int, step s: Int, reversed: Bool) -> Int {
        order[r] * timeSteps + (reversed ? lengths[r] - 1 - s : s)
    }
}

/// One call of `lstm`: the shapes, the length-sorted batch, and what the forward pass saves for
/// the backward pass (owned here, so it lives exactly as long as the graph node).
///
/// Nearly all the work is GEMMs, and the layout is chosen for them. The input projections of all
/// steps and directions are one GEMM, x [B·T, E] · [W_ih; W_ih']ᵀ. Each step then multiplies
/// only the running rows (a prefix) by W_hhᵀ. Backwards, k cotangents are k rows per sequence,
/// interleaved (row r·k + j), so the running rows are still a prefix and the per-step GEMM is
/// k times taller; after the loop, dW_hh, dW_ih and dx are one GEMM each over all steps (per
/// direction, and per cotangent for the weights).
final class FusedLSTM {
    let x: Variable
    let directions: [LSTMWeights]
    let batch: PackedBatch
    let (B, T, E, H): (Int, Int, Int, Int)
    /// Pre-activations per row and direction (4H), and per row of the projection (all directions).
    let (gateWidth, projectionWidth): (Int, Int)

    /// Every direction's W_ih stacked, [D·4H, E]: the weight of the projection GEMM and of dx.
    let stackedInputWeight: UnsafeMutablePointer<Float>

    /// What one direction's forward pass keeps for its backward pass, packed by step
    /// (`PackedBatch`): the activations i, f, g, o [4H]; c and tanh(c) [H]; and the h each step
    /// started from [H], zero at step 0, kept by step so that a step's GEMM reads one block and
    /// dW_hh is one GEMM.
    struct Tape { let gates, cells, tanhCells, previousHidden: UnsafeMutablePointer<Float> }
    let tapes: [Tape]
    /// Whether the tapes keep every step, for a backward pass. Without one (no gradient is
    /// recorded) they keep two, the step and the one before, in alternate blocks of B rows: at
    /// IMDb lengths the whole tape is tens of MB written, and page-faulted, for nothing.
    let keepsTape: Bool
    /// c at step 0.
    let zeroState: UnsafeMutablePointer<Float>
    /// The tapes and zeroState, one allocation.
    let storage: UnsafeMutablePointer<Float>

    init(_ x: Variable, lengths: [Int], directions: [LSTMWeights], keepsTape: Bool = true) {
        precondition(x.value.rank == 3, "lstm: x must be [batch, time, features], got \(x.shape)")
        let (B, T, E) = (x.shape[0], x.shape[1], x.shape[2])
        let H = directions[0].hiddenWeight.value.lastDimension
        precondition(lengths.count == B, "lstm: \(lengths.count) lengths for a batch of \(B)")
        precondition(lengths.allSatisfy { $0 >= 1 && $0 <= T }, "lstm: lengths \(lengths) must be in 1...\(T)")
        for w in directions {
            precondition(w.inputWeight.shape == [4 * H, E] && w.hiddenWeight.shape == [4 * H, H]
                         && w.inputBias.shape == [4 * H] && w.hiddenBias.shape == [4 * H],
                         "lstm: weights \(w.parameters.map(\.shape)) do not fit input size \(E) and hidden size \(H)")
        }
        // The directions accumulate their gradients concurrently.
        precondition(directions.count == 1 || Set(directions[0].parameters.map(ObjectIdentifier.init))
                        .isDisjoint(with: directions[1].parameters.map(ObjectIdentifier.init)),
                     "lstm: the two directions must not share parameters")
        (self.B, self.T, self.E, self.H) = (B, T, E, H)
        self.x = x
        self.directions = directions
        let batch = PackedBatch(lengths: lengths, timeSteps: T)
        self.batch = batch
        (gateWidth, projectionWidth) = (4 * H, directions.count * 4 * H)
        self.keepsTape = keepsTape

        stackedInputWeight = allocateFloats(projectionWidth * E)
        let N = keepsTape ? batch.tokens : 2 * B
        let tapeSize = N * 7 * H  // per row: 4H gates, c, tanh c, h
        let storage = allocateFloats(directions.count * tapeSize + H)
        tapes = directions.indices.map { d in
            let base = storage + d * tapeSize
            return Tape(gates: base, cells: base + N * 4 * H, tanhCells: base + N * 5 * H, previousHidden: base + N * 6 * H)
        }
        zeroState = storage + directions.count * tapeSize
        zeroState.initialize(repeating: 0, count: H)
        for tape in tapes { tape.previousHidden.initialize(repeating: 0, count: (batch.active.first ?? 0) * H) }
        self.storage = storage
        for (d, w) in directions.enumerated() {
            w.inputWeight.value.scalars.withUnsafeBufferPointer {
                (stackedInputWeight + d * gateWidth * E).initialize(from: $0.baseAddress!, count: gateWidth * E)
            }
        }
    }

    deinit {
        free(stackedInputWeight)
        free(storage)
    }

    /// The tape row of sorted row r at step s: its packed row, or without a kept tape its row
    /// in the block of s's parity.
    func tapeRow(_ r: Int, step s: Int) -> Int {
        keepsTape ? batch.row(r, step: s) : (s % 2) * B + r
    }

    /// c of sorted row r at the step before s.
    func previousCell(_ tape: Tape, _ r: Int, step s: Int) -> UnsafePointer<Float> {
        UnsafePointer(s == 0 ? zeroState : tape.cells + tapeRow(r, step: s - 1) * H)
    }

    // MARK: Forward

    func forward() -> Tensor {
        var y = Tensor.zeros([B, T, directions.count * H])
        let projection = allocateFloats(B * T * projectionWidth)
        defer { free(projection) }
        x.value.scalars.withUnsafeBufferPointer { xs in
            BLAS.gemm(transposeB: true, m: B * T, n: projectionWidth, k: E, a: xs.baseAddress!, lda: E,
                      b: stackedInputWeight, ldb: E, c: projection, ldc: projectionWidth)
        }
        y.scalars.withUnsafeMutableBufferPointer { out in
            forEachDirection { d in forward(direction: d, projection: projection, output: out.baseAddress!) }
        }
        return y
    }

    /// Runs direction d through its steps, writing h into the output and saving the activations.
    private func forward(direction d: Int, projection: UnsafePointer<Float>, output y: UnsafeMutablePointer<Float>) {
        let (w, tape, outputWidth) = (directions[d], tapes[d], directions.count * H)
        let bias = zip(w.inputBias.value.scalars, w.hiddenBias.value.scalars).map(+)
        w.hiddenWeight.value.scalars.withUnsafeBufferPointer { whh in
            bias.withUnsafeBufferPointer { bias in
                for s in 0..<batch.steps {
                    let first = tapeRow(0, step: s)
                    // The recurrent part h W_hhᵀ of the running rows; the cell adds x W_ihᵀ and biases.
                    BLAS.gemm(transposeB: true, m: batch.active[s], n: gateWidth, k: H,
                              a: tape.previousHidden + first * H, lda: H, b: whh.baseAddress!, ldb: H,
                              c: tape.gates + first * gateWidth, ldc: gateWidth)
                    for r in 0..<batch.active[s] {
                        let (n, p) = (first + r, batch.position(r, step: s, reversed: d == 1))
                        let h = y + p * outputWidth + d * H
                        LSTMCell.forward(units: H, gates: tape.gates + n * gateWidth,
                                         projected: projection + p * projectionWidth + d * gateWidth,
                                         bias: bias.baseAddress!, previousCell: previousCell(tape, r, step: s),
                                         cell: tape.cells + n * H, tanhCell: tape.tanhCells + n * H, hidden: h)
                        if s + 1 < batch.steps && r < batch.active[s + 1] {
                            (tape.previousHidden + tapeRow(r, step: s + 1) * H).update(from: h, count: H)
                        }
                    }
                }
            }
        }
    }

    // MARK: Backward

    /// dy is [k, B, T, D·H]. Each direction runs back through time and leaves its pre-activation
    /// gradients dz in the projection's layout, [k, B·T, D·4H]; dx is then one GEMM. When no
    /// weight needs a gradient (feature importance), `inputGradient` does less work instead.
    func backward(_ dy: UnsafePointer<Float>, _ k: Int) {
        guard directions.contains(where: { $0.parameters.contains(where: \.needsGradient) }) else {
            return inputGradient(dy, k)
        }
        let rows = B * T
        let dProjection = allocateFloats(k * rows * projectionWidth)
        defer { free(dProjection) }
        for j in 0..<k {  // padding has no dz; every other row is written below
            for (b, length) in zip(batch.order, batch.lengths) {
                (dProjection + ((j * B + b) * T + length) * projectionWidth)
                    .initialize(repeating: 0, count: (T - length) * projectionWidth)
            }
        }
        forEachDirection { d in backward(direction: d, dy, k, dProjection: dProjection) }
        x.accumulateGrad(k) { dx in  // dx = dz [W_ih; W_ih'], all k cotangents in one GEMM
            BLAS.gemm(m: k * rows, n: E, k: projectionWidth, a: dProjection, lda: projectionWidth,
                      b: stackedInputWeight, ldb: E, beta: 1, c: dx, ldc: E)
        }
    }

    /// Runs direction d's steps in reverse: the cell's backward step for the k cotangents of every
    /// running row, then the dh these send to the step before, dz W_hh, as one GEMM; then the
    /// direction's weight gradients from dz of all steps. Writes dz into `dProjection`.
    private func backward(direction d: Int, _ dy: UnsafePointer<Float>, _ k: Int,
                          dProjection: UnsafeMutablePointer<Float>) {
        let (w, tape) = (directions[d], tapes[d])
        let (rows, outputWidth) = (B * T, directions.count * H)
        // dz packed by step, row r·k + j at step s: all steps for dW_hh, else one step's reused.
        let allSteps = w.hiddenWeight.needsGradient
        let packed = allocateFloats(k * (allSteps ? batch.tokens : B) * gateWidth)
        // dh and dc carried to the step before (rows that have not started are 0), and Σ dz.
        let (dh, dc, dBias) = (allocateFloats(k * B * H), allocateFloats(k * B * H), allocateFloats(k * gateWidth))
        defer { for buffer in [packed, dh, dc, dBias] { free(buffer) } }
        dh.initialize(repeating: 0, count: k * B * H)
        dc.initialize(repeating: 0, count: k * B * H)
        dBias.initialize(repeating: 0, count: k * gateWidth)
        w.hiddenWeight.value.scalars.withUnsafeBufferPointer { whh in
            for s in (0..<batch.steps).reversed() {
                let dz = packed + (allSteps ? k * batch.row(0, step: s) : 0) * gateWidth
                for r in 0..<batch.active[s] {
                    let (n, p) = (batch.row(r, step: s), batch.position(r, step: s, reversed: d == 1))
                    for j in 0..<k {
                        let (row, dzRow) = (r * k + j, dz + (r * k + j) * gateWidth)
                        LSTMCell.backward(units: H, gates: tape.gates + n * gateWidth,
                                          previousCell: previousCell(tape, r, step: s), tanhCell: tape.tanhCells + n * H,
                                          outputGrad: dy + (j * rows + p) * outputWidth + d * H,
                                          hiddenGrad: dh + row * H, cellGrad: dc + row * H, gatesGrad: dzRow)
                        (dProjection + (j * rows + p) * projectionWidth + d * gateWidth).update(from: dzRow, count: gateWidth)
                        for c in 0..<gateWidth { dBias[j * gateWidth + c] += dzRow[c] }
                    }
                }
                if s > 0 {
                    BLAS.gemm(m: batch.active[s] * k, n: H, k: gateWidth, a: dz, lda: gateWidth,
                              b: whh.baseAddress!, ldb: H, c: dh, ldc: H)
                }
            }
        }
        for bias in [w.inputBias, w.hiddenBias] {
            bias.accumulateGrad(k) { db in for i in 0..<k * gateWidth { db[i] += dBias[i] } }
        }
        // Cotangent j's dz: rows j, j + k, … of the packed steps, and a block of dProjection.
        w.hiddenWeight.accumulateGrad(k) { dw in  // dW_hh = Σ_steps dzᵀ h_prev
            for j in 0..<k {
                BLAS.gemm(transposeA: true, m: gateWidth, n: H, k: batch.tokens, a: packed + j * gateWidth,
                          lda: k * gateWidth, b: tape.previousHidden, ldb: H, beta: 1, c: dw + j * gateWidth * H, ldc: H)
            }
        }
        w.inputWeight.accumulateGrad(k) { dw in  // dW_ih = dzᵀ x
            x.value.scalars.withUnsafeBufferPointer { xs in
                for j in 0..<k {
                    BLAS.gemm(transposeA: true, m: gateWidth, n: E, k: rows,
                              a: dProjection + j * rows * projectionWidth + d * gateWidth, lda: projectionWidth,
                              b: xs.baseAddress!, ldb: E, beta: 1, c: dw + j * gateWidth * E, ldc: E)
                }
            }
        }
    }

    /// Runs `body` for each direction, the two at once, one per core: they write disjoint
    /// memory (their own tapes, output columns and gradients), and a step's GEMM is too small to
    /// split well across cores.
    func forEachDirection(_ body: (Int) -> Void) {
        concurrentlyWithSerialBLAS(directions.count, body)
    }
}

/// `count` uninitialised Floats, to release with `free`. Buffers of 2 MB and more go on transparent
/// huge pages: the op's largest are tens of MB, written once per call, and on 4 KB pages their
/// first-touch page faults cost about a third of the forward pass.
func allocateFloats(_ count: Int) -> UnsafeMutablePointer<Float> {
    let (bytes, hugePage) = (max(count, 1) * MemoryLayout<Float>.stride, 1 << 21)
    var memory: UnsafeMutableRawPointer?
    precondition(posix_memalign(&memory, bytes >= hugePage ? hugePage : 64, bytes) == 0, "lstm: out of memory")
    #if os(Linux)
    if bytes >= hugePage { madvise(memory, bytes, MADV_HUGEPAGE) }
    #endif
    return memory!.bindMemory(to: Float.self, capacity: count)
}
