using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Metrics;

/// <summary>MNIST1000 scores: the 1000-way IS, how many of the 1000 modes appear, and KL to the data's modes.</summary>
public sealed record Mnist1000Result(MetricResult InceptionScore, int ModesCovered, double KlToData, long[] ModeHistogram);

/// <summary>
/// Metrics for three-digit MNIST (MNIST1000). Mode y = 100 d0 + 10 d1 + d2, with d0 the left
/// slot (or the first channel); p(y|x) is the product of the three per-slot digit softmaxes.
/// </summary>
public static class Mnist1000Metrics
{
    public const int Modes = 1000;

    /// <summary>
    /// The three 1 x 28 x 28 digit images of each sample, sample-major (3N x 1 x 28 x 28), from
    /// either N x 1 x 28 x 84 (side by side) or N x 3 x 28 x 28 (stacked channels).
    /// </summary>
    public static Tensor SlotImages(Tensor images)
    {
        using var scope = NewDisposeScope();
        var n = images.shape[0];
        Tensor slots = images.shape switch
        {
            [_, 1, 28, 84] => images.view(n, 28, 3, 28).permute(0, 2, 1, 3),
            [_, 3, 28, 28] => images,
            _ => throw new ArgumentException($"MNIST1000 images must be N x 1 x 28 x 84 or N x 3 x 28 x 28, got [{string.Join(",", images.shape)}]"),
        };
        return slots.reshape(n * 3, 1, 28, 28).MoveToOuterDisposeScope();
    }

    /// <summary>1000-way log p(y|x) (N x 1000, float64) from per-slot digit logits (3N x 10, sample-major as <see cref="SlotImages"/>).</summary>
    public static Tensor LogProbabilities(Tensor slotLogits)
    {
        using var scope = NewDisposeScope();
        var logP = slotLogits.to_type(ScalarType.Float64).log_softmax(1).view(-1, 3, 10);
        var joint = logP[.., 0].view(-1, 10, 1, 1) + logP[.., 1].view(-1, 1, 10, 1) + logP[.., 2].view(-1, 1, 1, 10);
        return joint.reshape(-1, Modes).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// IS over the 1000-way p(y|x), the number of modes hit by at least one sample's most likely
    /// mode, and KL(generated mode histogram || <paramref name="dataModes"/>), where the data's
    /// mode distribution has 1000 entries (normalised here). A mode the data never produces but
    /// the samples do gives an infinite KL.
    /// </summary>
    public static Mnist1000Result Compute(Tensor slotLogits, double[] dataModes, string scorer, int splits = InceptionScore.DefaultSplits, int seed = 0)
    {
        if (dataModes.Length != Modes || dataModes.Any(p => p < 0) || dataModes.Sum() <= 0)
            throw new ArgumentException($"MNIST1000: the data's mode distribution must have {Modes} non-negative entries with a positive sum, got {dataModes.Length}");
        using var scope = NewDisposeScope();
        var logP = LogProbabilities(slotLogits);
        var inception = InceptionScore.FromLogProbabilities(logP, scorer, splits, seed) with { Metric = "IS-1000" };
        var histogram = logP.argmax(1).bincount(null, Modes).data<long>().ToArray();
        var n = (double)logP.shape[0];
        var dataSum = dataModes.Sum();
        var kl = 0.0;
        for (var m = 0; m < Modes; m++)
            if (histogram[m] > 0)
                kl += histogram[m] / n * Math.Log(histogram[m] / n / (dataModes[m] / dataSum));
        return new Mnist1000Result(inception, histogram.Count(c => c > 0), kl, histogram);
    }
}
