namespace KdeGan.Core.Nets;

/// <summary>
/// The spatial plan of the paper's DCGAN (Appendix A) for one image shape. G projects z to a
/// start grid with 512 filters (4x4 for every square shape; 4x11 for the 28x84 MNIST1000 layout),
/// then each deconvolution (4x4 kernel, stride 2) doubles the grid, and a last stride-1 3x3
/// deconvolution maps to the image channels at full size (a stride-2 last layer would overshoot
/// 32x32 and 28x28). Odd sizes are exact without cropping: a doubling from s to 2s uses
/// padding 1, a doubling to 2s-1 (4 to 7, 11 to 21) uses padding 2 and output padding 1.
/// Images with a side of 64 or more (CelebA) get the extra 512-filter layer of the appendix,
/// in G between the first and the second layer and in D likewise after the first convolution.
/// </summary>
public sealed record DcganLayout
{
    /// <summary>Filter counts of the appendix at width 1.</summary>
    public static readonly int[] PaperFilters = [256, 128, 64];
    public const int PaperStartFilters = 512;

    public required int Channels { get; init; }
    public required int Height { get; init; }
    public required int Width { get; init; }
    public required int LatentDim { get; init; }
    /// <summary>Filters of the start grid that z is projected to.</summary>
    public required int StartFilters { get; init; }
    /// <summary>Filters of each stride-2 deconvolution in G, in order.</summary>
    public required int[] GeneratorFilters { get; init; }
    /// <summary>Filters of each stride-2 convolution in D, in order.</summary>
    public required int[] DiscriminatorFilters { get; init; }
    /// <summary>Grid sizes (height, width) from the start grid to the image, one more entry than GeneratorFilters.</summary>
    public required (int Height, int Width)[] Grid { get; init; }
    public required bool BatchNorm { get; init; }

    /// <summary>The layout for an image shape at a width multiplier (1 = the appendix's filter counts).</summary>
    public static DcganLayout For(int channels, int height, int width, int latentDim = 200, double widthMultiplier = 1.0, bool batchNorm = true)
    {
        if (channels < 1 || height < 8 || width < 8)
            throw new ArgumentException($"image shape {channels}x{height}x{width}: expected at least 1 channel and sides of at least 8");
        if (widthMultiplier <= 0) throw new ArgumentException($"width multiplier must be positive, found {widthMultiplier}");
        int[] paper = Math.Max(height, width) >= 64 && Math.Min(height, width) >= 64
            ? [512, .. PaperFilters]
            : PaperFilters;
        int Scale(int f) => Math.Max(1, (int)Math.Round(f * widthMultiplier));
        var gen = paper.Select(Scale).ToArray();
        // D mirrors G: the extra 512 layer (CelebA) sits after the first convolution.
        int[] disc = paper.Length == 4 ? [gen[1], gen[0], gen[2], gen[3]] : gen;
        var grid = new (int, int)[paper.Length + 1];
        grid[^1] = (height, width);
        for (var i = paper.Length - 1; i >= 0; i--)
            grid[i] = ((grid[i + 1].Item1 + 1) / 2, (grid[i + 1].Item2 + 1) / 2);
        return new DcganLayout
        {
            Channels = channels, Height = height, Width = width, LatentDim = latentDim,
            StartFilters = Scale(PaperStartFilters), GeneratorFilters = gen, DiscriminatorFilters = disc,
            Grid = grid, BatchNorm = batchNorm,
        };
    }

    /// <summary>Padding and output padding of a 4x4 stride-2 deconvolution from <paramref name="from"/> to <paramref name="to"/> (to is 2 from or 2 from - 1).</summary>
    public static (long Padding, long OutputPadding) Doubling(int from, int to) => to == 2 * from
        ? (1, 0)
        : to == 2 * from - 1 ? (2, 1) : throw new ArgumentException($"cannot grow {from} to {to} with one stride-2 deconvolution");

    /// <summary>Side length after a 4x4 stride-2 convolution with padding 1.</summary>
    public static int Halved(int side) => (side + 2 - 4) / 2 + 1;
}
