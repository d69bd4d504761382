using KdeGan.Core.Analysis.Figures;

namespace KdeGan.Core.Report;

/// <summary>Figure 1: random-network reversal, mean squared error per pixel against reversal steps, one line per dataset.</summary>
public sealed class Figure1Report : IArtifactReport
{
    public string Artifact => "figure1";

    public void Render(ReportContext context)
    {
        var series = FigureResults.Completed(context, Artifact).Select(r =>
        {
            var table = ResultsTable.Load(Path.Combine(r.Folder, "errors.csv"));
            return new Series(r.Dataset, table.Numbers("step"), table.Numbers("mse_per_pixel"));
        }).ToList();
        FigureResults.Publish(context, "figure1", path => LineFigure.Save(path,
            "Reversal through a random generator", "reversal steps", "mean squared error per pixel", series));
    }
}
