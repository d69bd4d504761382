using TorchSharp;
using static TorchSharp.torch;
using KdeGan.Core.Numerics;

namespace KdeGan.Core.Latent;

/// <summary>
/// The blocked log-sum-exp behind <see cref="KdePrior.LogDensity"/> and the holdout bandwidth
/// rule: each block of squared distances is computed once and reused for every bandwidth.
/// </summary>
internal static class KdeLogDensity
{
    /// <summary>
    /// log (1/N) sum_i N(z; b_i, h^2 I) for every query row z (q x d) and every h: q x H float64.
    /// Distances are formed in float64 over chunk x chunk blocks, so memory stays bounded by one
    /// block whatever N is.
    /// </summary>
    public static Tensor Evaluate(Tensor queries, Tensor bank, IReadOnlyList<double> bandwidths, int chunk)
    {
        using var scope = NewDisposeScope();
        var n = bank.shape[0];
        var d = bank.shape[1];
        var q64 = queries.detach().to(bank.device).to_type(ScalarType.Float64);
        var rows = new List<Tensor>();
        for (long q0 = 0; q0 < q64.shape[0]; q0 += chunk)
        {
            using var rowScope = NewDisposeScope();
            var q = q64.narrow(0, q0, Math.Min(chunk, q64.shape[0] - q0));
            var blocks = new List<Tensor>();
            for (long b0 = 0; b0 < n; b0 += chunk)
            {
                using var blockScope = NewDisposeScope();
                var d2 = SquaredDistances.Between(q, bank.narrow(0, b0, Math.Min(chunk, n - b0)).to_type(ScalarType.Float64));
                var perBandwidth = bandwidths.Select(h =>
                {
                    using var hScope = NewDisposeScope();
                    return d2.mul(-0.5 / (h * h)).logsumexp(1).MoveToOuterDisposeScope();
                }).ToList();
                blocks.Add(stack(perBandwidth, 1).MoveToOuterDisposeScope());
            }
            rows.Add(stack(blocks, 0).logsumexp(0).MoveToOuterDisposeScope());
        }
        var normaliser = tensor(bandwidths.Select(h => Math.Log(n) + 0.5 * d * Math.Log(2 * Math.PI * h * h)).ToArray(),
            dtype: ScalarType.Float64, device: bank.device);
        return (cat(rows, 0) - normaliser).MoveToOuterDisposeScope();
    }
}
