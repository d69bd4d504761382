using KdeGan.Core.Data;
using KdeGan.Core.Latent;
using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Analysis.Figures;

/// <summary>Data access and batched reversal shared by the drivers.</summary>
public static class FigureData
{
    /// <summary>The held-out split of the context's dataset (CelebA has only a training split, which is used instead).</summary>
    public static ImageDataset Test(FigureContext context) =>
        DatasetCatalog.Load(context.Dataset, train: context.Dataset == "celeba", context.DataRoot);

    public static ImageDataset Train(FigureContext context) => DatasetCatalog.Load(context.Dataset, train: true, context.DataRoot);

    /// <summary><paramref name="count"/> distinct indices of <paramref name="data"/> drawn with <paramref name="rng"/>, in draw order.</summary>
    public static Tensor Pick(ImageDataset data, int count, Generator rng)
    {
        if (count < 1 || count > data.Count)
            throw new ArgumentException($"analysis: expected between 1 and {data.Count} images of {data.Name}, asked for {count}");
        using var scope = NewDisposeScope();
        return randperm(data.Count, generator: rng).narrow(0, 0, count).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Codes of <paramref name="images"/> by generator reversal, <see cref="ReversalParameters.BatchSize"/> at
    /// a time (each image's code follows its own loss, so batching does not change the result).
    /// </summary>
    public static Tensor Reverse(FigureGenerator generator, Tensor images, ReversalParameters reversal, Generator rng)
    {
        var settings = reversal.ToSettings();
        var parts = new List<Tensor>();
        try
        {
            for (long start = 0; start < images.shape[0]; start += reversal.BatchSize)
            {
                using var batch = images.narrow(0, start, Math.Min(reversal.BatchSize, images.shape[0] - start));
                using var result = GeneratorReversal.Reverse(generator.Module, batch, generator.LatentDim, settings, rng);
                parts.Add(result.Codes.clone());
            }
            return cat(parts, 0);
        }
        finally
        {
            foreach (var p in parts) p.Dispose();
        }
    }

    /// <summary>Mean squared error per pixel between each image and its reconstruction, length N (float64 values).</summary>
    public static double[] PixelMse(Tensor images, Tensor reconstructions)
    {
        using var scope = NewDisposeScope();
        return (images - reconstructions).square().flatten(1).mean([1]).to_type(ScalarType.Float64).data<double>().ToArray();
    }
}
