using KdeGan.Core.Report;
using KdeGan.Core.Training;
using static TorchSharp.torch;

namespace KdeGan.Core.Analysis.Figures;

/// <summary>Parameters of Figures 8 and 20.</summary>
public sealed record Figure8Parameters
{
    /// <summary>Pairs of test images, one row each.</summary>
    public int Pairs { get; init; } = 6;
    /// <summary>Points on the path between (and including) the two codes.</summary>
    public int Points { get; init; } = 10;
    /// <summary>Spherical instead of the paper's linear interpolation.</summary>
    public bool Spherical { get; init; }
    public ReversalParameters Reversal { get; init; } = new();
    public string TrainArtifact { get; init; } = "generators";
}

/// <summary>
/// Figures 8 and 20: the reversed codes of two test images and the path between them; each row
/// of traversal.png is the first image, the decoded path, the second image. pairs.csv: pair,
/// index_a, index_b, label_a, label_b, code_distance, mse_a, mse_b (reconstruction errors).
/// </summary>
public sealed class Figure8Driver : IFigureDriver
{
    public string Artifact => "figure8";

    /// <summary>The images of one row: the decoded path from <paramref name="from"/> to <paramref name="to"/> (codes [d] or [1, d]).</summary>
    public static Tensor PathImages(FigureGenerator generator, Tensor from, Tensor to, int points, bool spherical)
    {
        using var scope = NewDisposeScope();
        var path = spherical ? Traversal.Spherical(from, to, points) : Traversal.Linear(from, to, points);
        return generator.Decode(path).MoveToOuterDisposeScope();
    }

    public void Run(FigureContext context, ITrainingProgress progress, CancellationToken cancel)
    {
        var p = context.Read<Figure8Parameters>();
        using var train = FigureData.Train(context);
        using var test = FigureData.Test(context);
        using var generator = FigureGenerator.Trained(context, context.Methods[0], p.TrainArtifact, train, progress, cancel);
        using var rng = context.Rng(8);
        using var scope = NewDisposeScope();
        var pick = FigureData.Pick(test, 2 * p.Pairs, rng);
        var images = test.Images.index_select(0, pick);
        var codes = FigureData.Reverse(generator, images, p.Reversal, rng);
        var mse = FigureData.PixelMse(images, generator.Decode(codes));
        var index = pick.data<long>().ToArray();
        var labels = test.Labels.index_select(0, pick).data<long>().ToArray();
        var rows = new List<Tensor>();
        var table = new ResultsTable("pair", "index_a", "index_b", "label_a", "label_b", "code_distance", "mse_a", "mse_b");
        for (var i = 0; i < p.Pairs; i++)
        {
            var (a, b) = (2 * i, 2 * i + 1);
            rows.Add(images.narrow(0, a, 1));
            rows.Add(PathImages(generator, codes[a], codes[b], p.Points, p.Spherical));
            rows.Add(images.narrow(0, b, 1));
            table.Add(i, index[a], index[b], labels[a], labels[b], (codes[a] - codes[b]).norm().item<float>(), mse[a], mse[b]);
        }
        ImageGrid.Save(context.File("traversal.png"), cat(rows, 0), p.Points + 2);
        table.Save(context.File("pairs.csv"));
    }
}
