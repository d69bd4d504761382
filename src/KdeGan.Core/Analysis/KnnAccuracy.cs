using static TorchSharp.torch;
using KdeGan.Core.Numerics;

namespace KdeGan.Core.Analysis;

/// <summary>
/// Leave-one-out k-nearest-neighbour label accuracy: how well the labels of a point's nearest
/// other points predict its own. Quantifies the structure a t-SNE picture of codes shows
/// (Figure 3: trained vs untrained generator) with a number, in the original code space.
/// </summary>
public static class KnnAccuracy
{
    /// <summary>
    /// Fraction of the N rows of <paramref name="codes"/> (N x d) whose label (int64, N) equals the
    /// majority label of its <paramref name="k"/> nearest other rows (exact squared Euclidean
    /// distances in float64, computed <paramref name="batchSize"/> rows at a time). A tied vote
    /// goes to the smallest label, as in scikit-learn; ties in distance are broken arbitrarily.
    /// </summary>
    public static double LeaveOneOut(Tensor codes, Tensor labels, int k = 5, int batchSize = 512)
    {
        var n = Validate(codes, labels, k);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "kNN accuracy batch size: expected at least 1");

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = codes.detach().to_type(ScalarType.Float64);
        var y = labels.to_type(ScalarType.Int64);
        var classes = y.max().item<long>() + 1;
        var correct = 0L;
        for (long start = 0; start < n; start += batchSize)
        {
            using var batch = NewDisposeScope();
            var rows = Math.Min(batchSize, n - start);
            var distances = SquaredDistances.Between(x.narrow(0, start, rows), x);
            // Row i of this batch is point start + i: exclude it from its own neighbours.
            distances.diagonal(start, 0, 1).fill_(double.PositiveInfinity);
            var nearest = distances.topk(k, dim: 1, largest: false).indexes;
            var neighbourLabels = y.index_select(0, nearest.flatten()).view(rows, k);
            var votes = zeros(rows, classes, ScalarType.Int64).scatter_add_(1, neighbourLabels, ones_like(neighbourLabels));
            // argmax returns the first maximum, which is the smallest tied label.
            correct += votes.argmax(1).eq(y.narrow(0, start, rows)).sum().item<long>();
        }
        return (double)correct / n;
    }

    private static long Validate(Tensor codes, Tensor labels, int k)
    {
        if (codes.dim() != 2)
            throw new ArgumentException($"kNN accuracy codes: expected N x d, found shape [{string.Join(", ", codes.shape)}]");
        var n = codes.shape[0];
        if (labels.dim() != 1 || labels.shape[0] != n)
            throw new ArgumentException($"kNN accuracy labels: expected {n} labels (one per code), found shape [{string.Join(", ", labels.shape)}]");
        if (labels.is_floating_point() || labels.dtype == ScalarType.Bool)
            throw new ArgumentException($"kNN accuracy labels: expected integer class labels, found {labels.dtype}");
        if (n > 0 && labels.min().item<long>() < 0)
            throw new ArgumentException($"kNN accuracy labels: expected non-negative class labels, found {labels.min().item<long>()}");
        if (k < 1 || k > n - 1)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"kNN accuracy k: expected 1 <= k <= N - 1 = {n - 1}");
        return n;
    }
}
