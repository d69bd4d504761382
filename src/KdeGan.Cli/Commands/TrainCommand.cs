using System.CommandLine;
using KdeGan.Core.Data;
using KdeGan.Core.Runs;
using KdeGan.Core.Training;

namespace KdeGan.Cli.Commands;

/// <summary>
/// `kdegan train --dataset mnist --method dcgan --profile smoke --seed 1 [--out DIR]
/// [--experiment FILE] [--set key=value ...] [--resume] [--data-dir D]`. Ctrl-C checkpoints and stops.
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "dataset name (" + string.Join(", ", DatasetCatalog.Names) + ")", Required = true };
        var method = new Option<string>("--method") { Description = "method (" + string.Join(", ", GanMethods.Names) + ")", DefaultValueFactory = _ => "dcgan" };
        var profile = new Option<string>("--profile") { Description = "smoke, cpu or paper", DefaultValueFactory = _ => "smoke" };
        var seed = new Option<int>("--seed") { Description = "the run's seed", DefaultValueFactory = _ => 1 };
        var outDir = new Option<string?>("--out") { Description = "run folder (default results/<artifact>/<profile>/<dataset>/<method>/seed-<k>)" };
        var experiment = new Option<string?>("--experiment") { Description = "experiment JSON file (experiments/<artifact>.json)" };
        var set = new Option<string[]>("--set") { Description = "override a setting, e.g. --set training.iterations=50 (repeatable)", AllowMultipleArgumentsPerToken = false };
        var resume = new Option<bool>("--resume") { Description = "continue from the run folder's last checkpoint" };
        var force = new Option<bool>("--force") { Description = "retrain even if the run folder holds a completed run of the same config" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("train", "train one GAN run") { dataset, method, profile, seed, outDir, experiment, set, resume, force, dataDir };
        command.SetAction(parse =>
        {
            var request = new TrainRequest
            {
                Dataset = parse.GetValue(dataset)!,
                Method = parse.GetValue(method)!,
                Profile = parse.GetValue(profile)!,
                Seed = parse.GetValue(seed),
                OutDir = parse.GetValue(outDir),
                ExperimentPath = parse.GetValue(experiment),
                Overrides = parse.GetValue(set) ?? [],
                Resume = parse.GetValue(resume),
                Force = parse.GetValue(force),
                DataDir = parse.GetValue(dataDir),
                ResultsRoot = CommonOptions.ResultsRoot(),
            };
            return CancellableRun.Execute(token =>
            {
                var renderer = new TrainProgressRenderer(!Console.IsOutputRedirected, TimeSpan.FromSeconds(10));
                var outcome = renderer.Run(() => TrainingRun.Execute(request, renderer, token));
                Console.WriteLine($"{outcome.Status} after iteration {outcome.Iterations}: {outcome.RunDir}");
                return outcome.Status is "completed" or "skipped" ? 0 : 130;
            });
        });
        return command;
    }
}
