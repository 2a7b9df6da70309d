import Autodiff
import TestSupport
import Testing

/// `lstmDeletingEach` against `lstm` run separately on every sequence with one position deleted.
@Suite struct LSTMDeletionsTests {
    func expectMatchesSeparateRuns(time: Int, deleting positions: [Int], sourceLocation: SourceLocation = #_sourceLocation) {
        let (features, hidden) = (3, 5)
        var generator = RandomGenerator(seed: 90)
        let x = Tensor.uniform([time, features], low: -1, high: 1, generator: &generator)
        let forward = LSTMWeights.random(input: features, hidden: hidden, generator: &generator)
        let reverse = LSTMWeights.random(input: features, hidden: hidden, generator: &generator)
        let all = lstmDeletingEach(x, deleting: positions, forward: forward, reverse: reverse)
        #expect(all.shape == [positions.count, time - 1, 2 * hidden], sourceLocation: sourceLocation)
        for (v, i) in positions.enumerated() where time > 1 {
            let kept = (0..<time).filter { $0 != i }.flatMap { x.scalars[$0 * features..<($0 + 1) * features] }
            let separate = lstm(Variable(Tensor(shape: [1, time - 1, features], scalars: kept)), lengths: [time - 1],
                                forward: forward, reverse: reverse)
            let row = Array(all.scalars[v * (time - 1) * 2 * hidden..<(v + 1) * (time - 1) * 2 * hidden])
            expectClose(row, separate.value.scalars, tolerance: 1e-5, sourceLocation: sourceLocation)
        }
    }

    @Test func everyPositionOfASequence() { expectMatchesSeparateRuns(time: 9, deleting: Array(0..<9)) }
    @Test func somePositionsInAnyOrder() { expectMatchesSeparateRuns(time: 7, deleting: [5, 1, 3, 1]) }
    @Test func shortSequences() {
        expectMatchesSeparateRuns(time: 2, deleting: [0, 1])
        expectMatchesSeparateRuns(time: 1, deleting: [0])  // the empty sequence: no states at all
        expectMatchesSeparateRuns(time: 4, deleting: [])
    }
}
