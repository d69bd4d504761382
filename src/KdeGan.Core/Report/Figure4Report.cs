using KdeGan.Core.Analysis.Figures;

namespace KdeGan.Core.Report;

/// <summary>Figure 4: MMD² between reversed data and generated codes against reversal steps, one line per kernel (mean ± std over batch pairs).</summary>
public sealed class Figure4Report : IArtifactReport
{
    public string Artifact => "figure4";

    public void Render(ReportContext context)
    {
        foreach (var (dataset, folder) in FigureResults.Completed(context, Artifact))
        {
            var table = ResultsTable.Load(Path.Combine(folder, "mmd.csv"));
            var series = table.Text("kernel").Distinct().Select(kernel =>
            {
                var rows = table.Where("kernel", kernel);
                var runs = rows.Text("repeat").Distinct().Select(r => rows.Where("repeat", r)).ToList();
                return Series.MeanOverRuns(kernel, runs[0].Numbers("step"), runs.Select(r => r.Numbers("mmd2")).ToList());
            }).ToList();
            FigureResults.Publish(context, $"figure4-{dataset}", path => LineFigure.Save(path,
                $"{dataset}: MMD² of reversed data vs generated codes", "reversal steps", "MMD²", series));
        }
    }
}
