namespace KdeGan.Core.Report;

/// <summary>
/// Table 1: mean pixel-wise Euclidean distance from generated samples to their nearest training
/// image (evaluations.json, metric "nn", final iteration), DCGAN ("normal") and KDE-GAN ("kde")
/// per dataset. As in the paper's caption, ± is the standard deviation over generated samples;
/// over several seeds both are averaged.
/// </summary>
public sealed class Table1Report : IArtifactReport
{
    /// <summary>Appendix C, Table 1 of the paper (docs/PAPER.txt; the text has no page numbers): (mean, std) per dataset and method.</summary>
    public static readonly IReadOnlyDictionary<(string Dataset, string Method), (double Mean, double Std)> Paper =
        new Dictionary<(string, string), (double, double)>
        {
            [("mnist", "dcgan")] = (4.56, 0.34), [("mnist", "kdegan")] = (4.26, 0.37),
            [("svhn", "dcgan")] = (9.93, 0.12), [("svhn", "kdegan")] = (9.90, 0.13),
            [("cifar10", "dcgan")] = (10.06, 0.40), [("cifar10", "kdegan")] = (10.11, 0.12),
        };

    public string Artifact => "table1";

    public void Render(ReportContext context)
    {
        var runs = RunResults.Find(context.ResultsOf(Artifact));
        if (runs.Count == 0) throw ReportOutputs.NoResults(context, Artifact, "Table1");
        var methods = new[] { "dcgan", "kdegan" };
        var rows = new List<IReadOnlyList<string>>();
        foreach (var byDataset in runs.GroupBy(r => r.Dataset))
        {
            var row = new List<string> { LatexTable.Escape(byDataset.Key) };
            foreach (var method in methods)
            {
                var finals = byDataset.Where(r => r.Method == method).Select(r => r.Final("nn")).OfType<Runs.Evaluation>().ToList();
                row.Add(finals.Count == 0 ? "--" : LatexTable.MeanStd(finals.Average(e => e.Mean), finals.Average(e => e.Std), 2));
                row.Add(Paper.TryGetValue((byDataset.Key, method), out var p) ? LatexTable.MeanStd(p.Mean, p.Std, 2) : "--");
            }
            rows.Add(row);
        }
        LatexTable.Save(ReportOutputs.Table(context, "table1"), "Table1",
            RunResults.Sources(context, runs.Select(r => Runs.EvaluationLog.PathIn(r.Dir))),
            $"Nearest-neighbour distance (mean pixel-wise Euclidean distance $\\pm$ std over generated samples) to the training set, profile {LatexTable.Escape(context.Profile)}; paper: Table 1.",
            "tab:table1", ["dataset", "DCGAN (ours)", "DCGAN (paper)", "KDE-GAN (ours)", "KDE-GAN (paper)"], rows);
    }
}
