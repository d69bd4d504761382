using System.Text.Json;
using KdeGan.Core.Nets;
using KdeGan.Core.Runs;
using KdeGan.Core.Training;
using static TorchSharp.torch;

namespace KdeGan.Core.Analysis.Figures;

/// <summary>Parameters of Figure 3.</summary>
public sealed record Figure3Parameters
{
    /// <summary>Test images reversed and embedded (the paper's t-SNE shows 2,000).</summary>
    public int Images { get; init; } = 2000;
    public ReversalParameters Reversal { get; init; } = new();
    public double Perplexity { get; init; } = 30;
    public int TsneIterations { get; init; } = 1000;
    /// <summary>Neighbours of the leave-one-out kNN label accuracy.</summary>
    public int K { get; init; } = 5;
    /// <summary>Results folder name of the trained generators (shared by the latent figures).</summary>
    public string TrainArtifact { get; init; } = "generators";
}

/// <summary>
/// Figure 3: reversed codes of test images, for the trained generator and for an untrained one
/// of the same shape, embedded with t-SNE (tsne-trained.csv, tsne-untrained.csv: x, y, label),
/// and what the picture shows as numbers (knn.json): leave-one-out kNN label accuracy in code
/// space for both, in pixel space for reference, and both generators' reconstruction errors.
/// </summary>
public sealed class Figure3Driver : IFigureDriver
{
    public string Artifact => "figure3";

    public void Run(FigureContext context, ITrainingProgress progress, CancellationToken cancel)
    {
        var p = context.Read<Figure3Parameters>();
        var method = context.Methods[0];
        using var train = FigureData.Train(context);
        using var test = FigureData.Test(context);
        using var rng = context.Rng(3);
        using var scope = NewDisposeScope();
        var pick = FigureData.Pick(test, p.Images, rng);
        var images = test.Images.index_select(0, pick);
        var labels = test.Labels.index_select(0, pick);
        var s = context.Settings.Model;
        var layout = DcganLayout.For(test.Channels, test.Height, test.Width, s.LatentDim, s.Width, s.BatchNorm);
        var summary = new Dictionary<string, object>
        {
            ["images"] = p.Images, ["k"] = p.K, ["method"] = method, ["reversal_steps"] = p.Reversal.Steps,
            ["knn_accuracy_pixels"] = KnnAccuracy.LeaveOneOut(images.flatten(1), labels, p.K),
        };
        foreach (var (name, make) in new (string, Func<FigureGenerator>)[]
                 {
                     ("trained", () => FigureGenerator.Trained(context, method, p.TrainArtifact, train, progress, cancel)),
                     ("untrained", () => FigureGenerator.Random(layout, context.Seed)),
                 })
        {
            cancel.ThrowIfCancellationRequested();
            using var generator = make();
            progress.Message($"{context.Dataset}: reversing {p.Images} test images through the {name} generator");
            var codes = FigureData.Reverse(generator, images, p.Reversal, rng);
            summary[$"knn_accuracy_{name}"] = KnnAccuracy.LeaveOneOut(codes, labels, p.K);
            summary[$"mse_per_pixel_{name}"] = FigureData.PixelMse(images, generator.Decode(codes)).Average();
            summary[$"code_rms_{name}"] = codes.square().mean().sqrt().item<float>();
            progress.Message($"{context.Dataset}: t-SNE of the {name} codes");
            var embedding = Tsne.Embed(codes, new TsneOptions { Perplexity = p.Perplexity, Iterations = p.TsneIterations, Seed = context.Seed })
                .to_type(ScalarType.Float64);
            var xy = embedding.data<double>().ToArray();
            var y = labels.data<long>().ToArray();
            var table = new ResultsTable("x", "y", "label");
            for (var i = 0; i < y.Length; i++) table.Add(xy[2 * i], xy[2 * i + 1], y[i]);
            table.Save(context.File($"tsne-{name}.csv"));
        }
        AtomicFile.WriteAllText(context.File("knn.json"), JsonSerializer.Serialize(summary, SettingsJson.Options));
    }
}
