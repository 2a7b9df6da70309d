import SashellCore

/// Training's progress on the terminal, for m:fit and sa.adversarial: a bar per epoch that
/// shows the epoch's mean loss so far, finished when the epoch ends.
final class EpochProgress<Summary> {
    private let label: (Int) -> String
    private var meter: ProgressMeter?

    /// - label: the bar's label for an epoch ("epoch 3/8").
    init(label: @escaping (Int) -> String) {
        self.label = label
    }

    /// Moves the bar for `event`; returns the summary of an epoch that ended, for its line.
    func show(_ event: TrainingEvent<Summary>) -> Summary? {
        switch event {
        case let .epochStarted(epoch, total):
            meter = ProgressMeter(total: total, label: label(epoch))
        case let .batch(_, examples, _, loss):
            meter?.detail = "loss \(ModelTraining.format(loss))"
            meter?.advance(by: examples - (meter?.completed ?? 0))
        case .epoch(let summary):
            meter?.finish()
            meter = nil
            return summary
        }
        return nil
    }

    /// Finishes the bar of an epoch that was stopped, then reports `message`.
    func stopped(_ message: String) {
        meter?.finish()
        ModelTraining.report(message)
    }
}
