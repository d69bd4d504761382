using KdeGan.Core.Nets;
using KdeGan.Core.Runs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace KdeGan.Core.Training;

/// <summary>
/// What a method is built from: the image layout, the resolved settings, the device, the init
/// stream, and the number of training images (0 when unknown; KDE-GAN's per-example bank needs it).
/// </summary>
public sealed record GanContext(DcganLayout Layout, RunSettings Settings, Device Device, Generator InitRng, long TrainCount = 0);

/// <summary>The D and G results of one iteration, as recorded in metrics.csv.</summary>
public readonly record struct UpdateLosses(double DLoss, double GLoss, double DAccReal, double DAccFake);

/// <summary>
/// A GAN method plugged into <see cref="GanLoop"/>. Per iteration the loop draws the real batch,
/// calls <see cref="BeforeUpdates"/> (e.g. KDE-GAN's generator reversal of that batch), then
/// <see cref="Update"/> (the D and G steps), records the losses and the method's
/// <see cref="ExtraColumns"/>, checks every loss and weight for NaN/Inf, and checkpoints
/// <see cref="Modules"/>, <see cref="Optimizers"/> and <see cref="SaveState"/>.
/// All randomness must come from the generator passed in (the run's training stream), which is
/// what makes seeds and resume exact.
/// </summary>
public abstract class GanMethod(GanContext context) : IDisposable
{
    public GanContext Context { get; } = context;

    /// <summary>The method's name as used in experiment files and run folders ("dcgan", "kdegan", "bigan").</summary>
    public abstract string Name { get; }

    /// <summary>Method-specific metrics.csv columns, filled by the method in <see cref="TrainingStep.Extras"/> every iteration.</summary>
    public virtual IReadOnlyList<string> ExtraColumns => [];

    /// <summary>The network that maps latent codes to images (fixed-noise grids use it).</summary>
    public abstract nn.Module<Tensor, Tensor> Generator { get; }

    /// <summary>Every module to checkpoint and check for NaN, by a stable name.</summary>
    public abstract IReadOnlyList<(string Name, nn.Module Module)> Modules { get; }

    /// <summary>Every optimiser to checkpoint, by a stable name.</summary>
    public abstract IReadOnlyList<(string Name, OptimizerHelper Optimizer)> Optimizers { get; }

    /// <summary>Codes for the generator during training, on the method's device. Default: the prior N(0, I).</summary>
    public virtual Tensor SampleLatent(long count, Generator rng)
    {
        using var scope = NewDisposeScope();
        return randn([count, Context.Layout.LatentDim], generator: rng).to(Context.Device).MoveToOuterDisposeScope();
    }

    /// <summary>Per-iteration work before the updates (KDE-GAN: reverse <see cref="TrainingStep.Real"/>). Default: nothing.</summary>
    public virtual void BeforeUpdates(TrainingStep step) { }

    /// <summary>The D and G updates of one iteration.</summary>
    public abstract UpdateLosses Update(TrainingStep step);

    /// <summary>Extra state to checkpoint besides modules and optimisers (KDE-GAN: the code bank). Default: none.</summary>
    public virtual void SaveState(BinaryWriter writer) { }

    /// <summary>Reads back what <see cref="SaveState"/> wrote.</summary>
    public virtual void LoadState(BinaryReader reader) { }

    /// <summary>Switches every module to training (true) or evaluation (false) mode.</summary>
    public void SetTraining(bool on)
    {
        foreach (var (_, module) in Modules) module.train(on);
    }

    /// <summary>Disposes the modules and optimisers; subclasses holding more tensors override and call this.</summary>
    public virtual void Dispose()
    {
        foreach (var (_, module) in Modules) module.Dispose();
        foreach (var (_, optimizer) in Optimizers) optimizer.Dispose();
        GC.SuppressFinalize(this);
    }
}
