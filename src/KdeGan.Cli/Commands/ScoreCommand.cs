using System.CommandLine;
using KdeGan.Core.Data;
using KdeGan.Core.Runs;
using KdeGan.Core.Scoring;

namespace KdeGan.Cli.Commands;

/// <summary>
/// `kdegan score --run DIR [--metrics is,nn] [--samples N] [--data-dir D]`: scores the run's last
/// checkpoint into DIR/evaluations.json; metrics and sample count default to the evaluation spec
/// of experiments/&lt;artifact&gt;.json for the run's profile.
/// </summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var run = new Option<string>("--run") { Description = "run folder (results/<artifact>/<profile>/<dataset>/<method>[/<phase>]/seed-<k>)", Required = true };
        var metrics = new Option<string?>("--metrics") { Description = "comma-separated: " + string.Join(", ", EvaluationSpec.KnownMetrics) };
        var samples = new Option<int?>("--samples") { Description = "generated images to score" };
        var rescore = new Option<bool>("--rescore") { Description = "replace metrics already in evaluations.json for that iteration (otherwise they are skipped)" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("score", "evaluate a run's final generator into its evaluations.json") { run, metrics, samples, rescore, dataDir };
        command.SetAction(parse =>
        {
            try
            {
                var paths = new RunPaths(Path.GetFullPath(parse.GetValue(run)!));
                if (!File.Exists(paths.Config) || !File.Exists(paths.LastCheckpoint))
                    throw new FileNotFoundException($"{paths.Root} is not a run folder with a checkpoint (expected config.json and checkpoints/last.ckpt)");
                var config = ResolvedConfig.Load(paths.Config);
                var experimentFile = Path.Combine(DataLocation.RepositoryRoot(), "experiments", config.Artifact + ".json");
                var spec = File.Exists(experimentFile) ? ExperimentSpec.Load(experimentFile).Evaluation ?? new EvaluationSpec() : new EvaluationSpec();
                if (parse.GetValue(metrics) is { } list) spec = spec with { Metrics = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
                foreach (var m in spec.Metrics.Where(m => !EvaluationSpec.KnownMetrics.Contains(m)))
                    throw new ArgumentException($"--metrics: expected metrics among {string.Join(", ", EvaluationSpec.KnownMetrics)}, found '{m}'");
                if (parse.GetValue(samples) is { } n) spec = spec with { Samples = new() { [config.Profile] = n } };
                using var scorer = new RunScorer(spec, config.Profile, DataLocation.Resolve(parse.GetValue(dataDir)), ScorerCatalog.OwnModelsDir(DataLocation.RepositoryRoot()), rescore: parse.GetValue(rescore));
                var iteration = KdeGan.Core.Training.Checkpoint.ReadIteration(paths.LastCheckpoint);
                var added = scorer.Evaluate(paths, iteration);
                foreach (var e in added)
                    Console.WriteLine($"{e.Metric} = {e.Mean:G6} ± {e.Std:G4} at iteration {e.Iteration} (n_real {e.NReal}, n_fake {e.NFake}, scorer {e.Scorer})");
                if (added.Count == 0)
                    Console.WriteLine($"{string.Join(", ", spec.Metrics)} already in {EvaluationLog.PathIn(paths.Root)} for iteration {iteration}; --rescore replaces them");
                return 0;
            }
            catch (Exception e) when (e is SettingsException or ArgumentException or IOException or InvalidDataException or InvalidOperationException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
