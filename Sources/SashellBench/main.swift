// sashell-bench: the engine's speed on the paper's workloads, to compare with
// shared/bench/torch_reference.py run on the same machine close in time.
import Autodiff
import Foundation

Allocator.retainFreedMemory()  // as sashell itself runs
var repetitions = 5
/// Runs only the benchmarks whose names contain one of these words (all when empty).
var only: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    let value = arguments.popFirst()
    switch (flag, value, value.flatMap(Int.init)) {
    case ("--threads", _, let n?) where n > 0: BLAS.threads = n
    case ("--reps", _, let n?) where n > 0: repetitions = n
    case ("--only", let words?, _): only = words.split(separator: ",").map(String.init)
    default:
        print("usage: sashell-bench [--threads N] [--reps N] [--only sgemm,BiLSTM,Transformer,Adam]")
        exit(2)
    }
}
/// Whether the benchmark of `name` (sgemm, BiLSTM, Transformer, Adam) was asked for.
@MainActor func selected(_ name: String) -> Bool { only.isEmpty || only.contains { name.contains($0) } }
let setting = "OpenBLAS threads: \(BLAS.threads), best of \(repetitions) repetitions"
print("sashell-bench: \(setting) (ms per call in each repetition, then the best)")

var results: [Measurement] = []
var generator = RandomGenerator(seed: 1)

// Matrix products, the shapes torch_reference.py times: C[m,n] = A[m,k] · B[k,n].
for (m, n, k) in [(128, 128, 128), (256, 256, 256), (512, 512, 512), (1024, 1024, 1024),
                  (640, 512, 300), (32, 512, 128), (5760, 512, 300)] where selected("sgemm") {
    let a = Tensor.normal([m, k], generator: &generator), b = Tensor.normal([k, n], generator: &generator)
    var c = Tensor.zeros([m, n])
    results.append(measure("sgemm \(m)x\(n)x\(k)", repetitions: repetitions, minimumSeconds: 0.2,
                           flops: 2 * Double(m * n * k)) {
        a.scalars.withUnsafeBufferPointer { a in
            b.scalars.withUnsafeBufferPointer { b in
                c.scalars.withUnsafeMutableBufferPointer { c in
                    BLAS.gemm(m: m, n: n, k: k, a: a.baseAddress!, lda: k, b: b.baseAddress!, ldb: n,
                              c: c.baseAddress!, ldc: n)
                }
            }
        }
    })
}

// The encoders at IMDb's mean length and at SST's.
@MainActor func timeTraining<E: Encoder>(_ name: String, _ encoder: E, _ shape: Shape) {
    guard selected(name) else { return }
    let pass = encoder.trainingPass(shape, generator: &generator)
    results.append(measure("\(name) fwd+bwd B\(shape.batch) T\(shape.length)", repetitions: repetitions,
                           minimumSeconds: 1, flops: 3 * E.forwardFlops(shape), examples: shape.batch, pass))
}
let (bilstm, transformer) = (BiLSTM(generator: &generator), Transformer(generator: &generator))
for length in [180, 20] {
    let shape = Shape(batch: 32, length: length)
    timeTraining("BiLSTM", bilstm, shape)
    timeTraining("Transformer", transformer, shape)
}

// One optimiser step alone on the SST BiLSTM's parameters (as torch_reference.py's
// bench_optimizer), with fixed random gradients.
if selected("Adam") {
    let parameters = sstBiLSTMParameters(generator: &generator)
    let adam = Adam(parameters, learningRate: 1e-4, weightDecay: 1e-5, amsgrad: true)
    let count = parameters.reduce(0) { $0 + $1.value.count }
    results.append(measure("Adam(amsgrad) step, \(count) params", repetitions: repetitions, minimumSeconds: 0.5) {
        adam.step()
    })
}

printTable(results, title: "sashell-bench: \(setting); GFLOP/s counts GEMM flops")
