using KdeGan.Core.Data;
using KdeGan.Core.Nets;
using KdeGan.Core.Runs;
using KdeGan.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Analysis.Figures;

/// <summary>
/// A generator to analyse, in evaluation mode (batch norm on running statistics, so each image
/// depends on its own code only): either a random one (Figures 1-3) or one trained through
/// <see cref="TrainingRun"/> with the experiment's settings (Figures 3, 4, 8, 10, 21). Owns the
/// network (and the method around a trained one).
/// </summary>
public sealed class FigureGenerator : IDisposable
{
    readonly IDisposable _owner;

    FigureGenerator(nn.Module<Tensor, Tensor> module, long latentDim, string description, IDisposable owner)
    {
        Module = module;
        LatentDim = latentDim;
        Description = description;
        _owner = owner;
        module.eval();
    }

    /// <summary>n x d codes to n x C x H x W images.</summary>
    public nn.Module<Tensor, Tensor> Module { get; }
    public long LatentDim { get; }
    /// <summary>What it is: "random (seed 1)" or the training run's folder.</summary>
    public string Description { get; }

    /// <summary>Images of <paramref name="codes"/> (N x d), without gradients, in batches.</summary>
    public Tensor Decode(Tensor codes, int batchSize = 100) => LatentImages.Decode(Module.call, codes, batchSize);

    /// <summary>
    /// The DCGAN generator of <paramref name="layout"/> with random weights from the seed's init
    /// stream: DCGAN's N(0, 0.02) (what training starts from) or, with <paramref name="glorot"/>,
    /// Glorot-normal weights std sqrt(2 / (fan_in + fan_out)) (TensorFlow's default, which the
    /// paper's random network most likely had). Its batch-norm running statistics are first warmed
    /// on <paramref name="warmBatches"/> batches of N(0, I) codes: with the initial statistics
    /// (mean 0, variance 1) evaluation mode would not normalise at all.
    /// </summary>
    public static FigureGenerator Random(DcganLayout layout, int seed, bool glorot = false, int warmBatches = 20)
    {
        using var initRng = TorchSetup.Stream(seed, RngPurpose.Init);
        var g = new DcganGenerator(layout, initRng);
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            if (glorot)
                foreach (var w in g.parameters().Where(w => w.dim() > 1))
                {
                    var receptive = w.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
                    w.normal_(0, Math.Sqrt(2.0 / ((w.shape[0] + w.shape[1]) * receptive)), initRng);
                }
            g.train();
            for (var i = 0; i < warmBatches; i++) g.call(randn([32, layout.LatentDim], generator: initRng));
        }
        return new FigureGenerator(g, layout.LatentDim, $"random DCGAN generator ({(glorot ? "Glorot" : "DCGAN")} init, seed {seed})", g);
    }

    /// <summary>
    /// The generator of <paramref name="method"/> trained on <paramref name="train"/> with the
    /// context's settings, as run results/&lt;trainArtifact&gt;/&lt;profile&gt;/&lt;dataset&gt;/&lt;method&gt;/seed-&lt;k&gt;:
    /// a completed run with the same config hash is reused (or copied from another artifact's
    /// folder, <see cref="SharedRuns"/>), otherwise it is trained now; the
    /// generator is read back from the run's last checkpoint.
    /// </summary>
    public static FigureGenerator Trained(FigureContext context, string method, string trainArtifact, ImageDataset train,
        ITrainingProgress progress, CancellationToken cancel)
    {
        var config = new ResolvedConfig
        {
            Artifact = trainArtifact, Profile = context.Profile, Dataset = context.Dataset,
            Method = method, Seed = context.Seed, Settings = context.Settings,
        };
        var paths = RunPaths.For(context.ResultsRoot, config);
        if (RunManifest.Completed(paths, config.Hash()) is not null) progress.Message($"reusing the trained {method} generator of {paths.Root}");
        else if (SharedRuns.IsFree(paths) && SharedRuns.Find(context.ResultsRoot, config, _ => true) is { } shared)
        {
            SharedRuns.Copy(shared, paths, config);
            progress.Message($"using the {method} generator trained in {shared.Root} (copied to {paths.Root})");
        }
        else
        {
            var outcome = TrainingRun.Execute(config, paths, train, resume: false, progress, cancel);
            if (outcome.Status != "completed")
                throw new OperationCanceledException($"training the {method} generator in {paths.Root} ended '{outcome.Status}'");
        }
        if (!File.Exists(paths.LastCheckpoint))
            throw new InvalidDataException($"{paths.Root}: the completed run has no checkpoint {paths.LastCheckpoint}");

        var restored = RestoredRun.Load(paths, config, train);
        return new FigureGenerator(restored.Method.Generator, context.Settings.Model.LatentDim, $"{method} generator of {paths.Root}", restored);
    }

    /// <inheritdoc/>
    public void Dispose() => _owner.Dispose();
}
