using System.Text.Json;
using KdeGan.Core.Latent;
using KdeGan.Core.Nets;
using KdeGan.Core.Report;
using KdeGan.Core.Runs;
using KdeGan.Core.Training;
using static TorchSharp.torch;

namespace KdeGan.Core.Analysis.Figures;

/// <summary>Parameters of the random-network reversal (Figures 1 and 2).</summary>
public sealed record RandomReversalParameters
{
    /// <summary>Images reversed (the error is their mean).</summary>
    public int Images { get; init; } = 100;
    /// <summary>The error curve runs from step 0 to this step.</summary>
    public int MaxSteps { get; init; } = 100;
    /// <summary>Reconstruction rows of the Figure 2 grid: after these step counts.</summary>
    public int[] GridSteps { get; init; } = [0, 5, 10, 20, 50, 100];
    /// <summary>Images per grid row (the first of the reversed images).</summary>
    public int Shown { get; init; } = 8;
    /// <summary>Random weights: "glorot" (TensorFlow's default) or "dcgan" (N(0, 0.02), where training starts).</summary>
    public string Init { get; init; } = "glorot";
    /// <summary>Only learning_rate and initial_std apply here; steps come from max_steps.</summary>
    public ReversalParameters Reversal { get; init; } = new();
}

/// <summary>
/// Figures 1 and 2: reversal through a DCGAN generator with random weights. Writes errors.csv
/// (step, mse_per_pixel = mean over images of |G(z)-x|^2 / pixels, loss_per_image) for steps
/// 0..max_steps, and reconstructions.png: the originals, then one row per grid step.
/// The same computation serves both artifacts; each keeps its own results folder.
/// </summary>
public sealed class RandomReversalDriver(string artifact) : IFigureDriver
{
    public string Artifact { get; } = artifact;

    public void Run(FigureContext context, ITrainingProgress progress, CancellationToken cancel)
    {
        var p = context.Read<RandomReversalParameters>();
        if (p.GridSteps.Any(s => s < 0 || s > p.MaxSteps) || p.Shown < 1 || p.Shown > p.Images)
            throw new SettingsException(context.Spec.Path, "analysis.grid_steps / shown",
                $"grid steps within 0..max_steps ({p.MaxSteps}) and 1 <= shown <= images ({p.Images}), found [{string.Join(", ", p.GridSteps)}] and {p.Shown}");
        using var data = FigureData.Test(context);
        using var rng = context.Rng(1);
        using var scope = NewDisposeScope();
        var images = data.Images.index_select(0, FigureData.Pick(data, p.Images, rng));
        var s = context.Settings.Model;
        using var generator = FigureGenerator.Random(DcganLayout.For(data.Channels, data.Height, data.Width, s.LatentDim, s.Width, s.BatchNorm), context.Seed,
            p.Init switch
            {
                "glorot" => true,
                "dcgan" => false,
                _ => throw new SettingsException(context.Spec.Path, "analysis.init", $"'glorot' or 'dcgan', found '{p.Init}'"),
            });
        var pixels = (double)(data.Channels * data.Height * data.Width);

        var losses = new List<double>();
        var rows = new List<Tensor> { images.narrow(0, 0, p.Shown) };
        var codes = GeneratorReversal.InitialCodes(p.Images, generator.LatentDim, p.Reversal.InitialStd, rng);
        var done = 0;
        foreach (var target in p.GridSteps.Append(p.MaxSteps).Distinct().Order())
        {
            cancel.ThrowIfCancellationRequested();
            if (target > done)
            {
                // Plain gradient descent has no state besides z: segments warm-started from the previous codes are one run.
                using var result = GeneratorReversal.Reverse(generator.Module, images, generator.LatentDim,
                    p.Reversal.ToSettings(target - done), rng, warmStart: codes);
                losses.AddRange(result.LossTrace);
                codes = result.Codes.clone();
                done = target;
            }
            if (p.GridSteps.Contains(target)) rows.Add(generator.Decode(codes.narrow(0, 0, p.Shown)));
            progress.Message($"{context.Dataset}: {done} reversal steps");
        }
        losses.Add(FigureData.PixelMse(images, generator.Decode(codes)).Average() * pixels);

        var table = new ResultsTable("step", "mse_per_pixel", "loss_per_image");
        for (var step = 0; step < losses.Count; step++) table.Add(step, losses[step] / pixels, losses[step]);
        table.Save(context.File("errors.csv"));
        ImageGrid.Save(context.File("reconstructions.png"), cat(rows, 0), p.Shown);
        AtomicFile.WriteAllText(context.File("reconstructions.json"), JsonSerializer.Serialize(
            new { rows = new[] { "data" }.Concat(p.GridSteps.Distinct().Order().Select(g => $"step {g}")).ToArray(), generator = generator.Description }, SettingsJson.Options));
    }
}
