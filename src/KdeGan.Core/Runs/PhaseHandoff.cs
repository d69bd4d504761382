using KdeGan.Core.Data;
using KdeGan.Core.Nets;
using KdeGan.Core.Training;

namespace KdeGan.Core.Runs;

/// <summary>
/// Starts a continued phase from its source phase's final state: the source checkpoint is loaded
/// into the method and saved under the new config's hash with a fresh batch order over the new
/// data, and the source's metrics.csv and log.txt are copied, so that the new run is an ordinary
/// --resume of its own folder.
/// </summary>
public static class PhaseHandoff
{
    public static void Prepare(PlannedRun source, ResolvedConfig target, RunPaths paths, ImageDataset targetData, string dataRoot)
    {
        var sourceConfig = ResolvedConfig.Load(source.Paths.Config);
        var options = source.Phase?.Digits is { } digits ? new DatasetOptions(Mnist1000: new StackedMnistOptions(Digits: digits)) : null;
        using var sourceData = DatasetCatalog.Load(sourceConfig.Dataset, train: true, dataRoot, options);
        var s = sourceConfig.Settings;
        var device = TorchSetup.ResolveDevice(s.System.Device);
        var layout = DcganLayout.For(sourceData.Channels, sourceData.Height, sourceData.Width, s.Model.LatentDim, s.Model.Width, s.Model.BatchNorm);
        using var initRng = TorchSetup.Stream(sourceConfig.Seed, RngPurpose.Init);
        using var method = GanMethods.Create(sourceConfig.Method, new GanContext(layout, s, device, initRng));
        using var rng = TorchSetup.Stream(sourceConfig.Seed, RngPurpose.Training);
        var iteration = Checkpoint.Load(source.Paths.LastCheckpoint, sourceConfig.Hash(), method, rng, new BatchSampler(sourceData.Images, s.Training.BatchSize));

        if (Directory.Exists(paths.Root)) Directory.Delete(paths.Root, recursive: true);
        Directory.CreateDirectory(paths.Checkpoints);
        Checkpoint.Save(paths.LastCheckpoint, iteration, target.Hash(), method, rng, new BatchSampler(targetData.Images, target.Settings.Training.BatchSize));
        File.Copy(source.Paths.Metrics, paths.Metrics);
        File.Copy(source.Paths.Log, paths.Log);
        var planned = target.Settings.Training.ResolveIterations(target.Dataset, targetData.Count);
        (RunManifest.Start(target, TorchSetup.ApplyThreads(target.Settings.System.Threads), device.ToString(), planned) with { IterationsDone = iteration })
            .Save(paths.Manifest);
    }
}
