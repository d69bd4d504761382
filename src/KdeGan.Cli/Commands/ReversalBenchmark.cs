using System.Diagnostics;
using KdeGan.Core.Latent;
using KdeGan.Core.Nets;
using KdeGan.Core.Runs;
using KdeGan.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace KdeGan.Cli.Commands;

/// <summary>Wall and CPU seconds of one timed block.</summary>
public readonly record struct Timed(double Wall, double Cpu)
{
    /// <summary>Runs <paramref name="body"/> and measures it.</summary>
    public static Timed Of(Action body)
    {
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        body();
        return new Timed(clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds);
    }

    public Timed Per(double n) => new(Wall / n, Cpu / n);
}

/// <summary>One row of the overhead table: an iteration with a fixed number of reversal steps.</summary>
public sealed record IterationTiming(int Steps, double SecondsPerIteration, double CpuSecondsPerIteration, double RatioToZero, double? PaperRatio);

/// <summary>One reversal option: seconds per reversal step against the floor (one forward plus a backward to z, weights frozen).</summary>
public sealed record StepTiming(string Option, long DataRows, long GeneratedRows, double SecondsPerStep, double CpuSecondsPerStep,
    double FloorSecondsPerStep, double FloorCpuSecondsPerStep, double RatioToFloor, double CpuRatioToFloor, double StepsPerIteration);

/// <summary>
/// The measurements of `kdegan bench reversal-overhead` at one width: KDE-GAN iterations with a
/// fixed number of reversal steps (the MMD is traced but never stops the reversal, so a step does
/// the work the MMD rule needs: data and generated batch), all built from the same init seed and
/// run on the same real batch; and the cost of one reversal step per option against the floor.
/// </summary>
public static class ReversalBenchmark
{
    static readonly Dictionary<int, double> PaperRatios = new() { [5] = 1.9, [20] = 4.9, [50] = 9.8 };

    static GanMethod Build(RunSettings settings, int steps)
    {
        var layout = DcganLayout.For(1, 28, 28, settings.Model.LatentDim, settings.Model.Width, settings.Model.BatchNorm);
        using var init = new Generator(1);
        var fixedSteps = settings with
        {
            Reversal = settings.Reversal with { MaxSteps = Math.Max(steps, 1), Bank = "current_batch" },
            Mmd = settings.Mmd with { Threshold = 1e300 },
        };
        return GanMethods.Create(steps == 0 ? "dcgan" : "kdegan", new GanContext(layout, fixedSteps, CPU, init));
    }

    /// <summary>Seconds per iteration (BeforeUpdates + Update) for each step count, after one untimed DCGAN iteration.</summary>
    public static List<IterationTiming> Iterations(RunSettings settings, Tensor real, IReadOnlyList<int> stepCounts, int iterations)
    {
        using var rng = new Generator(2);
        var results = new List<(int Steps, Timed Time)>();
        foreach (var steps in stepCounts)
        {
            using var gan = Build(settings, steps);
            gan.SetTraining(true);
            void Iterate(long i)
            {
                using var scope = NewDisposeScope();
                var step = new TrainingStep { Iteration = i, Epoch = 0, Real = real, Rng = rng };
                gan.BeforeUpdates(step);
                gan.Update(step);
            }
            if (steps == 0) Iterate(0);
            results.Add((steps, Timed.Of(() => { for (var i = 1; i <= iterations; i++) Iterate(i); }).Per(iterations)));
        }
        var zero = results.First(r => r.Steps == 0).Time.Wall;
        return results.Select(r => new IterationTiming(r.Steps, r.Time.Wall, r.Time.Cpu, r.Time.Wall / zero, PaperRatios.GetValueOrDefault(r.Steps) is var p && p > 0 ? p : null)).ToList();
    }

    /// <summary>
    /// Per-step cost of GeneratorReversal.Reverse for (data rows, generated rows) as the difference
    /// of a long and a short fixed-step reversal (so setup cancels), next to the floor for the same rows.
    /// </summary>
    public static StepTiming Step(RunSettings settings, Tensor real, string option, long dataRows, long generatedRows, int shortSteps, int longSteps, double iterationSeconds)
    {
        using var gan = Build(settings, 1);
        using var rng = new Generator(3);
        var generator = gan.Generator;
        var d = settings.Model.LatentDim;
        var data = real.narrow(0, 0, dataRows);
        using var noise = randn([Math.Max(generatedRows, 1), d], generator: rng);
        Tensor? generated = null;
        if (generatedRows > 0)
        {
            generator.eval();
            using (no_grad()) generated = generator.call(noise.narrow(0, 0, generatedRows));
        }
        Timed Reverse(int steps) => Timed.Of(() =>
        {
            var s = new ReversalSettings { MaxSteps = steps, MmdThreshold = generatedRows > 0 ? 1e300 : null };
            GeneratorReversal.Reverse(generator, data, d, s, rng, generated).Dispose();
        });
        Reverse(shortSteps);
        var a = Reverse(shortSteps);
        var b = Reverse(longSteps);
        var perStep = new Timed(b.Wall - a.Wall, b.Cpu - a.Cpu).Per(longSteps - shortSteps);
        var target = generated is null ? data : cat([data, generated], 0);
        var floor = Floor(generator, target, d, longSteps - shortSteps, rng);
        generated?.Dispose();
        return new StepTiming(option, dataRows, generatedRows, perStep.Wall, perStep.Cpu, floor.Wall, floor.Cpu, perStep.Wall / floor.Wall, perStep.Cpu / floor.Cpu,
            iterationSeconds > 0 ? perStep.Wall / iterationSeconds : 0);
    }

    /// <summary>The floor: one forward plus a backward to z of the loss, the weights not requiring gradients, generator in evaluation mode.</summary>
    static Timed Floor(nn.Module<Tensor, Tensor> generator, Tensor target, long d, int steps, Generator rng)
    {
        var flags = generator.parameters().Select(p => (p, p.requires_grad)).ToList();
        foreach (var (p, _) in flags) p.requires_grad = false;
        generator.eval();
        try
        {
            using var z = randn([target.shape[0], d], generator: rng).mul_(1e-4).requires_grad_(true);
            void One()
            {
                using var scope = NewDisposeScope();
                using var grad = enable_grad();
                var loss = (generator.call(z) - target).square().sum();
                autograd.grad([loss], [z])[0].sum().item<float>();
            }
            One();
            return Timed.Of(() => { for (var i = 0; i < steps; i++) One(); }).Per(steps);
        }
        finally
        {
            foreach (var (p, flag) in flags) p.requires_grad = flag;
        }
    }
}
