using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Latent;

/// <summary>Which reversed codes the KDE is built from (DESIGN.md section 5).</summary>
public enum CodeBankMode
{
    /// <summary>Only the codes of the latest reversed data batch.</summary>
    CurrentBatch = 0,

    /// <summary>The codes of the last K reversed data batches.</summary>
    Window = 1,

    /// <summary>One code per training example, indexed by dataset index, warm-starting its next reversal.</summary>
    PerExample = 2,
}

/// <summary>
/// The bank of reversed data codes that the KDE prior is fitted to, held on the CPU as float32
/// (a per-example bank for 60,000 MNIST images of 200 dims is 48 MB). Saved with
/// <see cref="CodeBankFile"/> (format documented there and in Latent/README.md).
/// </summary>
public sealed class CodeBank : IDisposable
{
    private readonly Queue<Tensor> _batches = new();
    private readonly Tensor? _perExample;
    private readonly Tensor? _known;

    private CodeBank(CodeBankMode mode, int codeDim, int windowBatches, long datasetSize)
    {
        if (codeDim < 1) throw new ArgumentOutOfRangeException(nameof(codeDim), codeDim, $"code bank: expected a code dimension >= 1, found {codeDim}");
        if (windowBatches < 1) throw new ArgumentOutOfRangeException(nameof(windowBatches), windowBatches, $"code bank: expected a window of >= 1 batches, found {windowBatches}");
        if (mode == CodeBankMode.PerExample && datasetSize < 1)
            throw new ArgumentOutOfRangeException(nameof(datasetSize), datasetSize, $"per-example code bank: expected a dataset size >= 1, found {datasetSize}");
        Mode = mode;
        CodeDim = codeDim;
        WindowBatches = windowBatches;
        DatasetSize = mode == CodeBankMode.PerExample ? datasetSize : 0;
        if (mode == CodeBankMode.PerExample)
        {
            _perExample = zeros(datasetSize, codeDim).DetachFromDisposeScope();
            _known = zeros(datasetSize, dtype: ScalarType.Bool).DetachFromDisposeScope();
        }
    }

    /// <summary>A bank holding only the latest batch.</summary>
    public static CodeBank CurrentBatch(int codeDim) => new(CodeBankMode.CurrentBatch, codeDim, 1, 0);

    /// <summary>A bank holding the last <paramref name="batches"/> batches.</summary>
    public static CodeBank Window(int codeDim, int batches) => new(CodeBankMode.Window, codeDim, batches, 0);

    /// <summary>A bank with one slot per training example (indices 0 .. datasetSize-1).</summary>
    public static CodeBank PerExample(int codeDim, long datasetSize) => new(CodeBankMode.PerExample, codeDim, 1, datasetSize);

    /// <summary>The mode.</summary>
    public CodeBankMode Mode { get; }

    /// <summary>d.</summary>
    public int CodeDim { get; }

    /// <summary>K for <see cref="CodeBankMode.Window"/> (1 otherwise).</summary>
    public int WindowBatches { get; }

    /// <summary>Number of slots in <see cref="CodeBankMode.PerExample"/> (0 otherwise).</summary>
    public long DatasetSize { get; }

    /// <summary>How many codes the bank holds now.</summary>
    public long Count => Mode == CodeBankMode.PerExample
        ? _known!.sum().item<long>()
        : _batches.Sum(b => b.shape[0]);

    /// <summary>
    /// Stores a reversed batch (n x d). <paramref name="indices"/> (int64 dataset indices, length n)
    /// are required in <see cref="CodeBankMode.PerExample"/> (distinct within a batch, as a batch
    /// sampled without replacement is) and ignored otherwise.
    /// </summary>
    public void Add(Tensor codes, Tensor? indices = null)
    {
        if (codes.dim() != 2 || codes.shape[1] != CodeDim || codes.shape[0] < 1)
            throw new ArgumentException($"code bank: expected n x {CodeDim} codes, found shape {ShapeText.Of(codes)}");
        using var scope = NewDisposeScope();
        var stored = codes.detach().to_type(ScalarType.Float32).to(CPU);
        if (Mode != CodeBankMode.PerExample)
        {
            _batches.Enqueue(stored.clone().DetachFromDisposeScope());
            while (_batches.Count > WindowBatches) _batches.Dequeue().Dispose();
            return;
        }
        var index = CheckIndices(indices, codes.shape[0]);
        _perExample!.index_copy_(0, index, stored);
        _known!.index_fill_(0, index, true);
    }

