using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Metrics;

/// <summary>
/// Kernel Inception Distance: the unbiased MMD^2 with the cubic polynomial kernel
/// k(x, y) = (x.y / d + 1)^3, averaged over random subsets (drawn without replacement with a
/// fixed seed), mean and population std reported. Float64 throughout.
/// </summary>
public static class Kid
{
    public const int DefaultSubsets = 100;
    public const int DefaultSubsetSize = 1000;

    /// <summary>KID between N_r x D real and N_g x D generated features; the subset size is capped by both N.</summary>
    public static MetricResult Compute(Tensor realFeatures, Tensor fakeFeatures, string scorer,
        int subsets = DefaultSubsets, int subsetSize = DefaultSubsetSize, int seed = 0)
    {
        if (realFeatures.dim() != 2 || fakeFeatures.dim() != 2 || realFeatures.shape[1] != fakeFeatures.shape[1])
            throw new ArgumentException($"KID: need two N x D feature sets with the same D, got [{string.Join(",", realFeatures.shape)}] and [{string.Join(",", fakeFeatures.shape)}]");
        var size = (int)Math.Min(subsetSize, Math.Min(realFeatures.shape[0], fakeFeatures.shape[0]));
        if (size < 2 || subsets < 1)
            throw new ArgumentException($"KID: need at least 2 samples per set and 1 subset, got subset size {size}, {subsets} subsets");
        using var scope = NewDisposeScope();
        var real = realFeatures.to_type(ScalarType.Float64);
        var fake = fakeFeatures.to_type(ScalarType.Float64);
        var rng = new Random(seed);
        var values = new double[subsets];
        for (var s = 0; s < subsets; s++)
        {
            using var inner = NewDisposeScope();
            var x = real.index_select(0, tensor(Sample(rng, real.shape[0], size)));
            var y = fake.index_select(0, tensor(Sample(rng, fake.shape[0], size)));
            values[s] = UnbiasedMmd2(x, y);
        }
        return MetricResult.OfValues("KID", values, realFeatures.shape[0], fakeFeatures.shape[0], scorer);
    }

    /// <summary>Unbiased MMD^2 between m x d and n x d samples with the cubic polynomial kernel.</summary>
    public static double UnbiasedMmd2(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        x = x.to_type(ScalarType.Float64);
        y = y.to_type(ScalarType.Float64);
        double m = x.shape[0], n = y.shape[0], d = x.shape[1];
        var kxx = (x.matmul(x.t()) / d + 1).pow(3);
        var kyy = (y.matmul(y.t()) / d + 1).pow(3);
        var kxy = (x.matmul(y.t()) / d + 1).pow(3);
        var xx = (kxx.sum() - kxx.trace()) / (m * (m - 1));
        var yy = (kyy.sum() - kyy.trace()) / (n * (n - 1));
        return (xx + yy - 2 * kxy.sum() / (m * n)).item<double>();
    }

    /// <summary>k distinct indices from 0..n-1 (partial Fisher-Yates).</summary>
    static long[] Sample(Random rng, long n, int k)
    {
        var pool = new long[n];
        for (long i = 0; i < n; i++) pool[i] = i;
        for (var i = 0; i < k; i++)
        {
            var j = i + rng.NextInt64(n - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool[..k];
    }
}
