using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Data;

/// <summary>
/// MNIST1000: each image shows three MNIST digits d1, d2, d3, drawn independently from the
/// digit distribution of <see cref="StackedMnistOptions"/>, each realised by an MNIST image of
/// that digit drawn uniformly; the label is the number 100 d1 + 10 d2 + d3 (0..999).
/// </summary>
public static class StackedMnist
{
    public const int Slots = 3;

    /// <summary>Unnormalised weight of each digit 0..9 under <paramref name="bias"/>.</summary>
    public static double[] DigitWeights(DigitBias bias) =>
    [.. Enumerable.Range(0, 10).Select(d => bias switch
    {
        DigitBias.Uniform => 1.0,
        DigitBias.LinearNineIs20xOne => d == 0 ? 1.0 : (19.0 * d - 11.0) / 8.0,
        DigitBias.LinearNineIs20xZero => 1.0 + 19.0 * d / 9.0,
        _ => throw new ArgumentOutOfRangeException(nameof(bias), bias, "unknown digit bias"),
    })];

    /// <summary>Probability of each digit 0..9 for one slot: the bias restricted to the allowed digits, normalised.</summary>
    public static double[] DigitProbabilities(StackedMnistOptions options)
    {
        var allowed = options.Digits ?? [.. Enumerable.Range(0, 10)];
        if (allowed.Count == 0 || allowed.Any(d => d is < 0 or > 9) || allowed.Distinct().Count() != allowed.Count)
            throw new ArgumentException($"MNIST1000 setting Digits: expected distinct digits 0..9, found [{string.Join(", ", allowed)}]");
        var weights = DigitWeights(options.Bias).Select((w, d) => allowed.Contains(d) ? w : 0.0).ToArray();
        var total = weights.Sum();
        return [.. weights.Select(w => w / total)];
    }

    /// <summary>
    /// The exact probability of each of the 1000 modes (label 100 d0 + 10 d1 + d2): the product of
    /// the slots' digit probabilities. A test set of 10,000 images cannot stand in for it: under the
    /// digit bias most low-digit modes are expected less than once, so an empirical histogram has
    /// zeros that a generator may rightly hit.
    /// </summary>
    public static double[] ModeProbabilities(StackedMnistOptions options)
    {
        var p = DigitProbabilities(options);
        return [.. Enumerable.Range(0, 1000).Select(m => p[m / 100] * p[m / 10 % 10] * p[m % 10])];
    }

    /// <summary>Builds MNIST1000 from an MNIST split (N x 1 x 28 x 28, labels 0..9); the source stays owned by the caller.</summary>
    public static ImageDataset Build(ImageDataset mnist, StackedMnistOptions options, string name)
    {
        var count = options.Count ?? (int)mnist.Count;
        if (count <= 0) throw new ArgumentException($"MNIST1000 setting Count: expected a positive number, found {count}");
        var byDigit = IndicesByDigit(mnist);
        var cumulative = Cumulative(DigitProbabilities(options));
        var missing = Enumerable.Range(0, 10).Where(d => cumulative[d] > (d == 0 ? 0 : cumulative[d - 1]) && byDigit[d].Count == 0).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"{mnist.Name}: MNIST1000 needs images of digits [{string.Join(", ", missing)}], found none");

        var random = new Random(options.Seed);
        var picks = new long[Slots][];
        var labels = new long[count];
        for (var s = 0; s < Slots; s++) picks[s] = new long[count];
        for (var i = 0; i < count; i++)
            for (var s = 0; s < Slots; s++)
            {
                var digit = SampleDigit(cumulative, random.NextDouble());
                picks[s][i] = byDigit[digit][random.Next(byDigit[digit].Count)];
                labels[i] = 10 * labels[i] + digit;
            }
        return new ImageDataset(name, Compose(mnist.Images, picks, options.Layout), tensor(labels));
    }

    static List<long>[] IndicesByDigit(ImageDataset mnist)
    {
        var byDigit = Enumerable.Range(0, 10).Select(_ => new List<long>()).ToArray();
        var labels = mnist.Labels.data<long>().ToArray();
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] is < 0 or > 9)
                throw new ArgumentException($"{mnist.Name}: MNIST1000 expects digit labels 0..9, found {labels[i]} at index {i}");
            byDigit[labels[i]].Add(i);
        }
        return byDigit;
    }

    /// <summary>The first digit whose cumulative probability exceeds u (rounding can leave u above all).</summary>
    static int SampleDigit(double[] cumulative, double u)
    {
        var digit = Array.FindIndex(cumulative, c => u < c);
        // the first index reaching the total is the last digit with positive probability
        return digit >= 0 ? digit : Array.IndexOf(cumulative, cumulative[^1]);
    }

    static double[] Cumulative(double[] probabilities)
    {
        var sum = 0.0;
        return [.. probabilities.Select(p => sum += p)];
    }

    static Tensor Compose(Tensor images, long[][] picks, StackLayout layout)
    {
        using var scope = NewDisposeScope();
        var parts = picks.Select(p => images.index_select(0, tensor(p))).ToArray();
        return cat(parts, layout == StackLayout.SideBySide ? 3 : 1).MoveToOuterDisposeScope();
    }
}
