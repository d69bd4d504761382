using static TorchSharp.torch;

namespace KdeGan.Core.Analysis;

/// <summary>Where <see cref="Neighbourhood.Sample"/> places its points relative to the radius.</summary>
public enum BallSampling
{
    /// <summary>Uniform in the d-dimensional ball of radius r: radius r U^(1/d).</summary>
    Uniform,

    /// <summary>Uniform on the sphere of radius r: every sample exactly at distance r.</summary>
    Sphere,
}

/// <summary>
/// Latent neighbourhood exploration (Figures 21-24): codes drawn around the reversed code of a
/// seeding image within a radius r, for radii from small to overly large.
/// </summary>
public static class Neighbourhood
{
    /// <summary>
    /// <paramref name="count"/> x d codes around <paramref name="centre"/> (shape [d] or [1, d]):
    /// direction a normalised standard Gaussian, distance r U^(1/d) (<see cref="BallSampling.Uniform"/>,
    /// mean distance r d / (d + 1)) or r (<see cref="BallSampling.Sphere"/>). Drawn in float64 from
    /// an explicit generator seeded with <paramref name="seed"/>, returned in the centre's dtype.
    /// </summary>
    public static Tensor Sample(Tensor centre, double radius, int count, long seed, BallSampling mode = BallSampling.Uniform)
    {
        if (!(radius > 0 && double.IsFinite(radius)))
            throw new ArgumentOutOfRangeException(nameof(radius), radius, "neighbourhood radius: expected a positive finite number");
        if (count < 1)
            throw new ArgumentOutOfRangeException(nameof(count), count, "neighbourhood sample count: expected at least 1");

        using var scope = NewDisposeScope();
        var c = CodeRow.AsFloat64Row(centre, "neighbourhood centre code");
        var d = c.shape[1];
        using var generator = new Generator((ulong)seed);
        var gaussian = randn(count, d, ScalarType.Float64, generator: generator);
        var direction = gaussian.div_(gaussian.norm(1, keepdim: true));
        var distance = mode switch
        {
            BallSampling.Uniform => rand(count, 1, ScalarType.Float64, generator: generator).pow_(1.0 / d).mul_(radius),
            BallSampling.Sphere => full(count, 1, radius, ScalarType.Float64),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "neighbourhood sampling: expected Uniform or Sphere"),
        };
        return direction.mul_(distance).add_(c).to_type(centre.dtype).MoveToOuterDisposeScope();
    }
}
