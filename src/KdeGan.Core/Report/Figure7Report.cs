namespace KdeGan.Core.Report;

/// <summary>
/// Figure 7: dataset images beside the final fixed-noise samples of each method (seed 1). The
/// dataset grid is samples/dataset.png, written by `kdegan score` from the training split.
/// </summary>
public sealed class Figure7Report : IArtifactReport
{
    public const string DatasetGrid = "dataset.png";

    public string Artifact => "figure7";

    public void Render(ReportContext context)
    {
        var runs = RunResults.Find(context.ResultsOf(Artifact));
        if (runs.Count == 0) throw ReportOutputs.NoResults(context, Artifact, "Figure7");
        foreach (var byDataset in runs.GroupBy(r => r.Dataset))
        {
            foreach (var run in byDataset.GroupBy(r => r.Method).Select(g => g.First()))
            {
                if (!File.Exists(run.Paths.FinalSamples)) throw new FileNotFoundException($"{run.Paths.FinalSamples} does not exist; rerun the Figure7 target with --force");
                ReportOutputs.CopyImage(context, run.Paths.FinalSamples, $"figure7-{run.Dataset}-{run.Method}");
            }
            var data = byDataset.Select(r => Path.Combine(r.Paths.Samples, DatasetGrid)).FirstOrDefault(File.Exists);
            if (data is not null) ReportOutputs.CopyImage(context, data, $"figure7-{byDataset.Key}-data");
        }
    }
}
