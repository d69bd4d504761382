using SkiaSharp;

namespace KdeGan.Core.Data;

/// <summary>
/// Decodes one aligned CelebA JPEG (178 x 218), crops the centre 118 x 118 square and resizes it
/// to 64 x 64 with SkiaSharp (linear filtering over mipmaps, so the downscale does not alias).
/// </summary>
public static class CelebAImage
{
    public const int CropSide = 118;
    public const int Side = 64;
    public const int Bytes = 3 * Side * Side;

    static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>The image as 3 x 64 x 64 bytes (R, G, B planes, row-major).</summary>
    public static byte[] DecodeCropResize(string path)
    {
        using var codec = SKCodec.Create(path, out var opened)
            ?? throw new DatasetFormatException(path, "a decodable JPEG image", $"data the decoder cannot read ({opened})");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width < CropSide || height < CropSide)
            throw new DatasetFormatException(path, $"an image of at least {CropSide}x{CropSide}", $"{width}x{height}");
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var full = new SKBitmap(info);
        var decoded = codec.GetPixels(info, full.GetPixels());
        // a truncated JPEG decodes partly (IncompleteInput); that is a corrupt file, not an image
        if (decoded != SKCodecResult.Success)
            throw new DatasetFormatException(path, "a complete JPEG image", $"decoder result {decoded}");
        using var crop = new SKBitmap();
        var square = SKRectI.Create((width - CropSide) / 2, (height - CropSide) / 2, CropSide, CropSide);
        if (!full.ExtractSubset(crop, square))
            throw new DatasetFormatException(path, $"a centre crop {square}", "a crop SkiaSharp refused");
        using var small = crop.Resize(new SKImageInfo(Side, Side, SKColorType.Rgba8888, SKAlphaType.Premul), Sampling)
            ?? throw new DatasetFormatException(path, $"a resize to {Side}x{Side}", "a resize SkiaSharp refused");
        return ToPlanes(small);
    }

    /// <summary>Interleaved RGBA rows to separate R, G, B planes.</summary>
    static byte[] ToPlanes(SKBitmap bitmap)
    {
        var rgba = bitmap.GetPixelSpan();
        var planes = new byte[Bytes];
        const int plane = Side * Side;
        for (var y = 0; y < Side; y++)
        {
            var row = rgba.Slice(y * bitmap.RowBytes, 4 * Side);
            for (var x = 0; x < Side; x++)
            {
                var at = y * Side + x;
                planes[at] = row[4 * x];
                planes[plane + at] = row[4 * x + 1];
                planes[2 * plane + at] = row[4 * x + 2];
            }
        }
        return planes;
    }
}
