using KdeGan.Core.Analysis.Figures;

namespace KdeGan.Core.Report;

/// <summary>Figure 2: per dataset, the originals and their random-network reconstructions after the grid's step counts (top to bottom).</summary>
public sealed class Figure2Report : IArtifactReport
{
    public string Artifact => "figure2";

    public void Render(ReportContext context)
    {
        foreach (var (dataset, folder) in FigureResults.Completed(context, Artifact))
            FigureResults.PublishPng(context, $"figure2-{dataset}", Path.Combine(folder, "reconstructions.png"));
    }
}
