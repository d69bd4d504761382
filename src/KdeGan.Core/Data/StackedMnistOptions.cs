namespace KdeGan.Core.Data;

/// <summary>How the three digits of an MNIST1000 image are placed.</summary>
public enum StackLayout
{
    /// <summary>Side by side, 1 x 28 x 84: the paper's "concatenating 3 digits".</summary>
    SideBySide,
    /// <summary>As the R, G, B channels of one 3 x 28 x 28 image: the stacked-MNIST of the literature.</summary>
    Channels,
}

/// <summary>
/// How often each digit is drawn for a slot. The paper's "biased in a linear fashion (a 9 is 20
/// times more likely to be sampled than a 1)" has no positive linear solution over 0..9 that
/// also keeps p(9) = 20 p(1) with p(0) on the same line (the line through (1, 1) and (9, 20)
/// is negative at 0), so two readings are offered.
/// </summary>
public enum DigitBias
{
    /// <summary>Every digit equally likely.</summary>
    Uniform,
    /// <summary>
    /// The default reading: weights linear in d over 1..9 with w(1) = 1 and w(9) = 20, that is
    /// w(d) = (19 d - 11) / 8, and the 0 given the weight of the 1. A 9 is exactly 20 times as
    /// likely as a 1, as the paper says.
    /// </summary>
    LinearNineIs20xOne,
    /// <summary>
    /// Linear over 0..9 with w(0) = 1 and w(9) = 20, that is w(d) = 1 + 19 d / 9; here a 9 is 20
    /// times as likely as a 0 (and 6.4 times as likely as a 1).
    /// </summary>
    LinearNineIs20xZero,
}

/// <summary>Settings of the MNIST1000 dataset built from MNIST.</summary>
/// <param name="Layout">Side by side (default) or as RGB channels.</param>
/// <param name="Bias">Digit sampling bias; the paper biases towards high digits, so the default is <see cref="DigitBias.LinearNineIs20xOne"/>.</param>
/// <param name="Digits">Restrict every slot to these digits (the paper's mode-dropping phase uses 6, 7, 8, 9: 64 modes); all ten when null.</param>
/// <param name="Count">Images to build; as many as the MNIST split when null.</param>
/// <param name="Seed">Seed of the digit and image draws: the same seed gives the same dataset.</param>
public sealed record StackedMnistOptions(
    StackLayout Layout = StackLayout.SideBySide,
    DigitBias Bias = DigitBias.LinearNineIs20xOne,
    IReadOnlyList<int>? Digits = null,
    int? Count = null,
    int Seed = 0);
