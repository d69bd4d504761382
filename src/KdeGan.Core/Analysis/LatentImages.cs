using static TorchSharp.torch;

namespace KdeGan.Core.Analysis;

/// <summary>Turns a set of codes (a traversal path, a neighbourhood) into images with a generator.</summary>
public static class LatentImages
{
    /// <summary>
    /// <paramref name="generator"/> applied to the rows of <paramref name="codes"/> (N x d) in
    /// batches of <paramref name="batchSize"/> without gradients; the outputs concatenated along
    /// the first dimension in row order (N x C x H x W for an image generator).
    /// </summary>
    public static Tensor Decode(Func<Tensor, Tensor> generator, Tensor codes, int batchSize = 100)
    {
        if (codes.dim() != 2)
            throw new ArgumentException($"codes to decode: expected N x d, found shape [{string.Join(", ", codes.shape)}]");
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "decode batch size: expected at least 1");

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < codes.shape[0]; start += batchSize)
            parts.Add(generator(codes.narrow(0, start, Math.Min(batchSize, codes.shape[0] - start))));
        return cat(parts, 0).MoveToOuterDisposeScope();
    }
}