    /// <summary>All codes held (N x d, float32, a new tensor the caller disposes); oldest batch first.</summary>
    public Tensor Codes()
    {
        if (Count == 0) throw new InvalidOperationException($"code bank ({Mode}): no codes stored yet");
        using var scope = NewDisposeScope();
        var all = Mode == CodeBankMode.PerExample
            ? _perExample!.index_select(0, _known!.nonzero().squeeze(1))
            : cat(_batches.ToList(), 0);
        return all.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Per-example warm start: for each dataset index, its stored code if it has one, else the
    /// matching row of <paramref name="fresh"/> (n x d, e.g. z0). Other modes return a copy of fresh.
    /// </summary>
    public Tensor WarmStart(Tensor indices, Tensor fresh)
    {
        using var scope = NewDisposeScope();
        if (Mode != CodeBankMode.PerExample) return fresh.clone().MoveToOuterDisposeScope();
        var index = CheckIndices(indices, fresh.shape[0]);
        var known = _known!.index_select(0, index).unsqueeze(1);
        var stored = _perExample!.index_select(0, index).to(fresh.device);
        return where(known.to(fresh.device), stored, fresh).MoveToOuterDisposeScope();
    }

    /// <summary>Writes the bank atomically to <paramref name="path"/> (see <see cref="CodeBankFile"/>).</summary>
    public void Save(string path) => CodeBankFile.Write(path, this, _batches.ToList(), _perExample, _known);

    /// <summary>Writes the bank in the file format into an open stream (e.g. inside a training checkpoint).</summary>
    public void Save(BinaryWriter writer) => CodeBankFile.WriteTo(writer, this, _batches.ToList(), _perExample, _known);

    /// <summary>Reads a bank written by <see cref="Save(string)"/>.</summary>
    public static CodeBank Load(string path) => CodeBankFile.Read(path, Create);

    /// <summary>Reads a bank written by <see cref="Save(BinaryWriter)"/>; <paramref name="source"/> names the stream in errors.</summary>
    public static CodeBank Load(BinaryReader reader, string source) => CodeBankFile.ReadFrom(reader, source, Create);

    private static CodeBank Create(CodeBankMode mode, int dim, int window, long size) => new(mode, dim, window, size);

    internal void Restore(IEnumerable<Tensor> batches, float[]? perExample, bool[]? known)
    {
        foreach (var b in batches) _batches.Enqueue(b);
        if (perExample is null || known is null) return;
        using var scope = NewDisposeScope();
        _perExample!.copy_(tensor(perExample, [DatasetSize, CodeDim]));
        _known!.copy_(tensor(known));
    }

    private Tensor CheckIndices(Tensor? indices, long n)
    {
        if (indices is null || indices.dim() != 1 || indices.shape[0] != n || indices.dtype != ScalarType.Int64)
            throw new ArgumentException($"per-example code bank: expected {n} int64 dataset indices, found {(indices is null ? "none" : $"{indices.dtype} of shape {ShapeText.Of(indices)}")}");
        var index = indices.to(CPU);
        if (n > 0 && (index.min().item<long>() < 0 || index.max().item<long>() >= DatasetSize))
            throw new ArgumentException($"per-example code bank: expected dataset indices in [0, {DatasetSize}), found {index.min().item<long>()}..{index.max().item<long>()}");
        return index;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        while (_batches.Count > 0) _batches.Dequeue().Dispose();
        _perExample?.Dispose();
        _known?.Dispose();
    }
}
