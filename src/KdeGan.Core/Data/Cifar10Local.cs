namespace KdeGan.Core.Data;

// LOCAL ONLY, not committed: stand-in CIFAR-10 binary reader until the data branch ships its own.
public static class Cifar10Local
{
    public static ImageDataset Load(string dir, bool train)
    {
        var files = train ? Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin").ToArray() : ["test_batch.bin"];
        var n = files.Length * 10000;
        var pixels = new byte[n * 3072];
        var labels = new long[n];
        var k = 0;
        foreach (var f in files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(dir, f));
            for (var r = 0; r < 10000; r++, k++)
            {
                labels[k] = bytes[r * 3073];
                Buffer.BlockCopy(bytes, r * 3073 + 1, pixels, k * 3072, 3072);
            }
        }
        return new ImageDataset("cifar10/" + (train ? "train" : "test"), PixelTensor.FromBytes(pixels, n, 3, 32, 32), TorchSharp.torch.tensor(labels));
    }
}
