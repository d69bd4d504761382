using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Training;

/// <summary>
/// Draws real batches without replacement: a fresh permutation (from the run's training stream)
/// per epoch, the last partial batch dropped. Its position is part of every checkpoint.
/// </summary>
public sealed class BatchSampler(Tensor images, int batchSize)
{
    private long[] order = [];
    private long position;

    /// <summary>0-based epoch of the batch last drawn.</summary>
    public int Epoch { get; private set; } = -1;

    public long BatchesPerEpoch => images.shape[0] / batchSize;

    /// <summary>Dataset indices of the batch last drawn, in batch order (KDE-GAN's per-example code bank needs them).</summary>
    public long[] LastIndices { get; private set; } = [];

    /// <summary>The next batch (on the CPU, caller owns it), drawing a new permutation when the epoch is used up.</summary>
    public Tensor Next(Generator rng)
    {
        if (BatchesPerEpoch == 0)
            throw new ArgumentException($"dataset of {images.shape[0]} images is smaller than one batch of {batchSize}");
        if (Epoch < 0 || position + batchSize > order.Length)
        {
            using var perm = randperm(images.shape[0], generator: rng);
            order = perm.data<long>().ToArray();
            position = 0;
            Epoch++;
        }
        using var scope = NewDisposeScope();
        LastIndices = order.AsSpan((int)position, batchSize).ToArray();
        var index = tensor(LastIndices);
        position += batchSize;
        return images.index_select(0, index).MoveToOuterDisposeScope();
    }

    public void Save(BinaryWriter writer)
    {
        writer.Write(Epoch);
        writer.Write(position);
        writer.Write(order.Length);
        foreach (var i in order) writer.Write(i);
    }

    public void Load(BinaryReader reader)
    {
        Epoch = reader.ReadInt32();
        position = reader.ReadInt64();
        var n = reader.ReadInt32();
        if (n != 0 && n != images.shape[0])
            throw new InvalidDataException($"checkpoint sampler has a permutation of {n} images, the dataset has {images.shape[0]}");
        order = new long[n];
        for (var i = 0; i < n; i++) order[i] = reader.ReadInt64();
    }
}
