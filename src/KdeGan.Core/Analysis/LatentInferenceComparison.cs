using System.Diagnostics;
using KdeGan.Core.Latent;
using KdeGan.Core.Nets;
using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Analysis;

/// <summary>One way of inferring codes and how well G(code) reconstructs the images.</summary>
/// <param name="Method">"encoder", "reversal" (from z0 ~ N(0, InitialStd^2 I)) or "encoder+reversal" (warm start at E(x)).</param>
/// <param name="Steps">Reversal steps (0 for the encoder alone).</param>
/// <param name="Count">Images measured.</param>
/// <param name="ReconMean">Mean over images of ||G(z) - x|| (L2 over all pixels).</param>
/// <param name="ReconStd">Standard deviation of ||G(z) - x|| over images.</param>
/// <param name="Seconds">Wall time spent inferring the codes (encoder forward plus reversal; not the error measurement).</param>
public sealed record InferenceRow(string Method, int Steps, long Count, double ReconMean, double ReconStd, double Seconds)
{
    public double MillisecondsPerImage => 1000 * Seconds / Count;
}

/// <summary>
/// Latent inference on a trained BiGAN: for the same images, the reconstruction error ||G(z) - x||
/// and wall time of (a) the encoder z = E(x), (b) generator reversal from z0 with fixed step counts,
/// (c) reversal started at E(x). G and E run in evaluation mode (batch norm on running statistics,
/// as <see cref="GeneratorReversal"/> does by default), so every image's code depends on that image
/// only and the batch size changes nothing but speed.
/// </summary>
public static class LatentInferenceComparison
{
    public static IReadOnlyList<InferenceRow> Run(nn.Module<Tensor, Tensor> generator, nn.Module<Tensor, Tensor> encoder,
        Tensor images, IReadOnlyList<int> steps, ReversalSettings reversal, int batchSize, Generator rng)
    {
        if (images.dim() != 4 || images.shape[0] < 1)
            throw new ArgumentException($"latent inference comparison: expected a non-empty N x C x H x W batch, found {ShapeText.Of(images)}");
        if (batchSize < 1) throw new ArgumentException($"latent inference comparison: batch size must be positive, found {batchSize}");
        if (steps.Count == 0 || steps.Any(s => s < 1))
            throw new ArgumentException($"latent inference comparison: expected step counts >= 1, found [{string.Join(", ", steps)}]");
        var (gWas, eWas) = (generator.training, encoder.training);
        generator.eval();
        encoder.eval();
        try
        {
            var codeDim = LatentDim(encoder, images);
            var rows = new List<InferenceRow> { Measure("encoder", 0, generator, images, batchSize, x => Encode(encoder, x)) };
            foreach (var s in steps)
            {
                var fixedSteps = reversal with { MaxSteps = s, LossThreshold = null, MmdThreshold = null };
                rows.Add(Measure("reversal", s, generator, images, batchSize, x => Reverse(generator, x, codeDim, fixedSteps, rng, null)));
                rows.Add(Measure("encoder+reversal", s, generator, images, batchSize,
                    x => { using var start = Encode(encoder, x); return Reverse(generator, x, codeDim, fixedSteps, rng, start); }));
            }
            return rows;
        }
        finally
        {
            generator.train(gWas);
            encoder.train(eWas);
        }
    }

    static InferenceRow Measure(string method, int steps, nn.Module<Tensor, Tensor> generator, Tensor images, int batchSize, Func<Tensor, Tensor> infer)
    {
        var n = images.shape[0];
        var errors = new double[n];
        var clock = new Stopwatch();
        for (long start = 0; start < n; start += batchSize)
        {
            using var scope = NewDisposeScope();
            var x = images.narrow(0, start, Math.Min(batchSize, n - start));
            clock.Start();
            var codes = infer(x);
            clock.Stop();
            var batchErrors = BiGanReconstruction.Errors(generator.call, codes, x).to_type(ScalarType.Float64).data<double>().ToArray();
            batchErrors.CopyTo(errors, start);
        }
        var mean = errors.Average();
        var std = Math.Sqrt(errors.Sum(e => (e - mean) * (e - mean)) / Math.Max(1, n - 1));
        return new InferenceRow(method, steps, n, mean, std, clock.Elapsed.TotalSeconds);
    }

    static Tensor Encode(nn.Module<Tensor, Tensor> encoder, Tensor x)
    {
        using var noGrad = no_grad();
        return encoder.call(x);
    }

    static Tensor Reverse(nn.Module<Tensor, Tensor> generator, Tensor x, long codeDim, ReversalSettings settings, Generator rng, Tensor? warmStart)
    {
        using var result = GeneratorReversal.Reverse(generator, x, codeDim, settings, rng, warmStart: warmStart);
        return result.Codes.clone();
    }

    static long LatentDim(nn.Module<Tensor, Tensor> encoder, Tensor images)
    {
        using var scope = NewDisposeScope();
        return Encode(encoder, images.narrow(0, 0, 1)).shape[1];
    }
}
