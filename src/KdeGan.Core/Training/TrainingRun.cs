using KdeGan.Core.Data;
using KdeGan.Core.Nets;
using KdeGan.Core.Runs;
using TorchSharp;

namespace KdeGan.Core.Training;

/// <summary>A training run as the CLI asks for it; <see cref="TrainingRun.Resolve"/> turns it into a <see cref="ResolvedConfig"/>.</summary>
public sealed record TrainRequest
{
    public required string Dataset { get; init; }
    public required string Method { get; init; }
    public string Profile { get; init; } = "smoke";
    public int Seed { get; init; } = 1;
    /// <summary>An experiment file; without one the artifact is "adhoc".</summary>
    public string? ExperimentPath { get; init; }
    /// <summary>`key.path=value` overrides, applied last.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];
    /// <summary>The run folder; default results/&lt;artifact&gt;/&lt;profile&gt;/&lt;dataset&gt;/&lt;method&gt;/seed-&lt;k&gt;.</summary>
    public string? OutDir { get; init; }
    public string ResultsRoot { get; init; } = "results";
    public string? DataDir { get; init; }
    public bool Resume { get; init; }
    /// <summary>Retrain even when the run folder holds a completed run of the same config hash.</summary>
    public bool Force { get; init; }
}

/// <summary>
/// The entry point for training: resolves the config, prepares torch (threads, device, seed),
/// loads the data through <see cref="DatasetCatalog"/>, writes config.json and manifest.json,
/// and runs <see cref="GanLoop"/>.
/// </summary>
public static class TrainingRun
{
    public static ResolvedConfig Resolve(TrainRequest request)
    {
        var experiment = request.ExperimentPath is null ? null : ExperimentSpec.Load(request.ExperimentPath);
        if (experiment is not null && !experiment.Datasets.Contains(request.Dataset))
            throw new SettingsException(experiment.Path, "datasets", $"to list '{request.Dataset}' (it lists {string.Join(", ", experiment.Datasets)})");
        if (experiment is not null && !experiment.Methods.Contains(request.Method))
            throw new SettingsException(experiment.Path, "methods", $"to list '{request.Method}' (it lists {string.Join(", ", experiment.Methods)})");
        return new ResolvedConfig
        {
            Artifact = experiment?.Artifact ?? "adhoc",
            Profile = request.Profile,
            Dataset = request.Dataset,
            Method = request.Method,
            Seed = request.Seed,
            Settings = SettingsResolver.Resolve(experiment, request.Profile, request.Overrides),
        };
    }

    public static RunPaths PathsFor(TrainRequest request, ResolvedConfig config) =>
        request.OutDir is null ? RunPaths.For(request.ResultsRoot, config) : new RunPaths(Path.GetFullPath(request.OutDir));

    /// <summary>
    /// Resolves, loads the training split and runs. A completed run of the same config hash in the
    /// run folder is not redone (status "skipped") unless <see cref="TrainRequest.Force"/>.
    /// </summary>
    public static TrainingOutcome Execute(TrainRequest request, ITrainingProgress progress, CancellationToken cancel)
    {
        var config = Resolve(request);
        var paths = PathsFor(request, config);
        if (!request.Resume && !request.Force && RunManifest.Completed(paths, config.Hash()) is { } done)
            return new TrainingOutcome("skipped", done.IterationsDone, paths.Root);
        using var data = DatasetCatalog.Load(config.Dataset, train: true, DataLocation.Resolve(request.DataDir));
        return Execute(config, paths, data, request.Resume, progress, cancel);
    }

    /// <summary>Runs <paramref name="config"/> on <paramref name="data"/> (any images of the dataset contract) into <paramref name="paths"/>.</summary>
    public static TrainingOutcome Execute(ResolvedConfig config, RunPaths paths, ImageDataset data, bool resume, ITrainingProgress progress, CancellationToken cancel)
    {
        var s = config.Settings;
        var threads = TorchSetup.ApplyThreads(s.System.Threads);
        var device = TorchSetup.ResolveDevice(s.System.Device);
        torch.manual_seed(config.Seed);
        var total = s.Training.ResolveIterations(config.Dataset, data.Count);
        var layout = DcganLayout.For(data.Channels, data.Height, data.Width, s.Model.LatentDim, s.Model.Width, s.Model.BatchNorm);
        using var initRng = TorchSetup.Stream(config.Seed, RngPurpose.Init);
        using var method = GanMethods.Create(config.Method, new GanContext(layout, s, device, initRng, data.Count));

        Directory.CreateDirectory(paths.Root);
        var manifest = RunManifest.Start(config, threads, device.ToString(), total);
        if (resume)
        {
            var previous = RunManifest.Load(paths.Manifest);
            manifest = previous with { Status = "running", Threads = threads, ResumedAt = [.. previous.ResumedAt, Checkpoint.ReadIteration(paths.LastCheckpoint)], Ended = null, Error = null };
        }
        AtomicFile.WriteAllText(paths.Config, config.ToJson());
        manifest.Save(paths.Manifest);
        try
        {
            var outcome = GanLoop.Run(new GanLoopInput(config, paths, method, data.Images, total, resume), progress, cancel);
            (manifest with { Status = outcome.Status, IterationsDone = outcome.Iterations, Ended = DateTimeOffset.UtcNow }).Save(paths.Manifest);
            return outcome;
        }
        catch (DivergenceException e)
        {
            (manifest with { Status = "diverged", IterationsDone = e.Iteration - 1, Ended = DateTimeOffset.UtcNow, Error = e.Message }).Save(paths.Manifest);
            throw;
        }
    }
}
