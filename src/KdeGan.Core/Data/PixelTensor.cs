using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Data;

/// <summary>Turns raw 8-bit pixels into the [-1, 1] float32 tensor of the dataset contract.</summary>
public static class PixelTensor
{
    /// <summary>Bytes laid out N x C x H x W, mapped by p / 127.5 - 1.</summary>
    public static Tensor FromBytes(byte[] pixels, int count, int channels, int height, int width)
    {
        using var scope = NewDisposeScope();
        var raw = tensor(pixels, dtype: ScalarType.Byte).reshape(count, channels, height, width);
        return raw.to_type(ScalarType.Float32).div_(127.5).sub_(1.0).MoveToOuterDisposeScope();
    }
}
