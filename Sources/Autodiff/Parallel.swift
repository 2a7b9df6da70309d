import Dispatch

/// Runs `body(i)` for every i in 0..<count spread over the engine's threads, each matrix product
/// inside running on one thread. For many small independent matrix products (the steps of two
/// LSTM directions, attention over a batch) one product per thread beats splitting every
/// product across threads, which then mostly wait for one another. Each i must write memory no
/// other i touches. Which thread runs an i does not change its result, so runs stay reproducible.
func concurrentlyWithSerialBLAS(_ count: Int, _ body: (Int) -> Void) {
    guard count > 1 else { return (0..<count).forEach(body) }
    let parts = min(BLAS.threads, count)
    BLAS.engine.serialCallers.add(1, ordering: .relaxed)
    defer { BLAS.engine.serialCallers.subtract(1, ordering: .relaxed) }
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for i in stride(from: part, to: count, by: parts) { body(i) }
        }
    }
}

/// Runs `body` on 0..<count, split into one contiguous range per engine thread (`BLAS.threads`)
/// when the work, `count · scalarsPerItem`, is large enough to repay waking another thread, else
/// in a single call. For row-wise ops (softmax, layer norm): each range must write only its own
/// rows, and since every row is computed the same way whichever range it falls in, the result
/// does not depend on the split.
func forEachRange(_ count: Int, scalarsPerItem: Int, _ body: (Range<Int>) -> Void) {
    let parts = count * scalarsPerItem >= 1 << 15 ? min(BLAS.threads, count) : 1
    guard parts > 1 else { return body(0..<count) }
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            body(part * count / parts..<(part + 1) * count / parts)
        }
    }
}
