using KdeGan.Core.Data;
using KdeGan.Core.Nets;
using KdeGan.Core.Runs;
using KdeGan.Core.Training;
using TorchSharp;

namespace KdeGan.Core.Analysis;

/// <summary>
/// A finished BiGAN run read back from its folder: the resolved config and the method with the
/// generator and encoder of checkpoints/last.ckpt. Loading goes through <see cref="Checkpoint.Load"/>
/// (the one checkpoint reader), which also restores the sampler, so the training split's size is needed.
/// </summary>
public sealed class TrainedBiGan : IDisposable
{
    private TrainedBiGan(ResolvedConfig config, BiGanMethod method, long iteration)
    {
        Config = config;
        Method = method;
        Iteration = iteration;
    }

    public ResolvedConfig Config { get; }
    public BiGanMethod Method { get; }
    /// <summary>The iteration the checkpoint was taken after.</summary>
    public long Iteration { get; }

    /// <summary>Loads <paramref name="paths"/>; errors name the file and what was expected.</summary>
    public static TrainedBiGan Load(RunPaths paths, string dataRoot)
    {
        if (!File.Exists(paths.Config)) throw new FileNotFoundException($"{paths.Config} does not exist: expected a run folder with config.json");
        var config = ResolvedConfig.Load(paths.Config);
        if (config.Method != "bigan")
            throw new InvalidDataException($"{paths.Config}: expected method 'bigan' (an encoder to compare), found '{config.Method}'");
        var s = config.Settings;
        var device = TorchSetup.ResolveDevice(s.System.Device);
        using var train = DatasetCatalog.Load(config.Dataset, train: true, dataRoot);
        var layout = DcganLayout.For(train.Channels, train.Height, train.Width, s.Model.LatentDim, s.Model.Width, s.Model.BatchNorm);
        using var initRng = TorchSetup.Stream(config.Seed, RngPurpose.Init);
        var method = new BiGanMethod(new GanContext(layout, s, device, initRng));
        try
        {
            using var rng = TorchSetup.Stream(config.Seed, RngPurpose.Training);
            var iteration = Checkpoint.Load(paths.LastCheckpoint, config.Hash(), method, rng, new BatchSampler(train.Images, s.Training.BatchSize));
            method.SetTraining(false);
            return new TrainedBiGan(config, method, iteration);
        }
        catch
        {
            method.Dispose();
            throw;
        }
    }

    public void Dispose() => Method.Dispose();
}
