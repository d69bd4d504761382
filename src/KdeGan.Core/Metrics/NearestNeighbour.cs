using TorchSharp;
using static TorchSharp.torch;
using KdeGan.Core.Numerics;

namespace KdeGan.Core.Metrics;

/// <summary>Per-sample nearest training image (index and distance) with the summary record.</summary>
public sealed record NearestNeighbourResult(MetricResult Summary, long[] Indices, double[] Distances);

/// <summary>
/// Table 1's nearest-neighbour test: for each generated image, the exact pixel-wise Euclidean
/// distance to its nearest training image. Batched on tensors in float64
/// (|a|^2 + |b|^2 - 2 a.b per block), so the memory is one generated batch times one training block.
/// </summary>
public static class NearestNeighbour
{
    /// <summary>Nearest neighbours of <paramref name="generated"/> (N x ...) among <paramref name="training"/> (M x ..., same image shape).</summary>
    public static NearestNeighbourResult Compute(Tensor generated, Tensor training, int batchSize = 500, int blockSize = 10000)
    {
        var g = generated.shape;
        var t = training.shape;
        if (g.Length < 2 || !g[1..].SequenceEqual(t[1..]) || t[0] < 1)
            throw new ArgumentException($"nearest neighbour: generated [{string.Join(",", g)}] and training [{string.Join(",", t)}] must share the image shape");
        var n = g[0];
        var indices = new long[n];
        var distances = new double[n];
        using var genFlat = generated.reshape(n, -1);
        using var trainFlat = training.reshape(t[0], -1);
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(batchSize, n - start);
            var a = genFlat.narrow(0, start, count).to_type(ScalarType.Float64);
            var best = full(count, double.PositiveInfinity, dtype: ScalarType.Float64);
            var bestIndex = zeros(count, dtype: ScalarType.Int64);
            for (long block = 0; block < t[0]; block += blockSize)
            {
                using var inner = NewDisposeScope();
                var b = trainFlat.narrow(0, block, Math.Min(blockSize, t[0] - block)).to_type(ScalarType.Float64);
                var squared = SquaredDistances.Between(a, b);
                var (value, index) = squared.min(1);
                var better = value < best;
                best.copy_(where(better, value, best));
                bestIndex.copy_(where(better, index + block, bestIndex));
            }
            best.clamp_min(0).sqrt().data<double>().CopyTo(distances.AsSpan((int)start, (int)count));
            bestIndex.data<long>().CopyTo(indices.AsSpan((int)start, (int)count));
        }
        return new NearestNeighbourResult(MetricResult.OfValues("NN-distance", distances, t[0], n, "pixels"), indices, distances);
    }
}
