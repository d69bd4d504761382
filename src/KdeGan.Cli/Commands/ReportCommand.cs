using System.CommandLine;
using KdeGan.Core.Data;
using KdeGan.Core.Report;

namespace KdeGan.Cli.Commands;

/// <summary>
/// `kdegan report --artifact X | --all --profile P [--results DIR] [--paper DIR]`: renders figures
/// and LaTeX tables from stored results only. --all skips artifacts without results, saying so.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var artifact = new Option<string?>("--artifact") { Description = "artifact name: " + string.Join(", ", ArtifactReports.All.Select(r => r.Artifact)) };
        var all = new Option<bool>("--all") { Description = "every artifact that has results" };
        var profile = new Option<string>("--profile") { Description = "smoke, cpu or paper", DefaultValueFactory = _ => "cpu" };
        var results = ExperimentCommand.ResultsOption();
        var paper = new Option<string>("--paper") { Description = "paper folder (default paper/ at the repository root)", DefaultValueFactory = _ => Path.Combine(DataLocation.RepositoryRoot(), "paper") };
        var command = new Command("report", "render figures and tables from results") { artifact, all, profile, results, paper };
        command.SetAction(parse =>
        {
            var context = new ReportContext(parse.GetValue(results)!, parse.GetValue(profile)!, parse.GetValue(paper)!);
            try
            {
                if (parse.GetValue(all))
                {
                    foreach (var report in ArtifactReports.All)
                    {
                        try
                        {
                            report.Render(context);
                            Console.WriteLine($"{report.Artifact}: rendered");
                        }
                        catch (Exception e) when (e is InvalidOperationException or FileNotFoundException)
                        {
                            Console.WriteLine($"{report.Artifact}: skipped ({e.Message})");
                        }
                    }
                    return 0;
                }
                var name = parse.GetValue(artifact) ?? throw new ArgumentException("give --artifact NAME or --all");
                ArtifactReports.For(name).Render(context);
                Console.WriteLine($"{name}: rendered into {context.ResultsFigures}, {context.PaperFigures} and {context.PaperTables}");
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or InvalidOperationException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
