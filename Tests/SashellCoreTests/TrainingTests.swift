import Autodiff
@testable import SashellCore
import Testing

/// Training on a synthetic task a model must solve: the label is whether "good" (id 5) or
/// "bad" (id 6) occurs among filler words.
@Suite struct TrainingTests {
    static func task(_ count: Int, seed: UInt64) -> Split {
        var generator = RandomGenerator(seed: seed)
        return Split(name: "synthetic", examples: (0..<count).map { i in
            let label = i % 2
            var tokens = (0..<(3 + generator.int(below: 8))).map { _ in Int32(7 + generator.int(below: 8)) }
            tokens.insert(label == 1 ? 5 : 6, at: generator.int(below: tokens.count + 1))
            return Example(id: "\(i)", text: "", label: label, ids: [2] + tokens + [3], tokenizer: .space)
        })
    }

    static let dataset = Dataset(name: "synthetic", version: nil, train: task(160, seed: 1), dev: task(40, seed: 2),
                                 test: task(60, seed: 3), vocabulary: try! Vocabulary(words: Vocabulary.specials + (4..<15).map { "w\($0)" }),
                                 tokenizer: .space, provenance: [])

    static func model(_ encoder: ModelConfig.EncoderKind, _ projection: Projection = .softmax) -> Classifier {
        var config = ModelConfig(vocabularySize: 15)
        config.embeddingDimension = 8
        config.hidden = 8
        config.feedForward = 16
        config.encoder = encoder
        config.projection = projection
        config.seed = 7
        return Classifier(config: config)
    }

    static var options: TrainingOptions {
        var options = TrainingOptions()
        options.epochs = 10
        options.batchSize = 16
        options.learningRate = 3e-2
        // Dev AUC reaches 1 epochs before the threshold is right; the loss goes on improving.
        options.selection = .loss
        options.seed = 4
        return options
    }

    @Test(arguments: [(ModelConfig.EncoderKind.lstm, Projection.softmax), (.lstm, .sparsemax), (.transformer, .softmax)])
    func learnsASeparableTask(_ encoder: ModelConfig.EncoderKind, _ projection: Projection) {
        let model = Self.model(encoder, projection)
        let before = model.evaluate(Self.dataset.test!)
        var events = 0
        let history = model.fit(Self.dataset, options: Self.options, progress: { _ in events += 1 })
        let after = model.evaluate(Self.dataset.test!)
        #expect(after.accuracy == 1, "\(encoder) \(projection): \(before) → \(after)")
        #expect(after.auc == 1 && after.loss < before.loss)
        #expect(history.epochs.count == 10 && !history.interrupted)
        #expect(events == 10 * (160 / 16) + 2 * 10)  // batches, and an epoch's start and end
        // The kept epoch is the one with the best dev loss, and its weights are the model's.
        let best = history.epochs.min { $0.dev!.loss < $1.dev!.loss }!
        #expect(history.bestEpoch == best.epoch)
        #expect(abs(model.evaluate(Self.dataset.dev!).loss - best.dev!.loss) < 1e-6)
    }

    @Test func sameSeedSameModelBitForBit() {
        let (a, b) = (Self.model(.lstm), Self.model(.lstm))
        var options = Self.options
        options.epochs = 2
        _ = a.fit(Self.dataset, options: options)
        _ = b.fit(Self.dataset, options: options)
        #expect(a.parameters.map(\.variable.value) == b.parameters.map(\.variable.value))
        let c = Self.model(.lstm)
        options.seed = 5
        _ = c.fit(Self.dataset, options: options)
        #expect(a.parameters.map(\.variable.value) != c.parameters.map(\.variable.value))
    }

    /// A stop request ends training at the next batch, with the best weights so far kept.
    @Test func stopKeepsTheBestWeights() {
        let model = Self.model(.lstm)
        var batches = 0
        let history = model.fit(Self.dataset, options: Self.options, progress: { event in
            if case .batch = event { batches += 1 }
        }, shouldStop: { batches >= 13 })
        #expect(history.interrupted && batches == 13)
        // Epoch 1 finished; epoch 2 was cut short and is not kept.
        #expect(history.epochs.count == 1 && history.bestEpoch == 1)
        let restored = model.evaluate(Self.dataset.dev!)
        #expect(restored.accuracy == history.epochs[0].dev!.accuracy && abs(restored.loss - history.epochs[0].dev!.loss) < 1e-6)
        // Stopped in the first epoch: that partial epoch is evaluated and kept.
        let early = Self.model(.lstm)
        let first = early.fit(Self.dataset, options: Self.options, shouldStop: { true })
        #expect(first.interrupted && first.epochs.count == 1 && first.bestEpoch == 1)
    }

    @Test func frozenEmbeddingsStayPut() {
        var config = Self.model(.lstm).config
        config.trainEmbeddings = false
        let model = Classifier(config: config)
        let table = model.parameters[0].variable.value
        var options = Self.options
        options.epochs = 1
        _ = model.fit(Self.dataset, options: options)
        #expect(model.parameters[0].variable.value == table)
        #expect(model.trainableCount == Self.model(.lstm).trainableCount - 15 * 8)
    }

    /// J&W's weighting: negatives / positives of the training split.
    @Test func positiveWeightFromTheTrainingSplit() {
        var options = Self.options
        options.epochs = 1
        let skewed = Dataset(name: "s", version: nil, train: Split(name: "train", examples: Array(Self.task(160, seed: 1).examples.prefix(3))),
                             dev: nil, test: nil, vocabulary: Self.dataset.vocabulary, tokenizer: .space, provenance: [])
        #expect(Self.model(.lstm).fit(skewed, options: options).positiveWeight == 2)  // labels 0, 1, 0
    }

    /// The history's JSON form (checkpoints and the run store) reads back to the same history.
    @Test func historyJSONRoundTrip() {
        var options = Self.options
        options.epochs = 2
        let history = Self.model(.lstm).fit(Self.dataset, options: options)
        #expect(TrainingHistory(json: history.json) == history)
        var diverged = TrainingHistory()
        diverged.epochs = [EpochSummary(epoch: 1, trainLoss: .nan, dev: nil, seconds: 1, examplesPerSecond: 2)]
        let restored = TrainingHistory(json: diverged.json)
        #expect(restored?.epochs[0].trainLoss.isNaN == true && restored?.epochs[0].dev == nil)
        #expect(TrainingHistory(json: .array([])) == nil)
    }
}
