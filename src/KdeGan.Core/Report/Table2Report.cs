namespace KdeGan.Core.Report;

/// <summary>
/// Table 2: MNIST1000 inception score (1000-way, product of per-slot digit softmaxes) of the
/// final generator of each phase, restricted (digits 6-9), full data continuing from the
/// restricted run, and full data from the start; mean ± std over seeds, the paper's value
/// beside ours; a second table gives the modes covered and the KL divergence to the data's modes.
/// </summary>
public sealed class Table2Report : IArtifactReport
{
    public static readonly IReadOnlyList<string> Phases = ["restricted", "after_restriction", "full"];
    public static readonly IReadOnlyList<string> Methods = ["dcgan", "bigan", "kdegan"];

    /// <summary>Appendix D, Table 2 of the paper (docs/PAPER.txt; the text has no page numbers): inception score per method and phase.</summary>
    public static readonly IReadOnlyDictionary<(string Method, string Phase), double> Paper = new Dictionary<(string, string), double>
    {
        [("dcgan", "restricted")] = 107, [("dcgan", "after_restriction")] = 196, [("dcgan", "full")] = 248,
        [("bigan", "restricted")] = 102, [("bigan", "after_restriction")] = 200, [("bigan", "full")] = 265,
        [("kdegan", "restricted")] = 99, [("kdegan", "after_restriction")] = 289, [("kdegan", "full")] = 291,
    };

    public string Artifact => "table2";

    public void Render(ReportContext context)
    {
        var runs = RunResults.Find(context.ResultsOf(Artifact)).Where(r => r.Dataset == "mnist1000").ToList();
        if (runs.Count == 0) throw ReportOutputs.NoResults(context, Artifact, "Table2");
        var sources = RunResults.Sources(context, runs.Select(r => Runs.EvaluationLog.PathIn(r.Dir))).ToList();
        var label = (string m) => m == "kdegan" ? "Generator Reversal" : m == "dcgan" ? "Vanilla GAN" : ReportOutputs.MethodLabel(m);
        var scores = Methods.Select(m => (IReadOnlyList<string>)[label(m), .. Phases.Select(p => Cell(runs, m, p, "is", 1) + " (" + Paper[(m, p)] + ")")]).ToList();
        LatexTable.Save(ReportOutputs.Table(context, "table2"), "Table2", sources,
            $"MNIST1000 inception score, ours (paper's Table 2 in brackets); restricted: digits 6--9 only; profile {LatexTable.Escape(context.Profile)}.",
            "tab:table2", ["method", "restricted", "full after restriction", "full"], scores);
        var modes = Methods.Select(m => (IReadOnlyList<string>)[label(m), .. Phases.SelectMany(p => new[] { Cell(runs, m, p, "modes", 0), Cell(runs, m, p, "kl", 2) })]).ToList();
        LatexTable.Save(ReportOutputs.Table(context, "table2-modes"), "Table2", sources,
            $"MNIST1000 modes covered (of 1000) and KL divergence to the data's mode distribution (not in the paper); profile {LatexTable.Escape(context.Profile)}.",
            "tab:table2-modes", ["method", .. Phases.SelectMany(p => new[] { $"modes ({p.Replace('_', ' ')})", $"KL ({p.Replace('_', ' ')})" })], modes);
    }

    static string Cell(IReadOnlyList<RunResult> runs, string method, string phase, string metric, int decimals)
    {
        var finals = runs.Where(r => r.Method == method && r.Phase == phase).Select(r => r.Final(metric)).OfType<Runs.Evaluation>().Select(e => e.Mean).ToList();
        if (finals.Count == 0) return "--";
        if (finals.Any(double.IsPositiveInfinity)) return "$\\infty$";
        var (mean, std) = RunResults.MeanStd(finals);
        return LatexTable.MeanStd(mean, std, decimals);
    }
}
