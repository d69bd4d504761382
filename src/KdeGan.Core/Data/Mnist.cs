using System.Buffers.Binary;
using System.IO.Compression;
using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Data;

/// <summary>
/// MNIST from the original IDX files, gzip-compressed (*.gz) or raw: images become
/// N x 1 x 28 x 28 in [-1, 1], labels 0..9.
/// </summary>
public static class Mnist
{
    public const int ImageMagic = 0x00000803;
    public const int LabelMagic = 0x00000801;

    /// <summary>Loads the train (60,000) or test (10,000) split from <paramref name="dir"/>.</summary>
    public static ImageDataset Load(string dir, bool train)
    {
        var prefix = train ? "train" : "t10k";
        var images = ReadImages(FindFile(dir, $"{prefix}-images-idx3-ubyte"));
        var labels = ReadLabels(FindFile(dir, $"{prefix}-labels-idx1-ubyte"));
        if (images.Count != labels.Length)
            throw new DatasetFormatException(dir, $"as many labels as images ({images.Count})", $"{labels.Length} labels");
        return new ImageDataset(train ? "mnist/train" : "mnist/test",
            PixelTensor.FromBytes(images.Pixels, images.Count, 1, images.Rows, images.Columns),
            tensor(labels.Select(b => (long)b).ToArray()));
    }

    /// <summary>The file with or without ".gz"; a clear error naming both when neither exists.</summary>
    public static string FindFile(string dir, string baseName)
    {
        foreach (var candidate in new[] { baseName + ".gz", baseName })
        {
            var path = Path.Combine(dir, candidate);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"MNIST file {Path.Combine(dir, baseName)}[.gz] not found (run the Data target or set KDEGAN_DATA)");
    }

    public sealed record IdxImages(byte[] Pixels, int Count, int Rows, int Columns);

    public static IdxImages ReadImages(string path)
    {
        var bytes = ReadAll(path);
        var header = Header(path, bytes, ImageMagic, 4);
        var (count, rows, cols) = (header[1], header[2], header[3]);
        var expected = 16L + (long)count * rows * cols;
        if (bytes.Length != expected)
            throw new DatasetFormatException(path, $"{expected} bytes for {count} images of {rows}x{cols}", $"{bytes.Length} bytes");
        return new IdxImages(bytes[16..], count, rows, cols);
    }

    public static byte[] ReadLabels(string path)
    {
        var bytes = ReadAll(path);
        var count = Header(path, bytes, LabelMagic, 2)[1];
        if (bytes.Length != 8L + count)
            throw new DatasetFormatException(path, $"{8L + count} bytes for {count} labels", $"{bytes.Length} bytes");
        var labels = bytes[8..];
        var bad = Array.FindIndex(labels, b => b > 9);
        if (bad >= 0)
            throw new DatasetFormatException(path, "labels 0..9", $"label {labels[bad]} at index {bad}");
        return labels;
    }

    static int[] Header(string path, byte[] bytes, int magic, int fields)
    {
        if (bytes.Length < 4 * fields)
            throw new DatasetFormatException(path, $"an IDX header of {4 * fields} bytes", $"{bytes.Length} bytes");
        var header = Enumerable.Range(0, fields)
            .Select(i => BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 * i, 4))).ToArray();
        if (header[0] != magic)
            throw new DatasetFormatException(path, $"IDX magic 0x{magic:X8}", $"0x{header[0]:X8}");
        if (header.Skip(1).Any(v => v < 0))
            throw new DatasetFormatException(path, "non-negative IDX dimensions", string.Join(",", header.Skip(1)));
        return header;
    }

    static byte[] ReadAll(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal)) return File.ReadAllBytes(path);
        try
        {
            var compressed = File.ReadAllBytes(path);
            // the gzip trailer's ISIZE (uncompressed size mod 2^32) sizes the buffer, so it never regrows
            var size = compressed.Length >= 18 ? BinaryPrimitives.ReadInt32LittleEndian(compressed.AsSpan(compressed.Length - 4)) : 0;
            using var gz = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var buffer = new MemoryStream(Math.Max(size, 0));
            gz.CopyTo(buffer);
            return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException(path, "a complete gzip stream", $"corrupt data ({e.Message})");
        }
    }
}
