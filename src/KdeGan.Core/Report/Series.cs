namespace KdeGan.Core.Report;

/// <summary>
/// One line of a figure: y over x, with an optional standard deviation per point that the
/// figure draws as a shaded band (mean ± std over seeds).
/// </summary>
public sealed record Series(string Label, double[] X, double[] Y, double[]? Std = null)
{
    /// <summary>Checks that the arrays line up; the message names the series.</summary>
    public void Validate()
    {
        if (X.Length != Y.Length)
            throw new ArgumentException($"series '{Label}': {X.Length} x values but {Y.Length} y values");
        if (Std is { } s && s.Length != Y.Length)
            throw new ArgumentException($"series '{Label}': {Y.Length} y values but {s.Length} std values");
    }

    /// <summary>Mean and population std, point by point, of several runs of equal length (one per seed).</summary>
    public static Series MeanOverRuns(string label, double[] x, IReadOnlyList<double[]> runs)
    {
        if (runs.Count == 0) throw new ArgumentException($"series '{label}': no runs to average");
        if (runs.Any(r => r.Length != x.Length))
            throw new ArgumentException($"series '{label}': runs of lengths {string.Join(", ", runs.Select(r => r.Length))}, expected {x.Length}");
        var mean = new double[x.Length];
        var std = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var m = runs.Average(r => r[i]);
            mean[i] = m;
            std[i] = Math.Sqrt(runs.Average(r => (r[i] - m) * (r[i] - m)));
        }
        return new Series(label, x, mean, runs.Count > 1 ? std : null);
    }
}
