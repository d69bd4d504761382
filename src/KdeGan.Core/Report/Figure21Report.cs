using KdeGan.Core.Analysis.Figures;

namespace KdeGan.Core.Report;

/// <summary>Figures 21-24: samples from balls of four increasing radii around the reversed code of each seeding image (seed and reconstruction on the left).</summary>
public sealed class Figure21Report : IArtifactReport
{
    public string Artifact => "figure21";

    public void Render(ReportContext context)
    {
        foreach (var (dataset, folder) in FigureResults.Completed(context, Artifact))
            for (var k = 1; k <= 4; k++)
            {
                var grid = Path.Combine(folder, $"neighbourhood-{k}.png");
                if (k > 1 && !File.Exists(grid)) break;
                FigureResults.PublishPng(context, $"figure{20 + k}-{dataset}", grid);
            }
    }
}
