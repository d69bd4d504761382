using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Data;

/// <summary>
/// The tensor contract every reader returns: images N x C x H x W float32 in [-1, 1] on the CPU,
/// labels N int64. The dataset owns both tensors; dispose it to free them.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    public ImageDataset(string name, Tensor images, Tensor labels)
    {
        if (images.dim() != 4 || images.dtype != ScalarType.Float32)
            throw new ArgumentException($"{name}: images must be N x C x H x W float32, got {images.dtype} [{string.Join(",", images.shape)}]");
        if (labels.dim() != 1 || labels.dtype != ScalarType.Int64 || labels.shape[0] != images.shape[0])
            throw new ArgumentException($"{name}: labels must be int64 of length {images.shape[0]}, got {labels.dtype} [{string.Join(",", labels.shape)}]");
        Name = name;
        Images = images;
        Labels = labels;
    }

    /// <summary>Dataset and split, e.g. "mnist/train".</summary>
    public string Name { get; }
    public Tensor Images { get; }
    public Tensor Labels { get; }
    public long Count => Images.shape[0];
    public int Channels => (int)Images.shape[1];
    public int Height => (int)Images.shape[2];
    public int Width => (int)Images.shape[3];

    /// <summary>Counts per label value 0..maxLabel.</summary>
    public long[] LabelHistogram(int labelCount)
    {
        using var scope = NewDisposeScope();
        return Labels.bincount(null, labelCount).data<long>().ToArray();
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
