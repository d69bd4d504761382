using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Latent;

/// <summary>
/// Gaussian kernel density estimate over a bank of codes z_1..z_N (N x d) with isotropic
/// bandwidth h, optionally mixed with a N(0, I) background of weight lambda:
/// p(z) = (1 - lambda) (1/N) sum_i N(z; z_i, h^2 I) + lambda N(z; 0, I).
/// Sampling picks a stored code uniformly and adds h N(0, I) (or, with probability lambda, draws
/// from N(0, I)). The log-density is a log-sum-exp over blocks of the bank in float64, so a bank of
/// 60,000 codes of 200 dims needs only one ChunkSize x ChunkSize block of distances at a time.
/// Owns a copy of the codes.
/// </summary>
public sealed class KdePrior : IDisposable
{
    private readonly int _chunkSize;

    /// <summary>A KDE over a copy of <paramref name="codes"/> with the given h and lambda.</summary>
    public KdePrior(Tensor codes, double bandwidth, double backgroundWeight = 0, int chunkSize = 2048)
    {
        if (codes.dim() != 2 || codes.shape[0] < 1)
            throw new ArgumentException($"KDE: expected an N x d bank of codes with N >= 1, found shape {ShapeText.Of(codes)}");
        new KdeSettings { Bandwidth = bandwidth, BackgroundWeight = backgroundWeight, ChunkSize = chunkSize }.Validate();
        Codes = codes.detach().to_type(ScalarType.Float32).clone().DetachFromDisposeScope();
        Bandwidth = bandwidth;
        BackgroundWeight = backgroundWeight;
        _chunkSize = chunkSize;
    }

    /// <summary>The bank (N x d, float32).</summary>
    public Tensor Codes { get; }

    /// <summary>h.</summary>
    public double Bandwidth { get; }

    /// <summary>lambda, the weight of the N(0, I) background.</summary>
    public double BackgroundWeight { get; }

    /// <summary>
    /// A KDE over <paramref name="codes"/> with h chosen by <paramref name="settings"/>; the
    /// holdout rule splits the codes at random with <paramref name="rng"/>, picks h on the split,
    /// and then fits all codes with it.
    /// </summary>
    public static KdePrior Fit(Tensor codes, KdeSettings settings, Generator rng)
    {
        settings.Validate();
        var h = settings.Rule switch
        {
            BandwidthRule.Fixed => settings.Bandwidth,
            BandwidthRule.Scott => Bandwidths.Scott(codes),
            BandwidthRule.Silverman => Bandwidths.Silverman(codes),
            _ => Bandwidths.Holdout(codes, settings.Candidates, settings.HoldoutFraction, settings.ChunkSize, rng),
        };
        return new KdePrior(codes, h, settings.BackgroundWeight, settings.ChunkSize);
    }

    /// <summary><paramref name="n"/> codes (n x d, float32) drawn from the mixture with <paramref name="rng"/>.</summary>
    public Tensor Sample(long n, Generator rng)
    {
        using var scope = NewDisposeScope();
        var d = Codes.shape[1];
        var picked = Codes.index_select(0, randint(Codes.shape[0], [n], device: Codes.device, generator: rng));
        var kde = picked.add_(randn([n, d], device: Codes.device, generator: rng).mul_(Bandwidth));
        if (BackgroundWeight == 0) return kde.MoveToOuterDisposeScope();
        var background = rand([n, 1], device: Codes.device, generator: rng).lt(BackgroundWeight);
        return where(background, randn([n, d], device: Codes.device, generator: rng), kde).MoveToOuterDisposeScope();
    }

    /// <summary>log p(z) for each row of <paramref name="z"/> (q x d), float64, length q.</summary>
    public Tensor LogDensity(Tensor z)
    {
        if (z.dim() != 2 || z.shape[1] != Codes.shape[1])
            throw new ArgumentException($"KDE log-density: expected q x {Codes.shape[1]} codes, found shape {ShapeText.Of(z)}");
        using var scope = NewDisposeScope();
        var logKde = KdeLogDensity.Evaluate(z, Codes, [Bandwidth], _chunkSize).squeeze(1);
        if (BackgroundWeight == 0) return logKde.MoveToOuterDisposeScope();
        var logBackground = z.detach().to(Codes.device).to_type(ScalarType.Float64).square().sum(1).mul_(-0.5)
                            - 0.5 * Codes.shape[1] * Math.Log(2 * Math.PI);
        return logaddexp(logKde + Math.Log(1 - BackgroundWeight), logBackground + Math.Log(BackgroundWeight)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public void Dispose() => Codes.Dispose();
}
