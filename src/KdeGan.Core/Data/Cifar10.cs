namespace KdeGan.Core.Data;

/// <summary>
/// CIFAR-10 from the official binary batches (data_batch_1..5.bin, test_batch.bin): records of
/// 3,073 bytes, one label byte then 1,024 R, G and B bytes, each plane row-major 32x32.
/// Images become N x 3 x 32 x 32 in [-1, 1], labels 0..9.
/// </summary>
public static class Cifar10
{
    public const int Side = 32;
    public const int ImageBytes = 3 * Side * Side;
    public const int RecordBytes = 1 + ImageBytes;
    public const int RecordsPerFile = 10_000;

    /// <summary>The batch files of a split, in reading order.</summary>
    public static IReadOnlyList<string> FileNames(bool train) =>
        train ? [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")] : ["test_batch.bin"];

    /// <summary>Pixels (N x 3 x 32 x 32 bytes) and labels of one batch file.</summary>
    public sealed record Batch(byte[] Pixels, byte[] Labels);

    /// <summary>Loads the train (50,000) or test (10,000) split from <paramref name="dir"/>.</summary>
    public static ImageDataset Load(string dir, bool train)
    {
        var batches = FileNames(train).Select(name => ReadBatch(Path.Combine(dir, name))).ToList();
        var count = batches.Sum(b => b.Labels.Length);
        var pixels = new byte[(long)count * ImageBytes];
        var labels = new long[count];
        var offset = 0;
        foreach (var batch in batches)
        {
            batch.Pixels.CopyTo(pixels, (long)offset * ImageBytes);
            for (var i = 0; i < batch.Labels.Length; i++) labels[offset + i] = batch.Labels[i];
            offset += batch.Labels.Length;
        }
        return new ImageDataset(train ? "cifar10/train" : "cifar10/test",
            PixelTensor.FromBytes(pixels, count, 3, Side, Side), TorchSharp.torch.tensor(labels));
    }

    /// <summary>
    /// Reads one batch file; its size must be a whole number of records (10,000 in the
    /// official files) and every label 0..9.
    /// </summary>
    public static Batch ReadBatch(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"CIFAR-10 batch {path} not found (run the Data target or set KDEGAN_DATA)", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0 || bytes.Length % RecordBytes != 0)
            throw new DatasetFormatException(path, $"a whole number of {RecordBytes}-byte records ({RecordsPerFile * RecordBytes} bytes in the official files)",
                $"{bytes.Length} bytes ({bytes.Length / RecordBytes} records and {bytes.Length % RecordBytes} bytes over)");
        var count = bytes.Length / RecordBytes;
        var pixels = new byte[(long)count * ImageBytes];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = bytes[i * RecordBytes];
            if (labels[i] > 9)
                throw new DatasetFormatException(path, "labels 0..9", $"label {labels[i]} in record {i} (byte {i * RecordBytes})");
            Buffer.BlockCopy(bytes, i * RecordBytes + 1, pixels, i * ImageBytes, ImageBytes);
        }
        return new Batch(pixels, labels);
    }
}
