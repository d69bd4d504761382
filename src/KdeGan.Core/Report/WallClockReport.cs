using System.Globalization;
using System.Text.Json.Nodes;

namespace KdeGan.Core.Report;

/// <summary>
/// The wall-clock overhead table: time of a training iteration with k generator reversal steps
/// relative to one without, ours per measured network width (results/bench/reversal-overhead.json
/// from `kdegan bench reversal-overhead`: widths[].iterations[].steps / ratio_to_zero) beside the
/// paper's TensorFlow figures.
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
        if (!File.Exists(file)) throw new InvalidOperationException($"{file} does not exist; run the WallClock target with --profile cpu (`kdegan bench reversal-overhead`)");
        var ours = Read(file);
        var steps = ours.SelectMany(w => w.Ratios.Keys).Union(Paper.Keys).Where(k => k > 0).Order().ToList();
        var rows = steps.Select(k => (IReadOnlyList<string>)[k.ToString(CultureInfo.InvariantCulture),
            .. ours.Select(w => LatexTable.Number(w.Ratios.TryGetValue(k, out var o) ? o : null, 2)),
            LatexTable.Number(Paper.TryGetValue(k, out var p) ? p : null, 1)]).ToList();
        LatexTable.Save(ReportOutputs.Table(context, "wallclock"), "WallClock", RunResults.Sources(context, [file]),
            "Wall-clock time of a training iteration with $k$ generator reversal steps relative to one without (ours: TorchSharp on a shared 2-core CPU, per network width; paper: TensorFlow).",
            "tab:wallclock", ["reversal steps", .. ours.Select(w => LatexTable.Escape($"ours ({w.Profile} width {w.Width.ToString(CultureInfo.InvariantCulture)})")), "paper"], rows);
    }

    /// <summary>Per measured width: its profile, width and steps-to-ratio; errors name the file and what was expected.</summary>
    public static IReadOnlyList<(string Profile, double Width, IReadOnlyDictionary<int, double> Ratios)> Read(string file)
    {
        try
        {
            var widths = JsonNode.Parse(File.ReadAllText(file))?["widths"] as JsonArray ?? throw new InvalidDataException("no \"widths\" array");
            return widths.Select(w => (w!["profile"]!.GetValue<string>(), w["width"]!.GetValue<double>(),
                (IReadOnlyDictionary<int, double>)w["iterations"]!.AsArray().ToDictionary(r => r!["steps"]!.GetValue<int>(), r => r!["ratio_to_zero"]!.GetValue<double>()))).ToList();
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or NullReferenceException or System.Text.Json.JsonException)
        {
            throw new InvalidDataException($"{file}: expected widths[] with profile, width and iterations[] of steps and ratio_to_zero ({e.Message})");
        }
    }
}
