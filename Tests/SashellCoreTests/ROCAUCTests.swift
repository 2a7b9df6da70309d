@testable import SashellCore
import Testing

@Suite struct ROCAUCTests {
    /// By hand: positives {0.8, 0.4}, negatives {0.4, 0.1, 0.6}: of the 6 pairs the positive wins
    /// 0.8>all (3), 0.4>0.1 (1), 0.4=0.4 (½) → 4.5/6 = 0.75. scikit-learn's roc_auc_score agrees.
    @Test func handCase() throws {
        #expect(try rocAUC(scores: [0.8, 0.4, 0.4, 0.1, 0.6], labels: [1, 1, 0, 0, 0]) == 0.75)
        #expect(try rocAUC(scores: [1, 2, 3, 4], labels: [0, 0, 1, 1]) == 1)
        #expect(try rocAUC(scores: [1, 2, 3, 4], labels: [1, 1, 0, 0]) == 0)
        #expect(try rocAUC(scores: [5, 5, 5, 5], labels: [1, 0, 1, 0]) == 0.5)
    }

    @Test func errors() {
        #expect(throws: MetricsError.undefined("ROC AUC needs both labels, got only positives")) {
            try rocAUC(scores: [0.1, 0.2], labels: [1, 1])
        }
        #expect(throws: MetricsError.lengthMismatch(2, 1)) { try rocAUC(scores: [0.1, 0.2], labels: [1]) }
        #expect(throws: MetricsError.nonFinite(position: 1)) { try rocAUC(scores: [0.1, .nan], labels: [1, 0]) }
        #expect(throws: MetricsError.invalidOption("label 2 is 2, not 0 or 1")) { try rocAUC(scores: [0.1, 0.2], labels: [1, 2]) }
    }
}
