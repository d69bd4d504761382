using System.Globalization;
using System.Text;
using KdeGan.Core.Runs;

namespace KdeGan.Core.Training;

/// <summary>
/// metrics.csv: one row per iteration, columns <see cref="BaseColumns"/> then the method's extra
/// columns. Rows are kept in memory and the whole file is rewritten atomically on
/// <see cref="Flush"/>; numbers use the shortest round-trip form, so equal values give equal text.
/// </summary>
public sealed class MetricsLog(string path, IReadOnlyList<string> extraColumns)
{
    public static readonly IReadOnlyList<string> BaseColumns =
        ["iteration", "epoch", "d_loss", "g_loss", "d_acc_real", "d_acc_fake", "seconds"];

    private readonly List<string> rows = [];

    public string Header { get; } = string.Join(",", BaseColumns.Concat(extraColumns));

    public int Count => rows.Count;

    public void Add(long iteration, int epoch, UpdateLosses losses, double seconds, IReadOnlyDictionary<string, double> extras)
    {
        var values = new List<string> { iteration.ToString(CultureInfo.InvariantCulture), epoch.ToString(CultureInfo.InvariantCulture) };
        values.AddRange(new[] { losses.DLoss, losses.GLoss, losses.DAccReal, losses.DAccFake, seconds }.Select(Format));
        foreach (var column in extraColumns)
            values.Add(extras.TryGetValue(column, out var v) ? Format(v)
                : throw new InvalidOperationException($"method did not report metric column '{column}' at iteration {iteration}"));
        rows.Add(string.Join(",", values));
    }

    /// <summary>On resume: reads the rows written before, keeping those up to <paramref name="lastIteration"/> (the checkpoint's).</summary>
    public void Restore(long lastIteration)
    {
        rows.Clear();
        if (!File.Exists(path)) return;
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != Header)
            throw new InvalidDataException($"{path}: expected header '{Header}', found '{(lines.Length == 0 ? "" : lines[0])}'");
        rows.AddRange(lines.Skip(1).Where(l => long.Parse(l[..l.IndexOf(',')], CultureInfo.InvariantCulture) <= lastIteration));
    }

    public void Flush()
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var row in rows) text.Append(row).Append('\n');
        AtomicFile.WriteAllText(path, text.ToString());
    }

    static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
