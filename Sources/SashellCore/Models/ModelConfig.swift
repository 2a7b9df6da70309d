/// Everything that defines a classifier's architecture: with the seed and the data, it fixes the
/// model (the run store keys runs by it, and a checkpoint records it).
public struct ModelConfig: Sendable, Equatable {
    public enum EncoderKind: String, CaseIterable, Sendable {
        case lstm, transformer
    }

    public var vocabularySize: Int
    /// The embedding width; a model given pretrained vectors takes theirs.
    public var embeddingDimension = 300
    /// Whether the embeddings are trained along with the rest (J&W's are).
    public var trainEmbeddings = true
    public var encoder = EncoderKind.lstm
    /// Units per direction of the BiLSTM (states are twice as wide), or d of the Transformer.
    public var hidden = 128
    /// Transformer only: layers, feed-forward width, and pre- instead of post-norm.
    public var layers = 2
    public var feedForward = 512
    public var preNorm = false
    public var attention = AttentionKind.additive
    public var projection = Projection.softmax
    /// Seeds the initial weights (and random rows of words without a pretrained vector).
    public var seed: UInt64 = 0

    public init(vocabularySize: Int) {
        self.vocabularySize = vocabularySize
    }

    /// The width H of the intermediate representations h_i.
    public var stateWidth: Int { encoder == .lstm ? 2 * hidden : hidden }

    /// Why this configuration cannot make a model, if it cannot.
    public var invalidReason: String? {
        if vocabularySize < 5 { return "the vocabulary must hold a word besides the 4 specials" }
        if embeddingDimension < 1 || hidden < 1 || layers < 1 || feedForward < 1 {
            return "sizes must be positive"
        }
        if embeddingDimension > 4096 || hidden > 4096 || layers > 64 || feedForward > 16384 {
            return "sizes are beyond what this CPU model supports (embedding and hidden ≤ 4096, layers ≤ 64, feed-forward ≤ 16384)"
        }
        return projection.invalidReason
    }
}
