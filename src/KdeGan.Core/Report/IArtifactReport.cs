namespace KdeGan.Core.Report;

/// <summary>
/// Renders one paper artifact (a figure or table) from stored results only: it reads
/// results/&lt;artifact&gt;/&lt;profile&gt;/... and writes PNG/SVG/LaTeX, and never trains or
/// recomputes anything. Missing results are an error that names the files and the target to run.
/// </summary>
public interface IArtifactReport
{
    /// <summary>The artifact name as in experiments/&lt;artifact&gt;.json and results/&lt;artifact&gt;/ (e.g. "figure5").</summary>
    string Artifact { get; }

    void Render(ReportContext context);
}

/// <summary>Where a report reads results and writes its outputs.</summary>
public sealed record ReportContext(string ResultsRoot, string Profile, string PaperDir)
{
    /// <summary>results/&lt;artifact&gt;/&lt;profile&gt;: the artifact's stored results.</summary>
    public string ResultsOf(string artifact) => Path.Combine(ResultsRoot, artifact, Profile);
    /// <summary>results/figures/&lt;profile&gt;: every rendered figure, beside the results.</summary>
    public string ResultsFigures => Path.Combine(ResultsRoot, "figures", Profile);
    /// <summary>paper/figures and paper/tables, where main.tex includes them from.</summary>
    public string PaperFigures => Path.Combine(PaperDir, "figures");
    public string PaperTables => Path.Combine(PaperDir, "tables");
}
