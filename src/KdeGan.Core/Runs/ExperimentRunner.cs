using System.Text.Json.Nodes;
using KdeGan.Core.Data;
using KdeGan.Core.Training;

namespace KdeGan.Core.Runs;

/// <summary>What `kdegan experiment run` asks for: an experiment file, a profile and narrowing options.</summary>
public sealed record ExperimentRequest
{
    public required string ExperimentPath { get; init; }
    public string Profile { get; init; } = "cpu";
    /// <summary>Seeds 1..N; the experiment's "seeds" when null.</summary>
    public int? Seeds { get; init; }
    /// <summary>A subset of the experiment's datasets; all when null.</summary>
    public IReadOnlyList<string>? Datasets { get; init; }
    /// <summary>A subset of the experiment's methods; all when null.</summary>
    public IReadOnlyList<string>? Methods { get; init; }
    public IReadOnlyList<string> Overrides { get; init; } = [];
    public bool Force { get; init; }
    public string ResultsRoot { get; init; } = "results";
    public string? DataDir { get; init; }
}

/// <summary>One run of the plan: its config, folder, phase, and the run it continues from.</summary>
public sealed record PlannedRun(ResolvedConfig Config, RunPaths Paths, ExperimentPhase? Phase, PlannedRun? ContinueFrom)
{
    public string Label => $"{Config.Dataset}/{Config.Method}{(Phase is null ? "" : "/" + Phase.Name)}/seed-{Config.Seed}";
}

/// <summary>How the runner reports; the CLI renders it.</summary>
public interface IExperimentProgress
{
    /// <summary>Before run <paramref name="index"/> (1-based) of <paramref name="count"/>; returns the progress for its training.</summary>
    ITrainingProgress RunStarting(PlannedRun run, int index, int count, string action);
    void RunFinished(PlannedRun run, TrainingOutcome outcome);

    /// <summary>A run failed (unknown method, divergence, bad data...); the runner goes on with the others.</summary>
    void RunFailed(PlannedRun run, Exception error);

    /// <summary>A dataset of the experiment (not asked for by name) has no data on this machine; its runs are left out.</summary>
    void DatasetSkipped(string dataset, string reason);
}

/// <summary>
/// Runs every dataset x method x seed (x phase) of an experiment through <see cref="TrainingRun"/>.
/// A completed run with the same resolved-config hash (and phase) is reused; an interrupted one
/// (manifest not completed, checkpoint present, same hash) resumes; anything else starts fresh.
/// With an evaluator, checkpoints at multiples of evaluation.every and the final one are scored.
/// Datasets without data on this machine are left out with a notice unless asked for by name
/// (then, as when no dataset has data, loading fails with a message naming the Data target).
/// </summary>
public static class ExperimentRunner
{
    public const string PhaseFile = "phase.json";

    public static IReadOnlyList<PlannedRun> Plan(ExperimentSpec spec, ExperimentRequest request)
    {
        var datasets = request.Datasets ?? spec.DatasetsFor(request.Profile);
        foreach (var d in datasets)
            if (!spec.Datasets.Contains(d))
                throw new SettingsException("--datasets", d, $"a dataset of {spec.Path} ({string.Join(", ", spec.Datasets)})");
        var methods = request.Methods ?? spec.Methods;
        foreach (var m in methods)
            if (!spec.Methods.Contains(m))
                throw new SettingsException("--methods", m, $"a method of {spec.Path} ({string.Join(", ", spec.Methods)})");
        var seeds = request.Seeds ?? spec.SeedsFor(request.Profile);
        if (seeds < 1) throw new SettingsException("--seeds", "seeds", $"a positive count, found {seeds}");
        var plan = new List<PlannedRun>();
        foreach (var dataset in datasets)
            foreach (var method in methods)
                for (var seed = 1; seed <= seeds; seed++)
                {
                    if (spec.Phases is not { Length: > 0 } phases)
                    {
                        var config = Resolve(spec, request, dataset, method, seed, null);
                        plan.Add(new PlannedRun(config, RunPaths.For(request.ResultsRoot, config), null, null));
                        continue;
                    }
                    var byName = new Dictionary<string, PlannedRun>();
                    foreach (var phase in phases)
                    {
                        if (phase.Digits is not null && dataset != "mnist1000")
                            throw new SettingsException(spec.Path, $"phases.{phase.Name}.digits", $"dataset mnist1000 (digit restriction), found dataset '{dataset}'");
                        var config = Resolve(spec, request, dataset, method, seed, phase);
                        var paths = new RunPaths(Path.Combine(request.ResultsRoot, config.Artifact, config.Profile, dataset, method, phase.Name, $"seed-{seed}"));
                        var run = new PlannedRun(config, paths, phase, phase.ContinueFrom is { } from ? byName[from] : null);
                        byName[phase.Name] = run;
                        plan.Add(run);
                    }
                }
        return plan;
    }

