using System.Text.Json.Nodes;

namespace KdeGan.Core.Report;

/// <summary>
/// The wall-clock overhead table: time of an iteration with k generator reversal steps relative
/// to one without, ours (results/bench/reversal-overhead.json, written by `kdegan bench`) beside
/// the paper's TensorFlow figures. The bench file holds objects with a step count
/// ("reversal_steps" or "steps") and a ratio (a key containing "ratio"), at its top level or in
/// an array property.
/// </summary>
public sealed class WallClockReport : IArtifactReport
{
    /// <summary>Appendix A, last paragraph: 5, 20, 50 reversal steps take 1.9, 4.9, 9.8 times an iteration without.</summary>
    public static readonly IReadOnlyDictionary<int, double> Paper = new Dictionary<int, double> { [5] = 1.9, [20] = 4.9, [50] = 9.8 };

    public string Artifact => "wallclock";

    public static string BenchFile(ReportContext context) => Path.Combine(context.ResultsRoot, "bench", "reversal-overhead.json");

    public void Render(ReportContext context)
    {
        var file = BenchFile(context);
        if (!File.Exists(file)) throw new InvalidOperationException($"{file} does not exist; run the WallClock target (`kdegan bench reversal-overhead`)");
        var ours = Read(file);
        var steps = ours.Keys.Union(Paper.Keys).Order().ToList();
        var rows = steps.Select(k => (IReadOnlyList<string>)[k.ToString(System.Globalization.CultureInfo.InvariantCulture),
            LatexTable.Number(ours.TryGetValue(k, out var o) ? o : null, 2), LatexTable.Number(Paper.TryGetValue(k, out var p) ? p : null, 1)]).ToList();
        LatexTable.Save(ReportOutputs.Table(context, "wallclock"), "WallClock", RunResults.Sources(context, [file]),
            "Time of a training iteration with $k$ generator reversal steps relative to one without (ours: TorchSharp on CPU; paper: TensorFlow).",
            "tab:wallclock", ["reversal steps", "ratio (ours)", "ratio (paper)"], rows);
    }

    /// <summary>Step count to ratio from the bench file; errors name the file and what was expected.</summary>
    public static IReadOnlyDictionary<int, double> Read(string file)
    {
        var root = JsonNode.Parse(File.ReadAllText(file));
        var candidates = root is JsonArray top ? [top] : root is JsonObject o ? o.Select(p => p.Value).OfType<JsonArray>().ToList() : [];
        foreach (var array in candidates)
        {
            var pairs = array.OfType<JsonObject>().Select(Pair).ToList();
            if (pairs.Count > 0 && pairs.All(p => p is not null)) return pairs.ToDictionary(p => p!.Value.Steps, p => p!.Value.Ratio);
        }
        throw new InvalidDataException($"{file}: expected an array of objects with \"reversal_steps\" (or \"steps\") and a \"...ratio...\" number");
    }

    static (int Steps, double Ratio)? Pair(JsonObject row)
    {
        var steps = row["reversal_steps"] ?? row["steps"];
        var ratio = row.FirstOrDefault(p => p.Key.Contains("ratio", StringComparison.OrdinalIgnoreCase)).Value;
        return steps is JsonValue s && ratio is JsonValue r && s.TryGetValue<int>(out var k) && r.TryGetValue<double>(out var v) ? (k, v) : null;
    }
}
