import Dispatch

/// Runs `body(i)` for every i in 0..<count spread over the `BLAS.threads` cores, with OpenBLAS
/// held to one thread meanwhile. For many small independent matrix products (the steps of two
/// LSTM directions, attention over a batch) one product per core beats splitting every product
/// across cores, whose threads then mostly wait for one another. Each i must write memory no
/// other i touches. Which thread runs an i does not change its result, so runs stay reproducible.
/// (OpenBLAS's thread count is process-wide: products on other threads meanwhile run serially too.)
func concurrentlyWithSerialBLAS(_ count: Int, _ body: (Int) -> Void) {
    let threads = min(BLAS.threads, count)
    guard threads > 1 else { return (0..<count).forEach(body) }
    let saved = BLAS.threads
    BLAS.threads = 1
    defer { BLAS.threads = saved }
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            for i in stride(from: part, to: count, by: threads) { body(i) }
        }
    }
}
