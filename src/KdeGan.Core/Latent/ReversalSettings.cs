namespace KdeGan.Core.Latent;

/// <summary>How the per-image L2 reconstruction loss of generator reversal is reduced over pixels.</summary>
public enum ReversalLoss
{
    /// <summary>|G(z) - x|^2 summed over the pixels of an image (the default).</summary>
    SumOverPixels,

    /// <summary>|G(z) - x|^2 averaged over the pixels of an image: steps are 1/(C H W) as long.</summary>
    MeanOverPixels,
}

/// <summary>Why a reversal stopped.</summary>
public enum ReversalStop
{
    /// <summary>MaxSteps updates were made (with no threshold set this is the fixed step count).</summary>
    StepCap,

    /// <summary>The data batch's mean per-image loss fell to LossThreshold or below.</summary>
    LossThreshold,

    /// <summary>MMD^2 between the data and generated batches' codes exceeded MmdThreshold (Claim 4).</summary>
    MmdThreshold,
}

/// <summary>
/// Settings of generator reversal (Algorithm 1). Each image's code descends the gradient of its
/// own loss: the optimised objective is the SUM over the batch of per-image losses, so a code's
/// step does not depend on the batch size. The default reduction over pixels is the sum, the
/// plain squared L2 norm |G(z) - x|^2 of Proposition 1: with a mean over pixels, learning rate 1.0
/// would move z by 1/784 of that on MNIST (1/3072 on CIFAR-10) and codes started at N(0, 1e-8 I)
/// would barely leave the origin in the 5 steps after which the paper already recognises digits.
/// Termination: stop once any of the set rules holds; MaxSteps is always the cap, and a fixed step
/// count is MaxSteps with no threshold set (<see cref="FixedSteps"/>).
/// </summary>
public sealed record ReversalSettings
{
    /// <summary>The paper's reversal learning rate.</summary>
    public const double PaperLearningRate = 1.0;

    /// <summary>The paper's standard deviation of z0 and its MMD threshold (Appendix A).</summary>
    public const double PaperInitialStd = 1e-4, PaperMmdThreshold = 1e-4;

    /// <summary>Cap on the number of updates (and the fixed step count when no threshold is set).</summary>
    public int MaxSteps { get; init; } = 50;

    /// <summary>Gradient descent step size eta.</summary>
    public double LearningRate { get; init; } = PaperLearningRate;

    /// <summary>z0 ~ N(0, InitialStd^2 I) for codes that are not warm-started.</summary>
    public double InitialStd { get; init; } = PaperInitialStd;

    /// <summary>Reduction of the per-image L2 loss over pixels.</summary>
    public ReversalLoss Loss { get; init; } = ReversalLoss.SumOverPixels;

    /// <summary>Stop, before updating, once the data batch's mean per-image loss is at most this.</summary>
    public double? LossThreshold { get; init; }

    /// <summary>Stop once MMD^2 of data codes vs generated codes exceeds this (needs a generated batch).</summary>
    public double? MmdThreshold { get; init; }

    /// <summary>Kernel of the MMD rule; gamma = 1e-4 by default (see <see cref="RbfKernel"/> for why not sigma).</summary>
    public RbfKernel MmdKernel { get; init; } = RbfKernel.WithGamma(1e-4);

    /// <summary>
    /// False (default): the generator runs in evaluation mode, so batch norm uses its running
    /// statistics, every image depends on its own code only, and the data and generated batches
    /// share one forward. True: training mode, each batch normalised by its own statistics (the two
    /// batches then get separate forwards so they do not mix); running statistics are restored
    /// afterwards. Why not true by default: with batch statistics, a linear layer followed by batch
    /// norm makes G invariant to the scale of z, so the gradient scales like 1/|z|; from
    /// z0 ~ N(0, 1e-8 I) the first step of lr 1.0 threw a DCGAN-shaped random generator's codes to
    /// |z| ~ 1e5 and the loss stalled, while in evaluation mode the same generator's loss fell
    /// 25.7 -> 2.6 in 10 steps (Latent/README.md).
    /// </summary>
    public bool UseBatchStatistics { get; init; }

    /// <summary>Exactly <paramref name="steps"/> updates, no early stop.</summary>
    public static ReversalSettings FixedSteps(int steps) => new() { MaxSteps = steps };

    /// <summary>Throws naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        static void Require(bool ok, string name, string expected, object found)
        {
            if (!ok) throw new ArgumentException($"reversal setting {name}: expected {expected}, found {found}");
        }
        Require(MaxSteps >= 1, nameof(MaxSteps), "at least 1", MaxSteps);
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), "a positive finite number", LearningRate);
        Require(InitialStd >= 0 && double.IsFinite(InitialStd), nameof(InitialStd), "a finite number >= 0", InitialStd);
        Require(LossThreshold is null || LossThreshold >= 0, nameof(LossThreshold), "none or >= 0", LossThreshold!);
        Require(MmdThreshold is null || double.IsFinite(MmdThreshold.Value), nameof(MmdThreshold), "none or a finite number", MmdThreshold!);
        _ = MmdKernel.Gamma;
    }
}
