using KdeGan.Core.Data;
using KdeGan.Core.Runs;
using KdeGan.Core.Training;
using TorchSharp;

namespace KdeGan.Core.Analysis.Figures;

/// <summary>
/// Runs an artifact's driver for every dataset of its experiment, incrementally: a dataset whose
/// folder holds a completed manifest with the same config hash is skipped unless forced. Beside
/// the results: config.json (the resolved settings and parameters) and manifest.json (seed,
/// hash, commit, package versions, threads, status). A dataset without data on this machine
/// (e.g. SVHN here) is recorded as "missing" with the loader's message, and the others go on.
/// </summary>
public static class FigureRun
{
    public static IReadOnlyList<FigureOutcome> Execute(FigureRequest request, ITrainingProgress progress, CancellationToken cancel)
    {
        var spec = ExperimentSpec.Load(request.ExperimentPath);
        if (spec.Artifact != request.Artifact)
            throw new SettingsException(spec.Path, "artifact", $"'{request.Artifact}' (the artifact being analysed), found '{spec.Artifact}'");
        var driver = FigureDrivers.For(request.Artifact);
        var dataRoot = DataLocation.Resolve(request.DataDir);
        foreach (var only in request.Datasets ?? [])
            if (!spec.Datasets.Contains(only))
                throw new SettingsException(spec.Path, "datasets", $"to list '{only}' (it lists {string.Join(", ", spec.Datasets)})");
        var outcomes = new List<FigureOutcome>();
        foreach (var dataset in spec.Datasets.Where(d => request.Datasets is null || request.Datasets.Contains(d)))
        {
            cancel.ThrowIfCancellationRequested();
            outcomes.Add(RunOne(driver, new FigureContext(request, spec, dataset, dataRoot), request.Force, progress, cancel));
        }
        return outcomes;
    }

    /// <summary>One dataset: skip, or run the driver between a "running" and a final manifest.</summary>
    public static FigureOutcome RunOne(IFigureDriver driver, FigureContext context, bool force, ITrainingProgress progress, CancellationToken cancel)
    {
        var hash = context.Hash();
        var manifestPath = context.File("manifest.json");
        if (!force && File.Exists(manifestPath) && RunManifest.Load(manifestPath) is { Status: "completed" or "missing" } done && done.ConfigHash == hash)
            return new FigureOutcome(context.Dataset, "skipped", context.Output, done.Error);

        var threads = TorchSetup.ApplyThreads(context.Settings.System.Threads);
        var device = TorchSetup.ResolveDevice(context.Settings.System.Device);
        torch.manual_seed(context.Seed);
        Directory.CreateDirectory(context.Output);
        var manifest = RunManifest.Start(new ResolvedConfig
        {
            Artifact = context.Artifact, Profile = context.Profile, Dataset = context.Dataset,
            Method = string.Join("+", context.Methods), Seed = context.Seed, Settings = context.Settings,
        }, threads, device.ToString(), planned: 0) with { ConfigHash = hash };
        AtomicFile.WriteAllText(context.File("config.json"), context.Config().ToJsonString(SettingsJson.Options));
        manifest.Save(manifestPath);
        progress.Message($"{context.Artifact} on {context.Dataset} ({context.Profile}, {threads} threads): {context.Output}");
        try
        {
            driver.Run(context, progress, cancel);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            (manifest with { Status = "missing", Ended = DateTimeOffset.UtcNow, Error = e.Message }).Save(manifestPath);
            return new FigureOutcome(context.Dataset, "missing", context.Output, e.Message);
        }
        catch (Exception e)
        {
            (manifest with { Status = e is OperationCanceledException ? "cancelled" : "failed", Ended = DateTimeOffset.UtcNow, Error = e.Message }).Save(manifestPath);
            throw;
        }
        (manifest with { Status = "completed", Ended = DateTimeOffset.UtcNow }).Save(manifestPath);
        return new FigureOutcome(context.Dataset, "completed", context.Output);
    }
}
