namespace KdeGan.Core.Report;

/// <summary>What the training-artifact reports share: method labels, output placement, curves over seeds.</summary>
public static class ReportOutputs
{
    /// <summary>The paper's name of a method (vanilla DCGAN, KDE-GAN, BiGAN).</summary>
    public static string MethodLabel(string method) => method switch
    {
        "dcgan" => "DCGAN",
        "kdegan" => "KDE-GAN",
        "bigan" => "BiGAN",
        _ => method,
    };

    /// <summary>
    /// Writes a figure into results/figures/&lt;profile&gt;/ with <paramref name="save"/> (given the
    /// path without extension) and copies every file it made (PNG, SVG) to paper/figures/.
    /// </summary>
    public static void Figure(ReportContext context, string name, Action<string> save)
    {
        Directory.CreateDirectory(context.ResultsFigures);
        Directory.CreateDirectory(context.PaperFigures);
        save(Path.Combine(context.ResultsFigures, name));
        foreach (var file in Directory.EnumerateFiles(context.ResultsFigures, name + ".*"))
            File.Copy(file, Path.Combine(context.PaperFigures, Path.GetFileName(file)), overwrite: true);
    }

    /// <summary>Copies one image file as figure <paramref name="name"/> (.png) into both figure folders.</summary>
    public static void CopyImage(ReportContext context, string source, string name) =>
        Figure(context, name, target => File.Copy(source, target + ".png", overwrite: true));

    /// <summary>The LaTeX table's path in paper/tables/ (folder created).</summary>
    public static string Table(ReportContext context, string name)
    {
        Directory.CreateDirectory(context.PaperTables);
        return Path.Combine(context.PaperTables, name + ".tex");
    }

    /// <summary>
    /// Mean ± std over seeds of a per-iteration metrics.csv quantity, cut to the shortest run and
    /// smoothed with a centred moving average over <paramref name="window"/> iterations.
    /// </summary>
    public static Series CurveOverSeeds(string label, IReadOnlyList<RunResult> runs, Func<MetricsTable, double[]> value, int window)
    {
        var tables = runs.Select(r => r.Metrics()).ToList();
        var length = tables.Min(t => t.Rows.Count);
        var x = tables[0].Column("iteration")[..length];
        var ys = tables.Select(t => Smooth(value(t)[..length], window)).ToList();
        return Series.MeanOverRuns(label, x, ys);
    }

    /// <summary>Centred moving average; the window shrinks at the ends.</summary>
    public static double[] Smooth(double[] values, int window)
    {
        if (window <= 1) return values;
        var half = window / 2;
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var (from, to) = (Math.Max(0, i - half), Math.Min(values.Length - 1, i + half));
            var sum = 0.0;
            for (var j = from; j <= to; j++) sum += values[j];
            result[i] = sum / (to - from + 1);
        }
        return result;
    }

    /// <summary>A smoothing window of about a fiftieth of the run.</summary>
    public static int WindowFor(IReadOnlyList<RunResult> runs) =>
        Math.Max(1, (int)(runs.Min(r => r.Manifest.IterationsDone) / 50));

    /// <summary>Missing results: the message names the folder and the target to run.</summary>
    public static InvalidOperationException NoResults(ReportContext context, string artifact, string target) =>
        new($"no completed runs in {context.ResultsOf(artifact)}; run `dotnet fsi build.fsx -t {target} -- --profile {context.Profile}`");
}
