using KdeGan.Core.Data;
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
        using var sourceData = RunData.LoadTrain(source.Paths, sourceConfig, dataRoot);
        using var restored = RestoredRun.Load(source.Paths, sourceConfig, sourceData);
        var device = restored.Method.Context.Device;
        if (Directory.Exists(paths.Root)) Directory.Delete(paths.Root, recursive: true);
        Directory.CreateDirectory(paths.Checkpoints);
        Checkpoint.Save(paths.LastCheckpoint, restored.Iteration, target.Hash(), restored.Method, restored.TrainingRng, new BatchSampler(targetData.Images, target.Settings.Training.BatchSize));
        File.Copy(source.Paths.Metrics, paths.Metrics);
        File.Copy(source.Paths.Log, paths.Log);
        var planned = target.Settings.Training.ResolveIterations(target.Dataset, targetData.Count);
        (RunManifest.Start(target, TorchSetup.ApplyThreads(target.Settings.System.Threads), device.ToString(), planned) with { IterationsDone = restored.Iteration })
            .Save(paths.Manifest);
    }
}
