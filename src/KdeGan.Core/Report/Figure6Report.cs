namespace KdeGan.Core.Report;

/// <summary>
/// Figure 6: early-training samples, one row every samples.figure6_every iterations from
/// samples.figure6_start (the loop's samples/figure6.png composite), of seed 1 of each method;
/// main.tex sets DCGAN left and KDE-GAN right as in the paper.
/// </summary>
public sealed class Figure6Report : IArtifactReport
{
    public string Artifact => "figure6";

    public void Render(ReportContext context)
    {
        var runs = RunResults.Find(context.ResultsOf(Artifact));
        if (runs.Count == 0) throw ReportOutputs.NoResults(context, Artifact, "Figure6");
        foreach (var run in runs.GroupBy(r => (r.Dataset, r.Method)).Select(g => g.First()))
        {
            if (!File.Exists(run.Paths.Figure6))
                throw new FileNotFoundException($"{run.Paths.Figure6} does not exist: the run ended before samples.figure6_start + figure6_every; rerun the Figure6 target with --force");
            ReportOutputs.CopyImage(context, run.Paths.Figure6, $"figure6-{run.Dataset}-{run.Method}");
        }
    }
}
