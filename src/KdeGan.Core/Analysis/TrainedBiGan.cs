using KdeGan.Core.Data;
using KdeGan.Core.Nets;
using KdeGan.Core.Runs;
using KdeGan.Core.Training;
using TorchSharp;

namespace KdeGan.Core.Analysis;

/// <summary>
/// A finished BiGAN run read back from its folder: the resolved config and the method with the
/// generator and encoder of checkpoints/last.ckpt. Loading goes through <see cref="RestoredRun"/>,
/// which also restores the sampler, so the training split is needed.
/// </summary>
public sealed class TrainedBiGan : IDisposable
{
    private readonly RestoredRun _restored;

    private TrainedBiGan(ResolvedConfig config, RestoredRun restored)
    {
        Config = config;
        _restored = restored;
    }

    public ResolvedConfig Config { get; }
    public BiGanMethod Method => (BiGanMethod)_restored.Method;
    /// <summary>The iteration the checkpoint was taken after.</summary>
    public long Iteration => _restored.Iteration;

    /// <summary>Loads <paramref name="paths"/>; errors name the file and what was expected.</summary>
    public static TrainedBiGan Load(RunPaths paths, string dataRoot)
    {
        if (!File.Exists(paths.Config)) throw new FileNotFoundException($"{paths.Config} does not exist: expected a run folder with config.json");
        var config = ResolvedConfig.Load(paths.Config);
        if (config.Method != "bigan")
            throw new InvalidDataException($"{paths.Config}: expected method 'bigan' (an encoder to compare), found '{config.Method}'");
        using var train = DatasetCatalog.Load(config.Dataset, train: true, dataRoot);
        var restored = RestoredRun.Load(paths, config, train);
        restored.Method.SetTraining(false);
        return new TrainedBiGan(config, restored);
    }

    public void Dispose() => _restored.Dispose();
}
