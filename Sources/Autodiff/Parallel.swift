import Dispatch
import Synchronization

/// Runs `body(i)` for every i in 0..<count spread over the cores, with OpenBLAS held to one
/// thread meanwhile. For many small independent matrix products (the steps of two LSTM
/// directions, attention over a batch) one product per core beats splitting every product across
/// cores, whose threads then mostly wait for one another. Each i must write memory no other i
/// touches. Which thread runs an i does not change its result, so runs stay reproducible.
///
/// OpenBLAS's thread count is process-wide: while any caller is inside, products elsewhere run
/// on one thread too. Concurrent callers share one saved count, so the last to leave restores it.
func concurrentlyWithSerialBLAS(_ count: Int, _ body: (Int) -> Void) {
    guard count > 1 else { return (0..<count).forEach(body) }
    let cores = serialBLAS.withLock { state in
        if state.callers == 0 {
            state.savedThreads = BLAS.threads
            BLAS.threads = 1
        }
        state.callers += 1
        return state.savedThreads
    }
    defer {
        serialBLAS.withLock { state in
            state.callers -= 1
            if state.callers == 0 { BLAS.threads = state.savedThreads }
        }
    }
    let parts = min(cores, count)
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for i in stride(from: part, to: count, by: parts) { body(i) }
        }
    }
}

/// The callers inside `concurrentlyWithSerialBLAS`, and the thread count they will restore.
private let serialBLAS = Mutex<(callers: Int, savedThreads: Int)>((0, 1))

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
