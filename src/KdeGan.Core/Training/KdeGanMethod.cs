using System.Diagnostics;
using KdeGan.Core.Latent;
using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Training;

/// <summary>
/// KDE-GAN (Algorithm 2): DCGAN whose generator input comes from a kernel density estimate over
/// reversed data codes instead of N(0, I). Every iteration, before the D and G updates, the
/// current real batch and a generated batch of the same size (G of codes from the current prior,
/// generated in the reversal's batch-norm mode) are reversed together (Algorithm 1); the data
/// batch's codes go into the code bank; the KDE is refitted to the bank; and every latent draw of
/// the updates (<see cref="SampleLatent"/>) samples that KDE. Before the first reversal the prior
/// is N(0, I).
/// Defaults (settings sections `reversal`, `mmd`, `kde`):
/// stop rule = Claim 4's MMD rule, stop after the first step whose MMD^2 between the data batch's
/// and the generated batch's reversed codes exceeds mmd.threshold = 1e-4, cap reversal.max_steps = 50;
/// kernel exp(-gamma d^2) with gamma = 1e-4 (mmd.kernel "gamma"; the sigma reading of the paper's
/// "bandwidth 1e-4" makes every off-diagonal kernel value 0 in float32, so MMD^2 = 0 and the rule
/// never fires, Latent/README.md); reversal lr 1.0, z0 ~ N(0, 1e-8 I), loss summed over pixels,
/// generator in evaluation mode (batch-norm running statistics) during reversal;
/// bank = "window" of the last 10 reversed data batches (1,000 codes at batch 100: enough
/// points for a 200-dim KDE to be more than a handful of bumps, recent enough to follow G);
/// bandwidth = Scott's rule on the bank, refitted every iteration; lambda = 0 (pure KDE).
/// Measured with these defaults on real MNIST (cpu width, batch 100, seed 1): the rule runs to the
/// cap for the first ~10 iterations (an untrained G's output hardly depends on z, so data and
/// generated codes do not separate), then fires after 1 step in almost every iteration (mean 1.0-1.15
/// steps per 100 iterations up to iteration 700; MMD^2 after one step 0.005-0.1, far above 1e-4).
/// Extra metrics per iteration: reversal_steps, mmd2 (after the last step; 0 when no MMD is
/// traced), reversal_loss (data batch's mean per-image loss at the last forward),
/// reversal_seconds, kde_bandwidth. The bank and h are checkpointed, so a resumed run is exact.
/// </summary>
public sealed class KdeGanMethod : DcganMethod
{
    private readonly ReversalSettings _reversal;
    private readonly KdeSettings _kde;
    private CodeBank _bank;
    private KdePrior? _prior;

    public KdeGanMethod(GanContext context) : base(context)
    {
        _reversal = KdeGanOptions.Reversal(context.Settings);
        _kde = KdeGanOptions.Kde(context.Settings);
        _bank = KdeGanOptions.Bank(context.Settings, context.TrainCount);
    }

    public override string Name => "kdegan";

    public override IReadOnlyList<string> ExtraColumns => ["reversal_steps", "mmd2", "reversal_loss", "reversal_seconds", "kde_bandwidth"];

    /// <summary>The code bank the prior is fitted to (read-only use).</summary>
    public CodeBank Bank => _bank;

    /// <summary>The current prior, or null before the first reversal (the prior is then N(0, I)).</summary>
    public KdePrior? Prior => _prior;

    /// <summary>Codes from the KDE over the bank (N(0, I) before the first reversal).</summary>
    public override Tensor SampleLatent(long count, Generator rng)
    {
        if (_prior is null) return base.SampleLatent(count, rng);
        using var scope = NewDisposeScope();
        return _prior.Sample(count, rng).to(Context.Device).MoveToOuterDisposeScope();
    }

    /// <summary>Reverses the real batch (and a generated one for the MMD rule), updates the bank and refits the KDE.</summary>
    public override void BeforeUpdates(TrainingStep step)
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        var n = step.Real.shape[0];
        var d = Context.Layout.LatentDim;
        var generated = _reversal.MmdThreshold is null ? null : Generate(n, step.Rng);
        Tensor? warm = null;
        Tensor? indices = null;
        if (_bank.Mode == CodeBankMode.PerExample)
        {
            if (step.Indices.Length != n)
                throw new InvalidOperationException($"kdegan per-example bank: expected {n} dataset indices with the batch, found {step.Indices.Length}");
            indices = tensor(step.Indices);
            warm = _bank.WarmStart(indices, GeneratorReversal.InitialCodes(n, d, _reversal.InitialStd, step.Rng, step.Real.device));
        }
        using var result = GeneratorReversal.Reverse(G, step.Real, d, _reversal, step.Rng, generated, warm);
        _bank.Add(result.Codes, indices);
        var h = RefitPrior(step.Rng);
        step.Extras["reversal_steps"] = result.Steps;
        step.Extras["mmd2"] = result.MmdTrace.Count > 0 ? result.MmdTrace[^1] : 0;
        step.Extras["reversal_loss"] = result.LossTrace[^1];
        step.Extras["kde_bandwidth"] = h;
        step.Extras["reversal_seconds"] = clock.Elapsed.TotalSeconds;
    }

    /// <summary>n images of G from the current prior, made in the batch-norm mode the reversal uses so they are exactly reachable.</summary>
    private Tensor Generate(long n, Generator rng)
    {
        var wasTraining = G.training;
        try
        {
            G.train(_reversal.UseBatchStatistics);
            using var noGrad = no_grad();
            return G.forward(SampleLatent(n, rng));
        }
        finally
        {
            G.train(wasTraining);
        }
    }

    private double RefitPrior(Generator rng)
    {
        _prior?.Dispose();
        using var codes = _bank.Codes();
        _prior = KdePrior.Fit(codes, _kde, rng);
        return _prior.Bandwidth;
    }

    /// <summary>The bank (code-bank file format) and the prior's bandwidth h, so the prior is rebuilt bit for bit.</summary>
    public override void SaveState(BinaryWriter writer)
    {
        _bank.Save(writer);
        writer.Write(_prior?.Bandwidth ?? 0.0);
    }

    public override void LoadState(BinaryReader reader)
    {
        var loaded = CodeBank.Load(reader, "checkpoint (kdegan state)");
        if (loaded.Mode != _bank.Mode || loaded.CodeDim != _bank.CodeDim || loaded.WindowBatches != _bank.WindowBatches || loaded.DatasetSize != _bank.DatasetSize)
        {
            loaded.Dispose();
            throw new InvalidDataException(
                $"checkpoint (kdegan state): expected a {_bank.Mode} bank of dim {_bank.CodeDim}, window {_bank.WindowBatches}, size {_bank.DatasetSize}, " +
                $"found {loaded.Mode}, dim {loaded.CodeDim}, window {loaded.WindowBatches}, size {loaded.DatasetSize}");
        }
        _bank.Dispose();
        _bank = loaded;
        var h = reader.ReadDouble();
        _prior?.Dispose();
        _prior = null;
        if (h <= 0) return;
        using var codes = _bank.Codes();
        _prior = new KdePrior(codes, h, _kde.BackgroundWeight, _kde.ChunkSize);
    }

    public override void Dispose()
    {
        _prior?.Dispose();
        _bank.Dispose();
        base.Dispose();
    }
}
