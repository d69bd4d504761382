namespace KdeGan.Core.Report;

/// <summary>
/// Figure 5: top, the test-set inception score over training (evaluations.json, metric "is"),
/// bottom, the generator reversal steps per training iteration (metrics.csv, "reversal_steps"),
/// each as mean ± std over seeds per method; one pair of figures per dataset.
/// </summary>
public sealed class Figure5Report : IArtifactReport
{
    public string Artifact => "figure5";

    public void Render(ReportContext context)
    {
        var runs = RunResults.Find(context.ResultsOf(Artifact));
        if (runs.Count == 0) throw ReportOutputs.NoResults(context, Artifact, "Figure5");
        foreach (var byDataset in runs.GroupBy(r => r.Dataset))
        {
            var scores = byDataset.GroupBy(r => r.Method).Select(ScoreSeries).OfType<Series>().ToList();
            if (scores.Count > 0)
                ReportOutputs.Figure(context, $"figure5-{byDataset.Key}-is", path =>
                    LineFigure.Save(path, $"Inception score over training ({byDataset.Key})", "iteration", "inception score", scores));
            var reversing = byDataset.Where(r => r.Metrics().Has("reversal_steps")).ToList();
            if (reversing.Count == 0) continue;
            var window = ReportOutputs.WindowFor(reversing);
            var steps = reversing.GroupBy(r => r.Method)
                .Select(g => ReportOutputs.CurveOverSeeds(ReportOutputs.MethodLabel(g.Key), g.ToList(), t => t.Column("reversal_steps"), window))
                .ToList();
            ReportOutputs.Figure(context, $"figure5-{byDataset.Key}-steps", path =>
                LineFigure.Save(path, $"Reversal steps per iteration ({byDataset.Key})", "iteration", "reversal steps", steps));
        }
    }

    /// <summary>IS at the iterations every seed of the method was evaluated at; null when none was.</summary>
    static Series? ScoreSeries(IGrouping<string, RunResult> method)
    {
        var perRun = method.Select(r => r.Evaluations().Where(e => e.Metric == "is").ToDictionary(e => e.Iteration, e => e.Mean)).ToList();
        var common = perRun.Select(d => d.Keys.AsEnumerable()).Aggregate((a, b) => a.Intersect(b)).Order().ToArray();
        if (common.Length == 0) return null;
        return Series.MeanOverRuns(ReportOutputs.MethodLabel(method.Key), common.Select(i => (double)i).ToArray(),
            perRun.Select(d => common.Select(i => d[i]).ToArray()).ToList());
    }
}