    public static IReadOnlyList<TrainingOutcome> Run(ExperimentRequest request, IExperimentProgress progress, IRunEvaluator? evaluator, CancellationToken cancel)
    {
        var spec = ExperimentSpec.Load(request.ExperimentPath);
        var dataRoot = DataLocation.Resolve(request.DataDir);
        var skipped = new HashSet<string>();
        var planned = Plan(spec, request);
        var plan = planned.Where(run => HasData(run.Config.Dataset)).ToList();
        if (plan.Count == 0 && planned.Count > 0)
            throw new DirectoryNotFoundException($"{spec.Path}: no dataset of the experiment has data under {dataRoot} ({string.Join(", ", skipped)}); fetch with `dotnet fsi build.fsx -t Data` or set --data-dir / {DataLocation.EnvironmentVariable}");
        var outcomes = new List<TrainingOutcome>();
        for (var i = 0; i < plan.Count && !cancel.IsCancellationRequested; i++)
        {
            var run = plan[i];
            RunPaths? shared = null;
            var action = request.Force ? "train"
                : Reusable(run) ? "reuse"
                : Resumable(run) ? "resume"
                : (shared = Shareable(run, spec, request)) is not null ? "copy"
                : "train";
            var training = progress.RunStarting(run, i + 1, plan.Count, action);
            TrainingOutcome outcome;
            try
            {
                if (action == "copy")
                {
                    SharedRuns.Copy(shared!, run.Paths, run.Config);
                    if (run.Phase is not null) AtomicFile.WriteAllText(Path.Combine(run.Paths.Root, PhaseFile), RunData.PhaseJson(run.Phase));
                }
                outcome = action is "reuse" or "copy"
                    ? new TrainingOutcome("skipped", RunManifest.Load(run.Paths.Manifest).IterationsDone, run.Paths.Root)
                    : Train(run, action == "resume", dataRoot, evaluator is null ? training
                        : new EvaluatingProgress(training, run.Paths, evaluator, spec.Evaluation?.EveryFor(request.Profile)), cancel);
                if (evaluator is not null && outcome.Status is "completed" or "skipped"
                    && (spec.Evaluation ?? new EvaluationSpec()).MissingAt(EvaluationLog.Read(run.Paths.Root), outcome.Iterations).Count > 0)
                    evaluator.Evaluate(run.Paths, outcome.Iterations);
            }
            catch (Exception e) when (e is ArgumentException or SettingsException or DivergenceException or IOException or InvalidDataException or InvalidOperationException)
            {
                progress.RunFailed(run, e);
                outcomes.Add(new TrainingOutcome("failed", 0, run.Paths.Root));
                continue;
            }
            progress.RunFinished(run, outcome);
            outcomes.Add(outcome);
            if (outcome.Status == "cancelled") break;
        }
        return outcomes;

        bool HasData(string dataset)
        {
            if (request.Datasets is not null) return true;
            var folder = Path.Combine(dataRoot, DatasetCatalog.Folder(dataset));
            if (Directory.Exists(folder)) return true;
            if (skipped.Add(dataset))
                progress.DatasetSkipped(dataset, $"{folder} not found; fetch it with `dotnet fsi build.fsx -t Data -- --datasets {dataset}`");
            return false;
        }
    }

    /// <summary>
    /// A completed run of the same config that another artifact trained (<see cref="SharedRuns"/>),
    /// when this run is plain (no data restriction, no continuation), its folder is free, and the
    /// other run holds the evaluations this experiment makes during training.
    /// </summary>
    static RunPaths? Shareable(PlannedRun run, ExperimentSpec spec, ExperimentRequest request)
    {
        if (run.ContinueFrom is not null || run.Phase?.Digits is not null || !SharedRuns.IsFree(run.Paths)) return null;
        return SharedRuns.Find(request.ResultsRoot, run.Config, source =>
            spec.Evaluation is not { } evaluation
            || evaluation.CoversTraining(EvaluationLog.Read(source.Root), request.Profile, RunManifest.Load(source.Manifest).IterationsDone));
    }

