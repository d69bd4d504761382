using KdeGan.Core.Training;
using static TorchSharp.torch;

namespace KdeGan.Core.Analysis.Figures;

/// <summary>Parameters of Figure 10.</summary>
public sealed record Figure10Parameters
{
    /// <summary>Training images whose reversed codes make up the KDE.</summary>
    public int TrainImages { get; init; } = 10000;
    /// <summary>Held-out test images scored.</summary>
    public int TestImages { get; init; } = 1000;
    public double[] Bandwidths { get; init; } = [0.1, 0.2, 0.5, 1, 2, 5, 10];
    public ReversalParameters Reversal { get; init; } = new();
    public string TrainArtifact { get; init; } = "generators";
}

/// <summary>
/// Figure 10 for each method of the experiment: loglik.csv (method, bandwidth,
/// mean_log_density, std_log_density) of reversed test codes under the KDE of reversed training
/// codes, and prior.csv (method, mean_log_density_standard_normal, code_rms) for reference.
/// </summary>
public sealed class Figure10Driver : IFigureDriver
{
    public string Artifact => "figure10";

    public void Run(FigureContext context, ITrainingProgress progress, CancellationToken cancel)
    {
        var p = context.Read<Figure10Parameters>();
        using var train = FigureData.Train(context);
        using var test = FigureData.Test(context);
        var curve = new ResultsTable("method", "bandwidth", "mean_log_density", "std_log_density");
        var prior = new ResultsTable("method", "mean_log_density_standard_normal", "code_rms");
        foreach (var method in context.Methods)
        {
            cancel.ThrowIfCancellationRequested();
            using var generator = FigureGenerator.Trained(context, method, p.TrainArtifact, train, progress, cancel);
            using var rng = context.Rng(10);
            using var scope = NewDisposeScope();
            progress.Message($"{context.Dataset}: reversing {p.TrainImages} training and {p.TestImages} test images through the {method} generator");
            var trainCodes = FigureData.Reverse(generator, train.Images.index_select(0, FigureData.Pick(train, p.TrainImages, rng)), p.Reversal, rng);
            var testCodes = FigureData.Reverse(generator, test.Images.index_select(0, FigureData.Pick(test, p.TestImages, rng)), p.Reversal, rng);
            foreach (var point in HoldoutLikelihood.Curve(trainCodes, testCodes, p.Bandwidths))
                curve.Add(method, point.Bandwidth, point.Mean, point.Std);
            prior.Add(method, HoldoutLikelihood.StandardNormal(testCodes), testCodes.square().mean().sqrt().item<float>());
        }
        curve.Save(context.File("loglik.csv"));
        prior.Save(context.File("prior.csv"));
    }
}
