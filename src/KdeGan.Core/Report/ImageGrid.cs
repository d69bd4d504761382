using System.Runtime.InteropServices;
using KdeGan.Core.Runs;
using SkiaSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Report;

/// <summary>
/// Sample grids as PNG: images N x C x H x W in [-1, 1] (C = 1 or 3) laid out row by row,
/// <c>columns</c> per row, separated by a grey border. Written atomically.
/// </summary>
public static class ImageGrid
{
    const byte Border = 128;

    /// <summary>Writes the grid of <paramref name="images"/> to <paramref name="path"/>.</summary>
    public static void Save(string path, Tensor images, int columns, int padding = 2) =>
        AtomicFile.WriteAllBytes(path, ToPng(images, columns, padding));

    /// <summary>The grid as PNG bytes.</summary>
    public static byte[] ToPng(Tensor images, int columns, int padding = 2)
    {
        if (images.dim() != 4 || (images.shape[1] != 1 && images.shape[1] != 3))
            throw new ArgumentException($"expected images N x (1 or 3) x H x W, found [{string.Join(",", images.shape)}]");
        var (n, c, h, w) = ((int)images.shape[0], (int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
        byte[] pixels;
        using (var scope = NewDisposeScope())
            pixels = images.detach().cpu().add(1).mul(127.5).round().clamp(0, 255).to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
        columns = Math.Max(1, Math.Min(columns, n));
        var rows = (n + columns - 1) / columns;
        var (width, height) = (columns * (w + padding) + padding, rows * (h + padding) + padding);
        var rgba = new byte[width * height * 4];
        for (var o = 0; o < rgba.Length; o += 4) (rgba[o], rgba[o + 1], rgba[o + 2], rgba[o + 3]) = (Border, Border, Border, 255);
        for (var i = 0; i < n; i++)
        {
            var (x0, y0) = (padding + i % columns * (w + padding), padding + i / columns * (h + padding));
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                {
                    var o = ((y0 + y) * width + x0 + x) * 4;
                    for (var k = 0; k < 3; k++)
                        rgba[o + k] = pixels[((i * c + (c == 1 ? 0 : k)) * h + y) * w + x];
                    rgba[o + 3] = 255;
                }
        }
        return Encode(width, height, rgba);
    }

    /// <summary>Stacks PNG files top to bottom (left-aligned) into one PNG, e.g. the Figure 6 composite.</summary>
    public static void StackRows(IReadOnlyList<string> rowPaths, string path)
    {
        var bitmaps = rowPaths.Select(p => SKBitmap.Decode(p) ?? throw new InvalidDataException($"{p}: not a readable PNG")).ToList();
        try
        {
            using var canvasBitmap = new SKBitmap(bitmaps.Max(b => b.Width), bitmaps.Sum(b => b.Height), SKColorType.Rgba8888, SKAlphaType.Premul);
            using (var canvas = new SKCanvas(canvasBitmap))
            {
                canvas.Clear(new SKColor(Border, Border, Border));
                var y = 0;
                foreach (var b in bitmaps)
                {
                    canvas.DrawBitmap(b, 0, y);
                    y += b.Height;
                }
            }
            using var data = canvasBitmap.Encode(SKEncodedImageFormat.Png, 100);
            AtomicFile.WriteAllBytes(path, data.ToArray());
        }
        finally
        {
            foreach (var b in bitmaps) b.Dispose();
        }
    }

    static byte[] Encode(int width, int height, byte[] rgba)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
