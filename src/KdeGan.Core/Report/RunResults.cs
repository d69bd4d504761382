using System.Globalization;
using KdeGan.Core.Runs;

namespace KdeGan.Core.Report;

/// <summary>metrics.csv as numbers: the header's columns and one row per iteration.</summary>
public sealed record MetricsTable(string Path, IReadOnlyList<string> Columns, IReadOnlyList<double[]> Rows)
{
    public bool Has(string column) => Columns.Contains(column);

    /// <summary>Every row's value of <paramref name="column"/>; an error naming the file when absent.</summary>
    public double[] Column(string column)
    {
        var i = Columns.ToList().IndexOf(column);
        if (i < 0) throw new InvalidDataException($"{Path}: expected a column '{column}', found {string.Join(", ", Columns)}");
        return Rows.Select(r => r[i]).ToArray();
    }

    public static MetricsTable Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path} does not exist (run the artifact's target first)");
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0) throw new InvalidDataException($"{path}: expected a header line, found an empty file");
        var columns = lines[0].Split(',');
        var rows = new List<double[]>();
        for (var i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != columns.Length)
                throw new InvalidDataException($"{path}: line {i + 1} has {cells.Length} cells, the header {columns.Length}");
            rows.Add(cells.Select(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                : throw new InvalidDataException($"{path}: line {i + 1}: expected a number, found '{c}'")).ToArray());
        }
        return new MetricsTable(path, columns, rows);
    }
}

/// <summary>One stored run: where it is, what it is (from its folder names) and how it ended.</summary>
public sealed record RunResult(string Dir, string Dataset, string Method, string? Phase, int Seed, RunManifest Manifest)
{
    public RunPaths Paths => new(Dir);
    public MetricsTable Metrics() => MetricsTable.Read(Paths.Metrics);
    public IReadOnlyList<Evaluation> Evaluations() => EvaluationLog.Read(Dir);

    /// <summary>The evaluation of <paramref name="metric"/> at the run's last evaluated iteration, if any.</summary>
    public Evaluation? Final(string metric) =>
        Evaluations().Where(e => e.Metric == metric).OrderBy(e => e.Iteration).LastOrDefault();
}

/// <summary>Finds the runs of results/&lt;artifact&gt;/&lt;profile&gt;: &lt;dataset&gt;/&lt;method&gt;[/&lt;phase&gt;]/seed-&lt;k&gt;/manifest.json.</summary>
public static class RunResults
{
    /// <summary>Completed runs below <paramref name="artifactDir"/>, ordered by dataset, method, phase, seed; none when the folder is absent.</summary>
    public static IReadOnlyList<RunResult> Find(string artifactDir)
    {
        if (!Directory.Exists(artifactDir)) return [];
        var runs = new List<RunResult>();
        foreach (var manifest in Directory.EnumerateFiles(artifactDir, "manifest.json", SearchOption.AllDirectories))
        {
            var dir = Path.GetDirectoryName(manifest)!;
            var parts = Path.GetRelativePath(artifactDir, dir).Split(Path.DirectorySeparatorChar);
            if (parts.Length is not (3 or 4) || !parts[^1].StartsWith("seed-", StringComparison.Ordinal)
                || !int.TryParse(parts[^1]["seed-".Length..], CultureInfo.InvariantCulture, out var seed))
                throw new InvalidDataException($"{dir}: expected <dataset>/<method>[/<phase>]/seed-<k> below {artifactDir}");
            var m = RunManifest.Load(manifest);
            if (m.Status != "completed") continue;
            runs.Add(new RunResult(dir, parts[0], parts[1], parts.Length == 4 ? parts[2] : null, seed, m));
        }
        return runs.OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
            .ThenBy(r => r.Phase, StringComparer.Ordinal).ThenBy(r => r.Seed).ToList();
    }

    /// <summary>Mean and population std of one value per run (null std for a single run), as the tables show them.</summary>
    public static (double Mean, double? Std) MeanStd(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values to summarise");
        var mean = values.Average();
        return (mean, values.Count == 1 ? null : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count));
    }

    /// <summary>Sources line for generated files: paths relative to the results root's parent.</summary>
    public static IEnumerable<string> Sources(ReportContext context, IEnumerable<string> files) =>
        files.Select(f => Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(context.ResultsRoot))!, f));
}
