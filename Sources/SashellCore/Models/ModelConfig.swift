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
    /// Transformer only: the factor of the token embeddings (mapped to d) before the positions
    /// are added. 1 is `nn.TransformerEncoder` given the embeddings as they are; "Attention is
    /// all you need" takes √d, which unit-norm vectors (the word2vec subset) need so that
    /// positions of amplitude 1 do not drown them.
    public var embeddingScale: Float = 1
    public var attention = AttentionKind.additive
    public var projection = Projection.softmax
    /// Seeds the initial weights (and random rows of words without a pretrained vector).
    public var seed: UInt64 = 0

    public init(vocabularySize: Int) {
        self.vocabularySize = vocabularySize
    }

    /// "BiLSTM (embedding 300, hidden 128 per direction) + additive attention": the architecture,
    /// in summaries and in messages about the shapes it needs.
    public var summary: String {
        switch encoder {
        case .lstm: "BiLSTM (embedding \(embeddingDimension), hidden \(hidden) per direction) + \(attention.rawValue) attention"
        case .transformer:
            "Transformer (embedding \(embeddingDimension)\(embeddingScale == 1 ? "" : " ×\((embeddingScale * 100).rounded() / 100)"), "
                + "d \(hidden), \(layers) layers, feed-forward \(feedForward), \(preNorm ? "pre" : "post")-norm) + \(attention.rawValue) attention"
        }
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
        if !(embeddingScale > 0 && embeddingScale.isFinite) { return "embedding_scale must be a finite positive number, got \(embeddingScale)" }
        if encoder == .lstm && embeddingScale != 1 { return "embedding_scale is the Transformer's: a BiLSTM reads its embeddings as they are" }
        // Each size may be fine while together they describe more than memory holds.
        if scalarCountEstimate > Self.maximumScalars {
            return "the model would have about \(Int(scalarCountEstimate)) parameters, more than the \(Int(Self.maximumScalars)) this CPU model supports"
        }
        return projection.invalidReason
    }

    /// 2^28 parameters (1 GiB, and three times that with Adam's moments).
    static let maximumScalars: Double = 0x1p28

    /// How many scalars a model of this config holds (exactly, for today's models), known before
    /// any is allocated: the guard against configs that would exhaust memory, or that describe
    /// far more than a checkpoint file holds.
    var scalarCountEstimate: Double {
        let (v, e, h, l, f) = (Double(vocabularySize), Double(embeddingDimension), Double(hidden), Double(layers), Double(feedForward))
        let s = Double(stateWidth), half = Double(max(stateWidth / 2, 1))
        let encoderCount = switch encoder {
        case .lstm: 2 * (4 * h * e + 4 * h * h + 8 * h)
        case .transformer: (e == h ? 0 : e * h + h) + l * (4 * h * h + 4 * h + 2 * h * f + f + h + 4 * h)
        }
        let attentionCount = switch attention {
        case .additive: s * half + 2 * half
        case .dot: s * s + 2 * s
        case .deep: s * half + half * half + 3 * half
        }
        return v * e + encoderCount + attentionCount + s + 1
    }
}
