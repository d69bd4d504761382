namespace KdeGan.Core.Latent;

/// <summary>How the KDE bandwidth h is chosen.</summary>
public enum BandwidthRule
{
    /// <summary>h = KdeSettings.Bandwidth.</summary>
    Fixed,

    /// <summary>Scott: h = s n^(-1/(d+4)), s = sqrt of the mean per-dimension variance of the codes.</summary>
    Scott,

    /// <summary>Silverman: h = s (4 / (n (d + 2)))^(1/(d+4)), s as for Scott.</summary>
    Silverman,

    /// <summary>The candidate with the highest mean log-density of held-out codes under a KDE of the rest.</summary>
    Holdout,
}

/// <summary>Settings of the kernel density prior over reversed codes.</summary>
public sealed record KdeSettings
{
    /// <summary>How h is chosen.</summary>
    public BandwidthRule Rule { get; init; } = BandwidthRule.Scott;

    /// <summary>h for <see cref="BandwidthRule.Fixed"/>.</summary>
    public double Bandwidth { get; init; } = 0.1;

    /// <summary>Candidates for <see cref="BandwidthRule.Holdout"/>.</summary>
    public IReadOnlyList<double> Candidates { get; init; } = [0.01, 0.03, 0.1, 0.3, 1.0];

    /// <summary>Share of the codes held out for <see cref="BandwidthRule.Holdout"/> (a random split).</summary>
    public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>lambda: weight of the N(0, I) background in the mixture (0 = pure KDE).</summary>
    public double BackgroundWeight { get; init; }

    /// <summary>Rows per block in log-density evaluation: blocks of ChunkSize x ChunkSize float64 distances.</summary>
    public int ChunkSize { get; init; } = 2048;

    /// <summary>Throws naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        static void Require(bool ok, string name, string expected, object found)
        {
            if (!ok) throw new ArgumentException($"KDE setting {name}: expected {expected}, found {found}");
        }
        Require(Bandwidth > 0 && double.IsFinite(Bandwidth), nameof(Bandwidth), "a positive finite number", Bandwidth);
        Require(Candidates.Count > 0 && Candidates.All(h => h > 0 && double.IsFinite(h)), nameof(Candidates),
            "a non-empty list of positive numbers", string.Join(", ", Candidates));
        Require(HoldoutFraction > 0 && HoldoutFraction < 1, nameof(HoldoutFraction), "a number in (0, 1)", HoldoutFraction);
        Require(BackgroundWeight >= 0 && BackgroundWeight <= 1, nameof(BackgroundWeight), "a number in [0, 1]", BackgroundWeight);
        Require(ChunkSize >= 1, nameof(ChunkSize), "at least 1", ChunkSize);
    }
}
