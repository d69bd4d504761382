namespace KdeGan.Core.Runs;

/// <summary>
/// The layout of one run folder, results/&lt;artifact&gt;/&lt;profile&gt;/&lt;dataset&gt;/&lt;method&gt;/seed-&lt;k&gt;/
/// (the dataset level keeps experiments over several datasets apart):
/// config.json, manifest.json, metrics.csv, log.txt, samples/, checkpoints/ (git-ignored), tensorboard/.
/// </summary>
public sealed record RunPaths(string Root)
{
    /// <summary>The default folder of a run below <paramref name="resultsRoot"/>.</summary>
    public static RunPaths For(string resultsRoot, ResolvedConfig config) => new(Path.Combine(
        resultsRoot, config.Artifact, config.Profile, config.Dataset, config.Method, $"seed-{config.Seed}"));

    public string Config => Path.Combine(Root, "config.json");
    public string Manifest => Path.Combine(Root, "manifest.json");
    public string Metrics => Path.Combine(Root, "metrics.csv");
    public string Log => Path.Combine(Root, "log.txt");
    public string Samples => Path.Combine(Root, "samples");
    /// <summary>One row PNG per Figure 6 step (row-&lt;step&gt;.png); the composite is samples/figure6.png.</summary>
    public string Figure6Rows => Path.Combine(Samples, "figure6");
    public string Figure6 => Path.Combine(Samples, "figure6.png");
    public string FinalSamples => Path.Combine(Samples, "final.png");
    public string Checkpoints => Path.Combine(Root, "checkpoints");
    /// <summary>The latest good checkpoint; replaced atomically, so it is never half-written.</summary>
    public string LastCheckpoint => Path.Combine(Checkpoints, "last.ckpt");
    public string Tensorboard => Path.Combine(Root, "tensorboard");

    /// <summary>The periodic grid of iteration <paramref name="iteration"/>.</summary>
    public string SampleGrid(long iteration) => Path.Combine(Samples, $"step-{iteration:D7}.png");
    public string Figure6Row(long iteration) => Path.Combine(Figure6Rows, $"row-{iteration:D7}.png");
}
