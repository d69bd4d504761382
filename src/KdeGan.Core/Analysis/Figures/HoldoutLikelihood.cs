using KdeGan.Core.Latent;
using static TorchSharp.torch;

namespace KdeGan.Core.Analysis.Figures;

/// <summary>Mean and standard deviation over held-out codes of their log-density under one KDE.</summary>
public readonly record struct LogLikelihoodPoint(double Bandwidth, double Mean, double Std);

/// <summary>
/// The holdout likelihood of Figure 10: held-out codes (from reversing test images) scored by the
/// KDE of the training codes, log p(z) = log (1/N) sum_i N(z; z_i, h² I), for each bandwidth h.
/// Small h rewards memorisation (held-out codes far from every training code get very low
/// density), large h spreads the mass thin; the maximum sits between.
/// </summary>
public static class HoldoutLikelihood
{
    public static IReadOnlyList<LogLikelihoodPoint> Curve(Tensor trainCodes, Tensor heldOutCodes, IReadOnlyList<double> bandwidths)
    {
        if (bandwidths.Count == 0) throw new ArgumentException("holdout likelihood: expected at least one bandwidth");
        return bandwidths.Select(h =>
        {
            using var kde = new KdePrior(trainCodes, h);
            using var logp = kde.LogDensity(heldOutCodes);
            return new LogLikelihoodPoint(h, logp.mean().item<double>(), logp.numel() > 1 ? logp.std().item<double>() : 0);
        }).ToList();
    }

    /// <summary>Mean log-density of the codes under the N(0, I) prior, the GAN's own assumption, for reference.</summary>
    public static double StandardNormal(Tensor codes)
    {
        using var scope = NewDisposeScope();
        var z = codes.to_type(ScalarType.Float64);
        return (z.square().sum(1).mul(-0.5) - 0.5 * z.shape[1] * Math.Log(2 * Math.PI)).mean().item<double>();
    }
}
