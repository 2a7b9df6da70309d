/// The area under the ROC curve of `scores` for binary `labels` (0 or 1): the probability that a
/// random positive scores above a random negative, ties counting one half. Computed as the
/// Mann-Whitney U statistic from mid-ranks, in O(n log n); equal to scikit-learn's
/// `roc_auc_score`, which J&W select models by. Undefined (an error) unless both labels occur.
public func rocAUC(scores: [Double], labels: [Int]) throws -> Double {
    try InputCheck.finite(scores)
    guard scores.count == labels.count else { throw MetricsError.lengthMismatch(scores.count, labels.count) }
    if let i = labels.firstIndex(where: { $0 != 0 && $0 != 1 }) {
        throw MetricsError.invalidOption("label \(i + 1) is \(labels[i]), not 0 or 1")
    }
    let positives = labels.reduce(0, +), negatives = labels.count - positives
    guard positives > 0, negatives > 0 else {
        throw MetricsError.undefined("ROC AUC needs both labels, got only \(positives > 0 ? "positives" : "negatives")")
    }
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    var positiveRanks = 0.0
    var start = 0
    while start < order.count {
        var end = start
        while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
        let midRank = Double(start + end) / 2 + 1
        for i in start...end where labels[order[i]] == 1 { positiveRanks += midRank }
        start = end + 1
    }
    let u = positiveRanks - Double(positives) * Double(positives + 1) / 2
    return u / (Double(positives) * Double(negatives))
}
