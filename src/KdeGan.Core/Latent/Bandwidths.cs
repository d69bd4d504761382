using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Latent;

/// <summary>
/// Bandwidth rules for the isotropic Gaussian KDE. Scott and Silverman are the multivariate
/// rules of thumb with one scale s = sqrt(mean over dimensions of the unbiased per-dimension
/// variance), since the kernel is h^2 I rather than a full covariance.
/// </summary>
public static class Bandwidths
{
    /// <summary>h = s n^(-1/(d+4)).</summary>
    public static double Scott(Tensor codes)
    {
        var (n, d, s) = Shape(codes);
        return s * Math.Pow(n, -1.0 / (d + 4));
    }

    /// <summary>h = s (4 / (n (d + 2)))^(1/(d+4)).</summary>
    public static double Silverman(Tensor codes)
    {
        var (n, d, s) = Shape(codes);
        return s * Math.Pow(4.0 / (n * (d + 2.0)), 1.0 / (d + 4));
    }

    /// <summary>
    /// Splits <paramref name="codes"/> at random (share <paramref name="holdoutFraction"/> held
    /// out) and returns the candidate whose KDE of the kept codes gives the held-out codes the
    /// highest mean log-density (the first on ties); the
    /// distances are computed once for all candidates.
    /// </summary>
    public static double Holdout(Tensor codes, IReadOnlyList<double> candidates, double holdoutFraction, int chunkSize, Generator rng)
    {
        var n = codes.shape[0];
        var held = (long)Math.Round(n * holdoutFraction);
        if (held < 1 || held >= n)
            throw new ArgumentException($"KDE holdout bandwidth: {n} codes with HoldoutFraction {holdoutFraction} leave {held} held out; need at least 1 on each side");
        using var scope = NewDisposeScope();
        var perm = randperm(n, generator: rng).to(codes.device);
        var holdout = codes.index_select(0, perm.narrow(0, 0, held));
        var kept = codes.index_select(0, perm.narrow(0, held, n - held));
        using var logp = KdeLogDensity.Evaluate(holdout, kept, candidates, chunkSize);
        var scores = logp.mean([0]).data<double>().ToArray();
        var best = candidates[0];
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < scores.Length; i++)
            if (scores[i] > bestScore) (best, bestScore) = (candidates[i], scores[i]);
        return best;
    }

    private static (long N, long D, double S) Shape(Tensor codes)
    {
        if (codes.dim() != 2 || codes.shape[0] < 2)
            throw new ArgumentException($"KDE bandwidth rule: expected an N x d bank with N >= 2, found shape {ShapeText.Of(codes)}");
        using var scope = NewDisposeScope();
        var s = Math.Sqrt(codes.to_type(ScalarType.Float64).var(0).mean().item<double>());
        return (codes.shape[0], codes.shape[1], s);
    }
}
