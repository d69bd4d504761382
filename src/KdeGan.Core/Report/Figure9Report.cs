namespace KdeGan.Core.Report;

/// <summary>
/// Figure 9: the discriminator's mean accuracy (mean of its accuracy on real and on generated
/// images) and the generator's loss over training, mean ± std over seeds per method, smoothed
/// over a fiftieth of the run; one pair of figures per dataset.
/// </summary>
public sealed class Figure9Report : IArtifactReport
{
    public string Artifact => "figure9";

    public void Render(ReportContext context)
    {
        var runs = RunResults.Find(context.ResultsOf(Artifact));
        if (runs.Count == 0) throw ReportOutputs.NoResults(context, Artifact, "Figure9");
        foreach (var byDataset in runs.GroupBy(r => r.Dataset))
        {
            var window = ReportOutputs.WindowFor(byDataset.ToList());
            var methods = byDataset.GroupBy(r => r.Method).ToList();
            var accuracy = methods.Select(g => ReportOutputs.CurveOverSeeds(ReportOutputs.MethodLabel(g.Key), g.ToList(),
                t => t.Column("d_acc_real").Zip(t.Column("d_acc_fake"), (a, b) => (a + b) / 2).ToArray(), window)).ToList();
            var loss = methods.Select(g => ReportOutputs.CurveOverSeeds(ReportOutputs.MethodLabel(g.Key), g.ToList(),
                t => t.Column("g_loss"), window)).ToList();
            ReportOutputs.Figure(context, $"figure9-{byDataset.Key}-d-accuracy", path =>
                LineFigure.Save(path, $"Discriminator mean accuracy ({byDataset.Key})", "iteration", "accuracy", accuracy));
            ReportOutputs.Figure(context, $"figure9-{byDataset.Key}-g-loss", path =>
                LineFigure.Save(path, $"Generator loss ({byDataset.Key})", "iteration", "-log D(G(z))", loss));
        }
    }
}
