using System.CommandLine;
using System.Diagnostics;
using KdeGan.Core.Data;
using KdeGan.Core.Runs;
using KdeGan.Core.Training;

namespace KdeGan.Cli.Commands;

/// <summary>
/// `kdegan regression check [--baselines DIR] [--scratch DIR]`: reruns each baseline's smoke runs
/// into a scratch folder and compares with results/baselines/*.json, printing artifact, run,
/// metric, expected, got and tolerance for each difference and exiting 1 on any.
/// `kdegan regression baseline` reruns and writes the values.
/// </summary>
public static class RegressionCommand
{
    public static Command Create() => new("regression", "guard smoke-profile scores against results/baselines") { Create("check"), Create("baseline") };

    static Command Create(string verb)
    {
        var baselines = new Option<string>("--baselines") { Description = "baseline folder", DefaultValueFactory = _ => Path.Combine(DataLocation.RepositoryRoot(), "results", "baselines") };
        var scratch = new Option<string>("--scratch") { Description = "where the reruns go (deleted per artifact first)", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "kdegan-regression") };
        var profile = new Option<string>("--profile") { Description = "only smoke is guarded", DefaultValueFactory = _ => "smoke" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command(verb, verb == "check" ? "rerun and compare with the baselines" : "rerun and write the baselines") { baselines, scratch, profile, dataDir };
        command.SetAction(parse =>
        {
            try
            {
                if (parse.GetValue(profile) != "smoke") throw new ArgumentException($"--profile: expected smoke (the only guarded profile), found '{parse.GetValue(profile)}'");
                var files = RegressionSuite.BaselineFiles(parse.GetValue(baselines)!);
                if (files.Count == 0) throw new FileNotFoundException($"no baselines in {parse.GetValue(baselines)}");
                var repo = DataLocation.RepositoryRoot();
                var failures = 0;
                foreach (var file in files)
                {
                    var clock = Stopwatch.StartNew();
                    if (verb == "baseline")
                    {
                        var written = RegressionSuite.Record(file, repo, parse.GetValue(scratch)!, parse.GetValue(dataDir), QuietProgress.Instance);
                        Console.WriteLine($"{written.Artifact}: {written.Values.Count} values written to {file} ({clock.Elapsed.TotalSeconds:F1} s)");
                        continue;
                    }
                    var differences = RegressionSuite.Check(file, repo, parse.GetValue(scratch)!, parse.GetValue(dataDir), QuietProgress.Instance);
                    foreach (var d in differences) Console.WriteLine($"DIFFERENCE {d}");
                    Console.WriteLine($"{Path.GetFileNameWithoutExtension(file)}: {(differences.Count == 0 ? "ok" : $"{differences.Count} differences")} ({clock.Elapsed.TotalSeconds:F1} s)");
                    failures += differences.Count;
                }
                return failures == 0 ? 0 : 1;
            }
            catch (Exception e) when (e is SettingsException or ArgumentException or IOException or InvalidDataException or InvalidOperationException or DivergenceException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    sealed class QuietProgress : IExperimentProgress
    {
        public static readonly QuietProgress Instance = new();
        public ITrainingProgress RunStarting(PlannedRun run, int index, int count, string action) => SilentProgress.Instance;
        public void RunFinished(PlannedRun run, TrainingOutcome outcome) => Console.WriteLine($"    {run.Label}: {outcome.Status}");
        public void RunFailed(PlannedRun run, Exception error) => Console.Error.WriteLine($"    {run.Label} failed: {error.Message}");
        public void DatasetSkipped(string dataset, string reason) => Console.WriteLine($"    skipped dataset {dataset}: {reason}");
    }
}
