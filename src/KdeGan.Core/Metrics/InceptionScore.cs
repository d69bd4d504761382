using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Metrics;

/// <summary>
/// Inception Score exp(E_x KL(p(y|x) || p(y))) over classifier outputs, computed in float64:
/// the samples are shuffled with a fixed seed, cut into <c>splits</c> nearly equal parts (the
/// first N mod splits parts one longer), and the mean and population std over parts reported.
/// </summary>
public static class InceptionScore
{
    /// <summary>Default number of splits, as in the literature.</summary>
    public const int DefaultSplits = 10;

    /// <summary>IS from logits (N x K, any float dtype).</summary>
    public static MetricResult FromLogits(Tensor logits, string scorer, int splits = DefaultSplits, int seed = 0)
    {
        using var scope = NewDisposeScope();
        return FromLogProbabilities(logits.to_type(ScalarType.Float64).log_softmax(1), scorer, splits, seed);
    }

    /// <summary>IS from normalised log-probabilities log p(y|x) (N x K).</summary>
    public static MetricResult FromLogProbabilities(Tensor logProbabilities, string scorer, int splits = DefaultSplits, int seed = 0)
    {
        var n = logProbabilities.shape[0];
        if (logProbabilities.dim() != 2 || n < splits || splits < 1)
            throw new ArgumentException($"Inception Score: need N x K log-probabilities with N >= splits ({splits}), got [{string.Join(",", logProbabilities.shape)}]");
        using var scope = NewDisposeScope();
        var logP = logProbabilities.to_type(ScalarType.Float64).index_select(0, tensor(Shuffle(n, seed)));
        var scores = new double[splits];
        long start = 0;
        for (var s = 0; s < splits; s++)
        {
            var size = n / splits + (s < n % splits ? 1 : 0);
            var part = logP.narrow(0, start, size);
            start += size;
            // log p(y) = log mean_x p(y|x), via logsumexp for stability.
            var logPy = part.logsumexp(0) - Math.Log(size);
            var kl = (part.exp() * (part - logPy)).sum(1).mean();
            scores[s] = Math.Exp(kl.item<double>());
        }
        return MetricResult.OfValues("IS", scores, 0, n, scorer);
    }

    /// <summary>The fixed-seed permutation of 0..n-1 (Fisher-Yates with System.Random(seed)).</summary>
    public static long[] Shuffle(long n, int seed)
    {
        var order = new long[n];
        for (long i = 0; i < n; i++) order[i] = i;
        var rng = new Random(seed);
        for (var i = n - 1; i > 0; i--)
        {
            var j = rng.NextInt64(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
