using static TorchSharp.torch;

namespace KdeGan.Core.Analysis;

/// <summary>
/// Settings of exact t-SNE. Defaults follow the reference implementation (bhtsne, van der
/// Maaten 2014): perplexity 30, 1000 iterations, learning rate 200, exaggeration 12 for the
/// first 250 iterations, momentum 0.5 switching to 0.8 at iteration 250, gains floored at 0.01.
/// </summary>
public sealed record TsneOptions
{
    /// <summary>Effective number of neighbours each point's Gaussian covers; in [1, N - 1).</summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Gradient steps.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>
    /// Step size, or null for the automatic N / EarlyExaggeration (Belkina et al. 2019; N / 12 by
    /// default). The gradient is the reference implementation's, without the factor 4 of the
    /// paper's Eq. 5, so 200 here is bhtsne's 200 (scikit-learn's 800).
    /// </summary>
    public double? LearningRate { get; init; } = 200;

    /// <summary>Factor on P during the first <see cref="ExaggerationIterations"/> iterations.</summary>
    public double EarlyExaggeration { get; init; } = 12;

    public int ExaggerationIterations { get; init; } = 250;

    public double InitialMomentum { get; init; } = 0.5;

    public double FinalMomentum { get; init; } = 0.8;

    /// <summary>Iteration from which <see cref="FinalMomentum"/> applies.</summary>
    public int MomentumSwitchIteration { get; init; } = 250;

    /// <summary>Lower bound of the per-coordinate gains (delta-bar-delta).</summary>
    public double MinGain { get; init; } = 0.01;

    /// <summary>Seed of the explicit generator that draws the initial embedding N(0, 1e-4^2 I).</summary>
    public long Seed { get; init; }

    /// <summary>Float32 (default) or Float64 for every tensor of the computation.</summary>
    public ScalarType Precision { get; init; } = ScalarType.Float32;

    /// <summary>Progress (with the KL divergence) every this many iterations and at the last one.</summary>
    public int ReportEvery { get; init; } = 50;

    /// <summary>The step size for <paramref name="points"/> points.</summary>
    public double StepSize(long points) => LearningRate ?? points / EarlyExaggeration;

    /// <summary>Throws an error naming the first setting that is out of range for N points.</summary>
    public void Validate(long points)
    {
        if (points < 3) throw Bad("number of points", "at least 3", points);
        PerplexityCalibration.Validate(Perplexity, points);
        if (Iterations < 1) throw Bad(nameof(Iterations), "at least 1", Iterations);
        if (LearningRate is { } rate && !(rate > 0 && double.IsFinite(rate))) throw Bad(nameof(LearningRate), "a positive number or null (auto)", rate);
        if (!(EarlyExaggeration >= 1)) throw Bad(nameof(EarlyExaggeration), "at least 1", EarlyExaggeration);
        if (ExaggerationIterations < 0) throw Bad(nameof(ExaggerationIterations), "at least 0", ExaggerationIterations);
        if (!(InitialMomentum is >= 0 and < 1)) throw Bad(nameof(InitialMomentum), "a value in [0, 1)", InitialMomentum);
        if (!(FinalMomentum is >= 0 and < 1)) throw Bad(nameof(FinalMomentum), "a value in [0, 1)", FinalMomentum);
        if (MomentumSwitchIteration < 0) throw Bad(nameof(MomentumSwitchIteration), "at least 0", MomentumSwitchIteration);
        if (!(MinGain > 0)) throw Bad(nameof(MinGain), "a positive number", MinGain);
        if (Precision is not (ScalarType.Float32 or ScalarType.Float64)) throw Bad(nameof(Precision), "Float32 or Float64", Precision);
        if (ReportEvery < 1) throw Bad(nameof(ReportEvery), "at least 1", ReportEvery);
    }

    private static ArgumentException Bad(string setting, string expected, object found) =>
        new($"t-SNE setting {setting}: expected {expected}, found {found}");
}
