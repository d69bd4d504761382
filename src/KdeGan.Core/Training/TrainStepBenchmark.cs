using System.Diagnostics;
using KdeGan.Core.Nets;
using KdeGan.Core.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Core.Training;

/// <summary>One timed configuration: seconds per training iteration (one D and one G update) and images per second.</summary>
public sealed record TrainStepTiming(string Shape, string WidthName, double Width, int BatchSize, int Iterations, double SecondsPerIteration, double ImagesPerSecond);

/// <summary>
/// Times a method's <see cref="GanMethod.Update"/> on random images of each dataset shape, after
/// warm-up iterations, with the current torch thread count. The images count as generated plus
/// real per iteration: the batch size.
/// </summary>
public static class TrainStepBenchmark
{
    /// <summary>The dataset shapes (C, H, W) of the paper: MNIST, MNIST1000 side by side and stacked, SVHN/CIFAR-10, CelebA.</summary>
    public static readonly IReadOnlyList<(string Name, int C, int H, int W)> Shapes =
        [("1x28x28", 1, 28, 28), ("1x28x84", 1, 28, 84), ("3x28x28", 3, 28, 28), ("3x32x32", 3, 32, 32), ("3x64x64", 3, 64, 64)];

    public static TrainStepTiming Measure((string Name, int C, int H, int W) shape, string widthName, RunSettings settings, string method, int warmup, int iterations)
    {
        var batch = settings.Training.BatchSize;
        var layout = DcganLayout.For(shape.C, shape.H, shape.W, settings.Model.LatentDim, settings.Model.Width, settings.Model.BatchNorm);
        using var initRng = new Generator(1);
        using var rng = new Generator(2);
        using var gan = GanMethods.Create(method, new GanContext(layout, settings, CPU, initRng));
        using var real = rand([batch, shape.C, shape.H, shape.W], generator: rng).mul_(2).sub_(1);
        var clock = new Stopwatch();
        for (var i = 0; i < warmup + iterations; i++)
        {
            if (i == warmup) clock.Start();
            using var scope = NewDisposeScope();
            var step = new TrainingStep { Iteration = i + 1, Epoch = 0, Real = real, Rng = rng };
            gan.BeforeUpdates(step);
            gan.Update(step);
        }
        var perIteration = clock.Elapsed.TotalSeconds / iterations;
        return new TrainStepTiming(shape.Name, widthName, settings.Model.Width, batch, iterations, perIteration, batch / perIteration);
    }
}
