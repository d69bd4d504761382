using KdeGan.Core.Report;
using KdeGan.Core.Training;
using static TorchSharp.torch;

namespace KdeGan.Core.Analysis.Figures;

/// <summary>Parameters of Figures 21-24.</summary>
public sealed record Figure21Parameters
{
    /// <summary>Seeding test images, one row each.</summary>
    public int SeedImages { get; init; } = 6;
    /// <summary>Small, medium, large and overly large r (Figures 21, 22, 23, 24).</summary>
    public double[] Radii { get; init; } = [1, 3, 8, 20];
    /// <summary>Codes drawn per seeding image and radius.</summary>
    public int Samples { get; init; } = 8;
    /// <summary>"uniform" in the ball (the paper's B_r) or "sphere" (exactly at distance r).</summary>
    public string Sampling { get; init; } = "uniform";
    public ReversalParameters Reversal { get; init; } = new();
    public string TrainArtifact { get; init; } = "generators";
}

/// <summary>
/// Figures 21-24: around the reversed code z0 of each seeding image, codes from the ball B_r(z0)
/// for four radii. neighbourhood-&lt;k&gt;.png (k = 1..4, one per radius): each row is the seeding
/// image, its reconstruction G(z0), then the samples. samples.csv: radius, seed_image, sample,
/// code_distance, mse_to_centre (pixel mean squared difference from G(z0)).
/// </summary>
public sealed class Figure21Driver : IFigureDriver
{
    public string Artifact => "figure21";

    public void Run(FigureContext context, ITrainingProgress progress, CancellationToken cancel)
    {
        var p = context.Read<Figure21Parameters>();
        var mode = p.Sampling switch
        {
            "uniform" => Analysis.BallSampling.Uniform,
            "sphere" => Analysis.BallSampling.Sphere,
            _ => throw new ArgumentException($"analysis setting sampling: expected 'uniform' or 'sphere', found '{p.Sampling}'"),
        };
        using var train = FigureData.Train(context);
        using var test = FigureData.Test(context);
        using var generator = FigureGenerator.Trained(context, context.Methods[0], p.TrainArtifact, train, progress, cancel);
        using var rng = context.Rng(21);
        using var scope = NewDisposeScope();
        var images = test.Images.index_select(0, FigureData.Pick(test, p.SeedImages, rng));
        var codes = FigureData.Reverse(generator, images, p.Reversal, rng);
        var centres = generator.Decode(codes);
        var table = new ResultsTable("radius", "seed_image", "sample", "code_distance", "mse_to_centre");
        for (var k = 0; k < p.Radii.Length; k++)
        {
            var rows = new List<Tensor>();
            for (var i = 0; i < p.SeedImages; i++)
            {
                var samples = Neighbourhood.Sample(codes[i], p.Radii[k], p.Samples, context.Seed * 10_000L + k * 100L + i, mode);
                var decoded = generator.Decode(samples);
                var distances = (samples - codes[i]).norm(1).to_type(ScalarType.Float64).data<double>().ToArray();
                var mse = FigureData.PixelMse(decoded, centres.narrow(0, i, 1).expand_as(decoded));
                for (var j = 0; j < p.Samples; j++) table.Add(p.Radii[k], i, j, distances[j], mse[j]);
                rows.AddRange([images.narrow(0, i, 1), centres.narrow(0, i, 1), decoded]);
            }
            ImageGrid.Save(context.File($"neighbourhood-{k + 1}.png"), cat(rows, 0), p.Samples + 2);
        }
        table.Save(context.File("samples.csv"));
    }
}
