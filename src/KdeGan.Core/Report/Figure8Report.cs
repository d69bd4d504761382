using KdeGan.Core.Analysis.Figures;

namespace KdeGan.Core.Report;

/// <summary>Figures 8 and 20: rows of linear interpolations between the reversed codes of two test images (shown at the ends).</summary>
public sealed class Figure8Report : IArtifactReport
{
    public string Artifact => "figure8";

    public void Render(ReportContext context)
    {
        foreach (var (dataset, folder) in FigureResults.Completed(context, Artifact))
            FigureResults.PublishPng(context, $"figure8-{dataset}", Path.Combine(folder, "traversal.png"));
    }
}
