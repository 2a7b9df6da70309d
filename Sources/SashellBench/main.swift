// sashell-bench: the engine's speed on the paper's workloads, to compare with
// shared/bench/torch_reference.py run on the same machine close in time.
import Autodiff
import Foundation
import SashellCore

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
        print("usage: sashell-bench [--threads N] [--reps N] [--only sgemm,SST,IMDb,train,infer,BiLSTM,Transformer,sparsemax,Adam,fi]")
        exit(2)
    }
}
/// Whether the benchmark of `name` (sgemm, a workload, a model, Adam) was asked for.
@MainActor func selected(_ name: String) -> Bool { only.isEmpty || only.contains { name.contains($0) } }
let setting = "threads: \(BLAS.threads), best of \(repetitions) repetitions"
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

// Whole models, as torch_reference.py's TrainBench and InferBench: a training step (zero the
// gradients, forward, BCE, backward, Adam) and an inference forward pass on representative
// batches of SST and IMDb shapes; examples per second of the best repetition.
let models: [(String, ModelConfig.EncoderKind, Projection)] = [
    ("BiLSTM+additive softmax", .lstm, .softmax), ("BiLSTM+additive sparsemax", .lstm, .sparsemax),
    ("Transformer+dot softmax", .transformer, .softmax),
]
for workload in [Workload.sst, Workload.imdb] {
    let chosen = models.filter { model in
        ["train", "infer"].contains { selected("\(workload.name) \($0) \(model.0)") } && (workload.name == "SST" || model.2 == .softmax)
    }
    guard !chosen.isEmpty else { continue }
    let batches = workload.batches(seed: 0)
    let examples = batches.reduce(0) { $0 + $1.count }
    for (name, encoder, projection) in chosen {
        let model = benchmarkModel(encoder, projection, vocabulary: workload.vocabulary)
        let adam = model.optimizer(TrainingOptions())
        if selected("\(workload.name) train \(name)") {
            results.append(measure("\(workload.name) train \(name)", repetitions: repetitions, minimumSeconds: 1,
                                   examples: examples) {
                for (step, batch) in batches.enumerated() {
                    _ = model.trainingStep(batch, optimizer: adam, positiveWeight: 1, noise: UInt64(step))
                }
            })
        }
        if selected("\(workload.name) infer \(name)") {
            results.append(measure("\(workload.name) infer \(name)", repetitions: repetitions, minimumSeconds: 0.5,
                                   examples: examples) {
                for batch in batches { _ = model.inference(batch).logits }
            })
        }
    }
}

// One optimiser step alone on the SST BiLSTM's parameters (as torch_reference.py's
// bench_optimizer: vocabulary 16000, 5.27M parameters), with fixed random gradients.
if selected("Adam") {
    let parameters = benchmarkModel(.lstm, .softmax, vocabulary: 16000).parameters.map(\.variable)
    for p in parameters { sum(p * Variable(.normal(p.shape, std: 1e-3, generator: &generator))).backward() }
    let adam = Adam(parameters, learningRate: 1e-4, weightDecay: 1e-5, amsgrad: true)
    let count = parameters.reduce(0) { $0 + $1.value.count }
    results.append(measure("Adam(amsgrad) step, \(count) params", repetitions: repetitions, minimumSeconds: 0.5) {
        adam.step()
    })
}

// Feature importance (ImportanceBench.swift), when everything runs or --only names fi.
let importance = only.isEmpty || only.contains("fi") ? importanceBenchmarks(repetitions: repetitions, words: only.filter { $0 != "fi" }) : []

printTable(results, title: "sashell-bench: \(setting); GFLOP/s counts GEMM flops")
printImportanceTable(importance, setting: setting)
