namespace KdeGan.Core.Metrics;

/// <summary>
/// One reported number with what it depends on: the metric, its mean and standard deviation
/// (population std over splits/subsets/samples; 0 where there is none), how many real and
/// generated samples went in, and which scorer (or "pixels") produced the inputs.
/// </summary>
public sealed record MetricResult(string Metric, double Mean, double Std, long NReal, long NFake, string Scorer)
{
    /// <summary>The mean and population standard deviation of per-split (per-subset, per-sample) values.</summary>
    public static MetricResult OfValues(string metric, IReadOnlyCollection<double> values, long nReal, long nFake, string scorer)
    {
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
        return new MetricResult(metric, mean, std, nReal, nFake, scorer);
    }

    public override string ToString() => $"{Metric} = {Mean:G6} ± {Std:G4} (n_real={NReal}, n_fake={NFake}, scorer={Scorer})";
}
