using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Data;

/// <summary>Turns raw 8-bit pixels into the [-1, 1] float32 tensor of the dataset contract.</summary>
public static class PixelTensor
{
    /// <summary>p / 127.5 - 1 for every byte value, so the conversion is one table look-up per pixel.</summary>
    static readonly float[] Table = [.. Enumerable.Range(0, 256).Select(p => (float)(p / 127.5 - 1.0))];

    const long BlockBytes = 1 << 20;

    /// <summary>Bytes laid out N x C x H x W, mapped by p / 127.5 - 1.</summary>
    public static Tensor FromBytes(byte[] pixels, int count, int channels, int height, int width) =>
        FromBytes(pixels, 0, count, channels, height, width);

    /// <summary>
    /// The N x C x H x W bytes starting at <paramref name="offset"/>, written straight into the
    /// float tensor (no byte tensor, no intermediate copies), a block of images per task.
    /// </summary>
    public static Tensor FromBytes(byte[] pixels, long offset, int count, int channels, int height, int width)
    {
        var imageSize = (long)channels * height * width;
        if (offset < 0 || offset + count * imageSize > pixels.LongLength)
            throw new ArgumentException($"{count} images of {imageSize} bytes from offset {offset} need {offset + count * imageSize} bytes, found {pixels.LongLength}");
        var result = empty([count, channels, height, width], ScalarType.Float32);
        var perBlock = (int)Math.Max(1, BlockBytes / imageSize);
        Parallel.For(0, (count + perBlock - 1) / perBlock, block =>
        {
            var first = block * perBlock;
            // a block stays far below 2 GB, so its bytes fit one span even when the tensor does not
            using var view = result.narrow(0, first, Math.Min(perBlock, count - first));
            var destination = MemoryMarshal.Cast<byte, float>(view.bytes);
            var source = pixels.AsSpan((int)(offset + first * imageSize), destination.Length);
            for (var i = 0; i < destination.Length; i++) destination[i] = Table[source[i]];
        });
        return result;
    }
}
