namespace KdeGan.Core.Metrics;

/// <summary>
/// One reported number with what it depends on: the metric, its mean and standard deviation
/// (population std over splits/subsets/samples; 0 where there is none), how many real and
/// generated samples went in, and which scorer (or "pixels") produced the inputs.
/// </summary>
public sealed record MetricResult(string Metric, double Mean, double Std, long NReal, long NFake, string Scorer)
{
    public override string ToString() => $"{Metric} = {Mean:G6} ± {Std:G4} (n_real={NReal}, n_fake={NFake}, scorer={Scorer})";
}
