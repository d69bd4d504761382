using KdeGan.Core.Analysis.Figures;

namespace KdeGan.Core.Report;

/// <summary>Figure 10: mean log-density of reversed test codes under the KDE of training codes against log10 of the bandwidth, one line per dataset and method.</summary>
public sealed class Figure10Report : IArtifactReport
{
    public string Artifact => "figure10";

    public void Render(ReportContext context)
    {
        var series = new List<Series>();
        foreach (var (dataset, folder) in FigureResults.Completed(context, Artifact))
        {
            var table = ResultsTable.Load(Path.Combine(folder, "loglik.csv"));
            foreach (var method in table.Text("method").Distinct())
            {
                var rows = table.Where("method", method);
                series.Add(new Series($"{dataset} {method}", rows.Numbers("bandwidth").Select(Math.Log10).ToArray(), rows.Numbers("mean_log_density")));
            }
        }
        FigureResults.Publish(context, "figure10", path => LineFigure.Save(path,
            "Holdout likelihood in code space", "log10 KDE bandwidth", "mean log-density of test codes", series));
    }
}
