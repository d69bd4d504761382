using static TorchSharp.torch;

namespace KdeGan.Core.Latent;

/// <summary>Outcome of one batched generator reversal; owns (and disposes) its code tensors.</summary>
public sealed class ReversalResult : IDisposable
{
    internal ReversalResult(Tensor codes, Tensor? generatedCodes, int steps, ReversalStop stop,
        IReadOnlyList<double> lossTrace, IReadOnlyList<double> mmdTrace)
    {
        Codes = codes;
        GeneratedCodes = generatedCodes;
        Steps = steps;
        Stop = stop;
        LossTrace = lossTrace;
        MmdTrace = mmdTrace;
    }

    /// <summary>Reversed codes of the data batch, n x d, detached.</summary>
    public Tensor Codes { get; }

    /// <summary>Reversed codes of the generated batch (when one was given), n x d, detached.</summary>
    public Tensor? GeneratedCodes { get; }

    /// <summary>Number of gradient updates made.</summary>
    public int Steps { get; }

    /// <summary>Which rule ended the reversal.</summary>
    public ReversalStop Stop { get; }

    /// <summary>Mean per-image loss of the data batch at each forward, before that step's update (Steps or Steps + 1 entries).</summary>
    public IReadOnlyList<double> LossTrace { get; }

    /// <summary>MMD^2 of data vs generated codes after each update (empty without a generated batch).</summary>
    public IReadOnlyList<double> MmdTrace { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        Codes.Dispose();
        GeneratedCodes?.Dispose();
    }
}
