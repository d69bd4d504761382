using System.CommandLine;
using KdeGan.Core.Analysis.Figures;
using KdeGan.Core.Data;
using KdeGan.Core.Report;
using KdeGan.Core.Runs;
using KdeGan.Core.Training;

namespace KdeGan.Cli.Commands;

/// <summary>
/// `kdegan analyse figure3 --experiment experiments/figure3.json --profile cpu [--seed K]
/// [--method M] [--datasets a,b] [--set key=value ...] [--force] [--data-dir D] [--no-report]`: runs the
/// artifact's latent-space driver for every dataset of the experiment (training or reusing the
/// generator it needs), then renders the artifact's report from the stored results.
/// </summary>
public static class AnalyseCommand
{
    public static Command Create()
    {
        var artifact = new Argument<string>("artifact") { Description = "artifact (" + string.Join(", ", FigureDrivers.All.Select(d => d.Artifact)) + ")" };
        var experiment = new Option<string>("--experiment") { Description = "experiment JSON file (experiments/<artifact>.json)", Required = true };
        var profile = new Option<string>("--profile") { Description = "smoke, cpu or paper", DefaultValueFactory = _ => "smoke" };
        var seed = new Option<int>("--seed") { Description = "seed of the analysis and of the generators it trains", DefaultValueFactory = _ => 1 };
        var method = new Option<string?>("--method") { Description = "analyse this method's generator (default: the experiment's methods)" };
        var datasets = new Option<string?>("--datasets") { Description = "comma-separated subset of the experiment's datasets (default: all)" };
        var set = new Option<string[]>("--set") { Description = "override a setting (training.*, system.*) or a driver parameter (analysis.*), repeatable" };
        var force = new Option<bool>("--force") { Description = "recompute even if results of the same config exist" };
        var noReport = new Option<bool>("--no-report") { Description = "only compute; do not render the figures" };
        var dataDir = CommonOptions.DataDir();
        var command = new Command("analyse", "compute a latent-space figure's results (and render it)") { artifact, experiment, profile, seed, method, datasets, set, force, noReport, dataDir };
        command.SetAction(parse =>
        {
            var root = DataLocation.RepositoryRoot();
            var request = new FigureRequest
            {
                Artifact = parse.GetValue(artifact)!,
                ExperimentPath = parse.GetValue(experiment)!,
                Profile = parse.GetValue(profile)!,
                Seed = parse.GetValue(seed),
                Method = parse.GetValue(method),
                Datasets = parse.GetValue(datasets)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                Overrides = parse.GetValue(set) ?? [],
                Force = parse.GetValue(force),
                DataDir = parse.GetValue(dataDir),
                ResultsRoot = CommonOptions.ResultsRoot(),
            };
            return CancellableRun.Execute(token =>
            {
                var renderer = new TrainProgressRenderer(!Console.IsOutputRedirected, TimeSpan.FromSeconds(10));
                var outcomes = renderer.Run(() => FigureRun.Execute(request, renderer, token));
                foreach (var o in outcomes)
                    Console.WriteLine($"{request.Artifact} {o.Dataset}: {o.Status}{(o.Note is null ? "" : $" ({o.Note})")}: {o.Folder}");
                if (!parse.GetValue(noReport))
                {
                    var context = new ReportContext(request.ResultsRoot, request.Profile, Path.Combine(root, "paper"));
                    ArtifactReports.For(request.Artifact).Render(context);
                    Console.WriteLine($"figures written to {context.ResultsFigures} and {context.PaperFigures}");
                }
                return 0;
            });
        });
        return command;
    }
}
