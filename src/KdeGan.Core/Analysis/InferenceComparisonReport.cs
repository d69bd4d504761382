using System.Globalization;
using System.Text;
using System.Text.Json;
using KdeGan.Core.Report;
using KdeGan.Core.Runs;

namespace KdeGan.Core.Analysis;

/// <summary>What a comparison was run on, recorded beside the numbers.</summary>
public sealed record InferenceComparisonInfo(string RunDir, string Dataset, int Seed, long CheckpointIteration,
    double ReversalLearningRate, double ReversalInitialStd, string ReversalLoss, int Threads);

/// <summary>
/// Writes a <see cref="LatentInferenceComparison"/> result into the run folder:
/// inference-comparison.csv (one row per method and step count), .json (the rows plus
/// <see cref="InferenceComparisonInfo"/>) and .tex (a booktabs table). All writes atomic.
/// </summary>
public static class InferenceComparisonReport
{
    public const string BaseName = "inference-comparison";
    public const string Target = "BiganInference";

    /// <summary>Writes the three files and returns their paths.</summary>
    public static IReadOnlyList<string> Write(string dir, InferenceComparisonInfo info, IReadOnlyList<InferenceRow> rows)
    {
        var csv = Path.Combine(dir, BaseName + ".csv");
        var json = Path.Combine(dir, BaseName + ".json");
        var tex = Path.Combine(dir, BaseName + ".tex");
        AtomicFile.WriteAllText(csv, Csv(rows));
        AtomicFile.WriteAllText(json, JsonSerializer.Serialize(new { info, rows }, SettingsJson.Options));
        LatexTable.Save(tex, Target, [csv], Caption(info, rows), "tab:bigan-inference",
            ["codes from", "steps", "$\\lVert G(z) - x \\rVert$", "ms / image"],
            [.. rows.Select(r => (IReadOnlyList<string>)[
                LatexTable.Escape(r.Method), r.Steps.ToString(CultureInfo.InvariantCulture),
                LatexTable.MeanStd(r.ReconMean, r.ReconStd, 2), LatexTable.Number(r.MillisecondsPerImage, 2)])]);
        return [csv, json, tex];
    }

    static string Csv(IReadOnlyList<InferenceRow> rows)
    {
        var sb = new StringBuilder("method,steps,count,recon_mean,recon_std,seconds,ms_per_image\n");
        foreach (var r in rows)
            sb.Append(string.Join(",", r.Method, r.Steps, r.Count, F(r.ReconMean), F(r.ReconStd), F(r.Seconds), F(r.MillisecondsPerImage))).Append('\n');
        return sb.ToString();
    }

    static string Caption(InferenceComparisonInfo info, IReadOnlyList<InferenceRow> rows) =>
        $"Latent inference on a trained BiGAN ({LatexTable.Escape(info.Dataset)}, seed {info.Seed}, iteration {info.CheckpointIteration}): " +
        $"reconstruction error (mean $\\pm$ std over {rows[0].Count} test images) and wall time per image on {info.Threads} thread(s), " +
        $"for the encoder, reversal from $z_0 \\sim \\mathcal{{N}}(0, {F(info.ReversalInitialStd)}^2 I)$ and reversal started at $E(x)$ " +
        $"(learning rate {F(info.ReversalLearningRate)}).";

    static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