    /// <summary>A completed run of the same hash and phase sits in the folder.</summary>
    public static bool Reusable(PlannedRun run) =>
        SamePhase(run) && RunManifest.Completed(run.Paths, ExpectedHash(run)) is not null;

    /// <summary>An interrupted run of the same hash and phase with a checkpoint to continue from.</summary>
    public static bool Resumable(PlannedRun run) =>
        File.Exists(run.Paths.Manifest) && File.Exists(run.Paths.LastCheckpoint) && File.Exists(run.Paths.Config)
        && RunManifest.Load(run.Paths.Manifest) is { Status: "running" or "cancelled" } && SamePhase(run)
        && ResolvedConfig.Load(run.Paths.Config).Hash() == ExpectedHash(run);

    /// <summary>
    /// The hash the folder must hold. A continued phase's stored config counts its source's
    /// iterations in; it matches when equal to the planned one with the planned iteration setting.
    /// </summary>
    static string ExpectedHash(PlannedRun run)
    {
        if (run.ContinueFrom is null) return run.Config.Hash();
        if (!File.Exists(run.Paths.Config)) return "";
        var stored = ResolvedConfig.Load(run.Paths.Config);
        var asPlanned = stored with { Settings = stored.Settings with { Training = stored.Settings.Training with { Iterations = run.Config.Settings.Training.Iterations } } };
        return asPlanned.Hash() == run.Config.Hash() ? stored.Hash() : "";
    }

    static bool SamePhase(PlannedRun run)
    {
        var file = Path.Combine(run.Paths.Root, PhaseFile);
        if (run.Phase is null) return !File.Exists(file);
        return File.Exists(file) && File.ReadAllText(file) == RunData.PhaseJson(run.Phase);
    }

    static TrainingOutcome Train(PlannedRun run, bool resume, string dataRoot, ITrainingProgress progress, CancellationToken cancel)
    {
        using var data = DatasetCatalog.Load(run.Config.Dataset, train: true, dataRoot, RunData.OptionsFor(run.Phase));
        var config = run.Config;
        if (run.ContinueFrom is { } source && !resume)
        {
            if (!Reusable(source))
                throw new InvalidOperationException($"phase '{run.Phase!.Name}' continues from {source.Paths.Root}, which holds no completed run of the expected config");
            var sourceDone = RunManifest.Load(source.Paths.Manifest).IterationsDone;
            config = Continued(run, sourceDone, run.Config.Settings.Training.ResolveIterations(config.Dataset, data.Count));
            PhaseHandoff.Prepare(source, config, run.Paths, data, dataRoot);
            resume = true;
        }
        else if (resume)
            config = ResolvedConfig.Load(run.Paths.Config);
        Directory.CreateDirectory(run.Paths.Root);
        if (run.Phase is not null) AtomicFile.WriteAllText(Path.Combine(run.Paths.Root, PhaseFile), RunData.PhaseJson(run.Phase));
        var outcome = TrainingRun.Execute(config, run.Paths, data, resume, progress, cancel);
        if (outcome.Status == "completed") RunData.WriteDatasetGrid(run.Paths, config, data);
        return outcome;
    }

    /// <summary>The continued phase's config: iterations count on from the source's.</summary>
    static ResolvedConfig Continued(PlannedRun run, long sourceIterations, long ownIterations)
    {
        var s = run.Config.Settings;
        return run.Config with { Settings = s with { Training = s.Training with { Iterations = sourceIterations + ownIterations } } };
    }

    static ResolvedConfig Resolve(ExperimentSpec spec, ExperimentRequest request, string dataset, string method, int seed, ExperimentPhase? phase)
    {
        var effective = spec;
        if (phase?.Settings is { } extra)
        {
            var merged = spec.Settings is null ? new JsonObject() : (JsonObject)spec.Settings.DeepClone();
            SettingsJson.Merge(merged, (JsonObject)extra.DeepClone());
            effective = spec with { Settings = merged };
        }
        return new ResolvedConfig
        {
            Artifact = spec.Artifact,
            Profile = request.Profile,
            Dataset = dataset,
            Method = method,
            Seed = seed,
            Settings = SettingsResolver.Resolve(effective, request.Profile, request.Overrides),
        };
    }
}
