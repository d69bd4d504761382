using System.Globalization;
using System.Text.Json;
using KdeGan.Core.Report;

namespace KdeGan.Core.Runs;

/// <summary>One guarded number: the run it belongs to, its name, the stored value and how far a rerun may stray.</summary>
public sealed record BaselineValue(string Run, string Metric, double Value, double Tolerance);

/// <summary>A value that strayed: what was expected, what came out (NaN when missing) and the tolerance.</summary>
public sealed record RegressionDifference(string Artifact, string Run, string Metric, double Expected, double Got, double Tolerance)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Artifact} {Run} {Metric}: expected {Expected:R}, got {(double.IsNaN(Got) ? "nothing" : Got.ToString("R", CultureInfo.InvariantCulture))}, tolerance {Tolerance:G3}");
}

/// <summary>
/// results/baselines/&lt;artifact&gt;.json: which smoke runs to redo (experiment, datasets, methods,
/// overrides) and the numbers they gave: the last metrics.csv row's d_loss and g_loss and every
/// evaluation (metric@iteration). A value passes when |got - expected| &lt;= tolerance x max(1, |expected|).
/// The default tolerance, 1e-5, is far below what any change of code or setting produces, yet
/// leaves room for float32 kernels that vectorise differently on another CPU (on one machine at
/// one thread, reruns are bit-identical).
/// </summary>
public sealed record RegressionBaseline
{
    public const double DefaultTolerance = 1e-5;

    public required string Artifact { get; init; }
    public required string Experiment { get; init; }
    public string Profile { get; init; } = "smoke";
    public required string[] Datasets { get; init; }
    public required string[] Methods { get; init; }
    public string[] Overrides { get; init; } = ["system.threads=1"];
    public List<BaselineValue> Values { get; init; } = [];

    public static RegressionBaseline Load(string path) => SettingsJson.Read<RegressionBaseline>(SettingsJson.ParseFile(path), path);

    public void Save(string path) => AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, SettingsJson.Options));

    /// <summary>The request that reruns this baseline's runs into <paramref name="resultsRoot"/>, from scratch.</summary>
    public ExperimentRequest Request(string repositoryRoot, string resultsRoot, string? dataDir) => new()
    {
        ExperimentPath = Path.Combine(repositoryRoot, Experiment),
        Profile = Profile,
        Seeds = 1,
        Datasets = Datasets,
        Methods = Methods,
        Overrides = Overrides,
        Force = true,
        ResultsRoot = resultsRoot,
        DataDir = dataDir,
    };

    /// <summary>The guarded numbers of the runs stored for this baseline's artifact below <paramref name="resultsRoot"/>.</summary>
    public IReadOnlyList<BaselineValue> Collect(string resultsRoot, double tolerance = DefaultTolerance)
    {
        var values = new List<BaselineValue>();
        foreach (var run in RunResults.Find(Path.Combine(resultsRoot, Artifact, Profile)))
        {
            var name = Path.GetRelativePath(Path.Combine(resultsRoot, Artifact, Profile), run.Dir).Replace(Path.DirectorySeparatorChar, '/');
            var metrics = run.Metrics();
            foreach (var column in new[] { "d_loss", "g_loss" })
                values.Add(new BaselineValue(name, $"{column}@{run.Manifest.IterationsDone}", metrics.Column(column)[^1], tolerance));
            values.AddRange(run.Evaluations().Select(e => new BaselineValue(name, $"{e.Metric}@{e.Iteration}", e.Mean, tolerance)));
        }
        return values;
    }

    /// <summary>Every expected value that is missing from <paramref name="got"/> or strays beyond its tolerance.</summary>
    public IReadOnlyList<RegressionDifference> Compare(IReadOnlyList<BaselineValue> got)
    {
        var differences = new List<RegressionDifference>();
        foreach (var expected in Values)
        {
            var match = got.FirstOrDefault(g => g.Run == expected.Run && g.Metric == expected.Metric);
            var value = match?.Value ?? double.NaN;
            var within = Math.Abs(value - expected.Value) <= expected.Tolerance * Math.Max(1, Math.Abs(expected.Value));
            if (!within && !(double.IsInfinity(value) && value == expected.Value))
                differences.Add(new RegressionDifference(Artifact, expected.Run, expected.Metric, expected.Value, value, expected.Tolerance));
        }
        return differences;
    }
}
