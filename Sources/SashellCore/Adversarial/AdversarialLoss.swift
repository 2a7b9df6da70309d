import Autodiff

/// The adversary's loss on a batch (Wiegreffe & Pinter §4, with Meister et al.'s divergence,
/// App. C.1): the mean over the batch of
///
///     TVD(ŷ_adv, ŷ_base) − λ · JSD(α_adv, α_base)
///
/// so the adversary is rewarded for attention unlike the base model's and charged for
/// predictions unlike its. W&P use KL(α_adv ‖ α_base); against a sparse base attention that is
/// infinite as soon as the adversary attends where the base gives 0, so the JSD (bounded by
/// ln 2) takes its place. Labels play no part: the adversary imitates the base model's ŷ.
/// (W&P's code scales each batch's sum by the sum of its examples' class weights; the plain mean
/// differs from that by a factor per batch only.)
public struct AdversarialLoss {
    /// The scalar to minimise.
    public let loss: Variable
    /// The batch means of the two terms, for reporting.
    public let meanTotalVariation: Double
    public let meanJensenShannon: Double

    /// `logits` [B] and `attention` [B, T] of the adversary; `baseProbabilities` [B] (ŷ_base,
    /// P(label 1)) and `baseAttention` [B, T] of the base model, constants.
    public init(logits: Variable, attention: Variable, baseProbabilities: Tensor, baseAttention: Tensor, lambda: Float) {
        let tvd = bernoulliTotalVariation(sigmoid(logits), Variable(baseProbabilities))
        let jsd = Autodiff.mean(jensenShannon(attention, Variable(baseAttention)))
        let meanTVD = Autodiff.mean(tvd)
        loss = meanTVD + jsd * -lambda
        meanTotalVariation = Double(meanTVD.value.scalars[0])
        meanJensenShannon = Double(jsd.value.scalars[0])
    }
}
