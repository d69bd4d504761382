using System.CommandLine;
using System.Diagnostics;
using KdeGan.Core.Data;
using KdeGan.Core.Runs;
using KdeGan.Core.Scoring;
using KdeGan.Core.Training;

namespace KdeGan.Cli.Commands;

/// <summary>
/// `kdegan experiment run --experiment experiments/X.json --profile smoke|cpu|paper [--seeds N]
/// [--datasets a,b] [--force] [--set k=v] [--results DIR] [--data-dir D]`: every dataset x method
/// x seed (x phase) of the experiment; completed runs of the same config are reused, interrupted
/// ones resume; runs are scored as the experiment's "evaluation" says.
/// </summary>
public static class ExperimentCommand
{
    public static Command Create() => new("experiment", "run a paper artifact's experiment") { CreateRun() };

    static Command CreateRun()
    {
        var experiment = new Option<string>("--experiment") { Description = "experiment JSON file (experiments/<artifact>.json)", Required = true };
        var profile = new Option<string>("--profile") { Description = "smoke, cpu or paper", DefaultValueFactory = _ => "cpu" };
        var seeds = new Option<int?>("--seeds") { Description = "seeds 1..N (default: the experiment's)" };
        var datasets = new Option<string?>("--datasets") { Description = "comma-separated subset of the experiment's datasets" };
        var methods = new Option<string?>("--methods") { Description = "comma-separated subset of the experiment's methods" };
        var force = new Option<bool>("--force") { Description = "retrain runs even when completed with the same config" };
        var set = new Option<string[]>("--set") { Description = "override a setting of every run, e.g. --set system.threads=1" };
        var results = ResultsOption();
        var dataDir = CommonOptions.DataDir();
        var command = new Command("run", "train (or reuse) and score every run of an experiment") { experiment, profile, seeds, datasets, methods, force, set, results, dataDir };
        command.SetAction(parse =>
        {
            var request = new ExperimentRequest
            {
                ExperimentPath = parse.GetValue(experiment)!,
                Profile = parse.GetValue(profile)!,
                Seeds = parse.GetValue(seeds),
                Datasets = parse.GetValue(datasets)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Methods = parse.GetValue(methods)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Force = parse.GetValue(force),
                Overrides = parse.GetValue(set) ?? [],
                ResultsRoot = parse.GetValue(results)!,
                DataDir = parse.GetValue(dataDir),
            };
            return CancellableRun.Execute(token =>
            {
                var clock = Stopwatch.StartNew();
                var spec = ExperimentSpec.Load(request.ExperimentPath);
                using var scorer = spec.Evaluation is { } evaluation
                    ? new RunScorer(evaluation, request.Profile, DataLocation.Resolve(request.DataDir), ScorerCatalog.OwnModelsDir(DataLocation.RepositoryRoot()))
                    : null;
                var outcomes = ExperimentRunner.Run(request, new ExperimentProgressPrinter(), scorer, token);
                Console.WriteLine($"{spec.Artifact} ({request.Profile}): {outcomes.Count} runs, {outcomes.Count(o => o.Status == "skipped")} reused, in {clock.Elapsed.TotalSeconds:F1} s");
                var failed = outcomes.Count(o => o.Status == "failed");
                if (failed > 0) Console.Error.WriteLine($"error: {failed} of {outcomes.Count} runs failed (see above)");
                return failed > 0 ? 2 : outcomes.All(o => o.Status is "completed" or "skipped") ? 0 : 130;
            });
        });
        return command;
    }

    /// <summary>--results: the results root (default results/ at the repository root).</summary>
    public static Option<string> ResultsOption() => new("--results")
    {
        Description = "results root (default: results/ at the repository root)",
        DefaultValueFactory = _ => CommonOptions.ResultsRoot(),
    };

    /// <summary>Our trained scorers (committed ONNX files).</summary>

    sealed class ExperimentProgressPrinter : IExperimentProgress
    {
        public ITrainingProgress RunStarting(PlannedRun run, int index, int count, string action)
        {
            Console.WriteLine($"[{index}/{count}] {run.Label}: {action}");
            return new TrainProgressRenderer(false, TimeSpan.FromSeconds(15));
        }

        public void RunFinished(PlannedRun run, TrainingOutcome outcome) =>
            Console.WriteLine($"    {outcome.Status} after iteration {outcome.Iterations}: {outcome.RunDir}");

        public void RunFailed(PlannedRun run, Exception error) =>
            Console.Error.WriteLine($"    {run.Label} failed: {error.Message}");

        public void DatasetSkipped(string dataset, string reason) =>
            Console.WriteLine($"skipped dataset {dataset}: {reason}");
    }
}
