using KdeGan.Core.Latent;
using KdeGan.Core.Runs;

namespace KdeGan.Core.Training;

/// <summary>
/// Turns the `reversal`, `mmd` and `kde` settings sections into the Latent types KDE-GAN runs on;
/// a bad value is a <see cref="SettingsException"/> naming the key, what was expected and what was found.
/// </summary>
public static class KdeGanOptions
{
    const string Source = "resolved settings";

    /// <summary>Reversal settings with the MMD rule from `mmd` (none when mmd.threshold is null).</summary>
    public static ReversalSettings Reversal(RunSettings settings)
    {
        var (r, m) = (settings.Reversal, settings.Mmd);
        var loss = r.Loss switch
        {
            "sum_over_pixels" => ReversalLoss.SumOverPixels,
            "mean_over_pixels" => ReversalLoss.MeanOverPixels,
            _ => throw new SettingsException(Source, "reversal.loss", $"\"sum_over_pixels\" or \"mean_over_pixels\", found \"{r.Loss}\""),
        };
        var kernel = m.Kernel switch
        {
            "gamma" => RbfKernel.WithGamma(m.Scale),
            "sigma" => RbfKernel.WithSigma(m.Scale),
            _ => throw new SettingsException(Source, "mmd.kernel", $"\"gamma\" or \"sigma\", found \"{m.Kernel}\""),
        };
        var result = new ReversalSettings
        {
            MaxSteps = r.MaxSteps,
            LearningRate = r.LearningRate,
            InitialStd = r.InitialStd,
            Loss = loss,
            LossThreshold = r.LossThreshold,
            MmdThreshold = m.Threshold,
            MmdKernel = kernel,
            UseBatchStatistics = r.UseBatchStatistics,
        };
        try
        {
            result.Validate();
        }
        catch (ArgumentException e)
        {
            throw new SettingsException(Source, "reversal / mmd", e.Message);
        }
        return result;
    }

    /// <summary>The KDE settings of the `kde` section.</summary>
    public static KdeSettings Kde(RunSettings settings)
    {
        var k = settings.Kde;
        var rule = k.BandwidthRule switch
        {
            "scott" => BandwidthRule.Scott,
            "silverman" => BandwidthRule.Silverman,
            "fixed" => BandwidthRule.Fixed,
            "holdout" => BandwidthRule.Holdout,
            _ => throw new SettingsException(Source, "kde.bandwidth_rule", $"\"scott\", \"silverman\", \"fixed\" or \"holdout\", found \"{k.BandwidthRule}\""),
        };
        var result = new KdeSettings
        {
            Rule = rule, Bandwidth = k.Bandwidth, Candidates = k.Candidates, HoldoutFraction = k.HoldoutFraction, BackgroundWeight = k.BackgroundWeight,
        };
        try
        {
            result.Validate();
        }
        catch (ArgumentException e)
        {
            throw new SettingsException(Source, "kde", e.Message);
        }
        return result;
    }

    /// <summary>An empty code bank as reversal.bank says; per_example needs the training set size.</summary>
    public static CodeBank Bank(RunSettings settings, long trainCount)
    {
        var r = settings.Reversal;
        var dim = settings.Model.LatentDim;
        return r.Bank switch
        {
            "current_batch" => CodeBank.CurrentBatch(dim),
            "window" when r.WindowBatches >= 1 => CodeBank.Window(dim, r.WindowBatches),
            "window" => throw new SettingsException(Source, "reversal.window_batches", $"at least 1, found {r.WindowBatches}"),
            "per_example" when trainCount >= 1 => CodeBank.PerExample(dim, trainCount),
            "per_example" => throw new SettingsException(Source, "reversal.bank",
                "\"per_example\" needs the number of training images (GanContext.TrainCount), found none"),
            _ => throw new SettingsException(Source, "reversal.bank", $"\"current_batch\", \"window\" or \"per_example\", found \"{r.Bank}\""),
        };
    }
}
