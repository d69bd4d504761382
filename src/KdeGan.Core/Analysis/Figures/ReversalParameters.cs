using KdeGan.Core.Latent;

namespace KdeGan.Core.Analysis.Figures;

/// <summary>
/// The "reversal" block of a driver's parameters: a fixed number of steps of Algorithm 1 with
/// the paper's step size and start, over batches of <see cref="BatchSize"/> images.
/// </summary>
public sealed record ReversalParameters
{
    public int Steps { get; init; } = 50;
    public double LearningRate { get; init; } = ReversalSettings.PaperLearningRate;
    public double InitialStd { get; init; } = ReversalSettings.PaperInitialStd;
    public int BatchSize { get; init; } = 100;

    /// <summary>Fixed-step settings (no threshold); errors name the setting.</summary>
    public ReversalSettings ToSettings(int? steps = null)
    {
        if (BatchSize < 1) throw new ArgumentException($"analysis setting reversal.batch_size: expected at least 1, found {BatchSize}");
        var settings = new ReversalSettings { MaxSteps = steps ?? Steps, LearningRate = LearningRate, InitialStd = InitialStd };
        settings.Validate();
        return settings;
    }
}
